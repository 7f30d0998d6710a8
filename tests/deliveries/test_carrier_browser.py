"""A station confirms from its phone, in Chromium: the form posts as a browser posts it
(with the page's Origin, which the page's referrer policy decides), and the page reads
on a 390-pixel screen."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import make_entry
from wagtail_borderplan.models import CarrierLink, Delivery, DeliveryStatus, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_station_confirms_an_item_from_its_phone(phone, world):
    station = Unit.objects.create(name="Đài truyền thanh xã A", kind="commune_committee")
    world["radio"].carriers.add(station)
    _link, token = CarrierLink.create_for(station, "Điện thoại đài")
    entry = make_entry(
        world["plan"],
        "Tiếp sóng chương trình biên giới",
        channels=[world["radio"]],
        planned_at=timezone.now() - timedelta(hours=1),
    )
    phone.goto(reverse("wagtail_borderplan_carry", args=[token]))
    item = phone.locator(f"#item-{entry.pk}-{world['radio'].pk}")
    expect(item).to_contain_text(entry.title)
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390
    item.get_by_label("Thời lượng (phút)").fill("12")
    item.get_by_role("button").last.click()
    expect(phone.locator("#carrier-success")).to_be_visible()
    delivery = Delivery.objects.get()
    assert (delivery.unit, delivery.status, delivery.duration_minutes) == (
        station,
        DeliveryStatus.DELIVERED,
        12,
    )
    assert phone.errors == []
