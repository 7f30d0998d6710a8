"""Deleting a unit or a channel in the admin keeps the delivery records (and bulletin
issues) that name it, and says why, from the single delete view and the bulk delete,
opened or confirmed; an unused one still deletes."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import at, make_entry
from wagtail_borderplan.models import (
    BulletinIssue,
    CarrierLink,
    Channel,
    Delivery,
    DeliveryReminder,
    Unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(world):
    """A commune station carrying the radio channel, which recorded two deliveries."""
    unit = Unit.objects.create(name="Đài xã Thanh Sơn", kind="commune_committee")
    world["radio"].carriers.set([unit])
    for day in (4, 5):
        entry = make_entry(
            world["plan"], f"Tiếp sóng {day}", channels=[world["radio"]], unit=world["ict"]
        )
        Delivery.objects.create(
            entry=entry, channel=world["radio"], unit=unit, delivered_at=at(2026, 5, day)
        )
    CarrierLink.create_for(unit, "Điện thoại của trạm")
    return unit


@pytest.fixture
def idle(world):
    """A unit with a confirmation link and a reminder, but no delivery record."""
    unit = Unit.objects.create(name="Đài xã Liên Sơn", kind="commune_committee")
    CarrierLink.create_for(unit, "Điện thoại")
    entry = make_entry(world["plan"], "Chưa phát", channels=[world["radio"]])
    DeliveryReminder.objects.create(entry=entry, unit=unit, day=date(2026, 5, 4))
    return unit


def delete_url(instance) -> str:
    name = type(instance)._meta.model_name
    return reverse(f"wagtailsnippets_wagtail_borderplan_{name}:delete", args=[instance.pk])


def edit_url(instance) -> str:
    name = type(instance)._meta.model_name
    return reverse(f"wagtailsnippets_wagtail_borderplan_{name}:edit", args=[instance.pk])


def list_url(model) -> str:
    return reverse(f"wagtailsnippets_wagtail_borderplan_{model._meta.model_name}:list")


def bulk_url(*instances, **params) -> str:
    name = type(instances[0])._meta.model_name
    url = reverse("wagtail_bulk_action", args=["wagtail_borderplan", name, "delete"])
    return url + "?" + urlencode([("id", i.pk) for i in instances] + list(params.items()))


def errors(response) -> list[str]:
    messages = get_messages(response.wsgi_request)
    return [m.message.strip() for m in messages if m.level_tag == "error"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_single_delete_of_a_unit_with_records_is_refused_kindly(root_client, station, method):
    response = getattr(root_client, method)(delete_url(station))
    assert response.status_code == 302
    assert response.url == edit_url(station)
    (message,) = errors(response)
    assert message.startswith("Không thể xóa “Đài xã Thanh Sơn”: 2 bản ghi thực hiện ghi nhận")
    assert "minh chứng cho công việc đã làm" in message
    assert Unit.objects.filter(pk=station.pk).exists()
    assert Delivery.objects.filter(unit=station).count() == 2
    assert CarrierLink.objects.filter(unit=station).count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_bulk_delete_keeps_every_unit_when_one_has_records(root_client, station, idle, method):
    back = list_url(Unit) + "?kind=commune_committee"
    response = getattr(root_client, method)(bulk_url(station, idle, next=back))
    assert response.status_code == 302
    assert response.url == back
    (message,) = errors(response)
    assert "“Đài xã Thanh Sơn”" in message and "Liên Sơn" not in message
    assert message.endswith("Chưa xóa mục nào: hãy bỏ chọn các mục này để xóa các mục còn lại.")
    assert Unit.objects.filter(pk__in=[station.pk, idle.pk]).count() == 2
    assert Delivery.objects.count() == 2


def test_bulk_delete_without_a_next_address_goes_back_to_the_listing(root_client, station):
    response = root_client.post(bulk_url(station))
    assert response.status_code == 302
    assert response.url == list_url(Unit)


def counting_queries(queries, *tables: str) -> list[str]:
    """The queries reading ``tables`` (quoted with " or `, by vendor)."""
    pattern = re.compile(rf"FROM [`\"]({'|'.join(tables)})[`\"]")
    return [q["sql"] for q in queries if pattern.search(q["sql"])]


def test_the_check_costs_one_query_per_kind_of_record(root_client, world, station):
    units = [Unit.objects.create(name=f"Đài xã {n}", kind="commune_committee") for n in range(8)]
    entry = make_entry(world["plan"], "Tiếp sóng", channels=[world["radio"]])
    for unit in units[:4]:
        Delivery.objects.create(
            entry=entry, channel=world["radio"], unit=unit, delivered_at=at(2026, 5, 4)
        )
    with CaptureQueriesContext(connection) as queries:
        root_client.get(bulk_url(station, *units))
    assert len(counting_queries(queries, "wagtail_borderplan_delivery")) == 1
    channels = [world["radio"], world["provincial"], world["department"]]
    with CaptureQueriesContext(connection) as queries:
        root_client.get(bulk_url(*channels))
    tables = ("wagtail_borderplan_delivery", "wagtail_borderplan_bulletinissue")
    assert len(counting_queries(queries, *tables)) == 2


def test_a_unit_without_records_still_deletes_with_its_links(root_client, idle):
    response = root_client.post(delete_url(idle))
    assert response.status_code == 302
    assert response.url == list_url(Unit)
    assert not errors(response)
    assert not Unit.objects.filter(pk=idle.pk).exists()
    # Its links and reminders went with it: nothing was confirmed through them.
    assert not CarrierLink.objects.filter(unit_id=idle.pk).exists()
    assert not DeliveryReminder.objects.filter(unit_id=idle.pk).exists()


def test_bulk_delete_of_units_without_records_deletes_them(root_client, world, idle):
    other = Unit.objects.create(name="Đài xã Yên Sơn", kind="commune_committee")
    response = root_client.post(bulk_url(idle, other))
    assert response.status_code == 302
    assert not errors(response)
    assert not Unit.objects.filter(pk__in=[idle.pk, other.pk]).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_channel_with_records_and_issues_is_kept(root_client, world, station, method):
    BulletinIssue.objects.create(channel=world["radio"], number="1/2026", issue_date=date.today())
    response = getattr(root_client, method)(delete_url(world["radio"]))
    assert response.status_code == 302
    assert response.url == edit_url(world["radio"])
    (message,) = errors(response)
    assert "2 bản ghi thực hiện và 1 số bản tin ghi nhận" in message
    assert "hãy bỏ chọn “Đang dùng”" in message
    assert Channel.objects.filter(pk=world["radio"].pk).exists()


def test_bulk_delete_of_a_channel_with_records_is_refused(root_client, world, station):
    response = root_client.post(bulk_url(world["radio"], world["department"]))
    assert response.status_code == 302
    (message,) = errors(response)
    assert "“Truyền thanh xã”" in message
    assert Channel.objects.filter(pk__in=[world["radio"].pk, world["department"].pk]).count() == 2


def test_many_kept_units_are_named_up_to_five(root_client, world):
    units = [Unit.objects.create(name=f"Đài xã {n}", kind="commune_committee") for n in range(7)]
    entry = make_entry(world["plan"], "Tiếp sóng", channels=[world["radio"]])
    for unit in units:
        Delivery.objects.create(
            entry=entry, channel=world["radio"], unit=unit, delivered_at=at(2026, 5, 4)
        )
    (message,) = errors(root_client.post(bulk_url(*units)))
    assert message.count("Không thể xóa") == 5
    assert "Và 2 mục khác." in message
    assert Unit.objects.count() >= 7


def test_the_name_in_the_message_is_escaped(root_client, world, station):
    station.name = "<b>Đài</b>"
    station.save()
    (message,) = errors(root_client.get(delete_url(station)))
    assert "“&lt;b&gt;Đài&lt;/b&gt;”" in message and "<b>" not in message


def test_other_snippets_delete_as_before(root_client, world):
    channel = Channel.objects.create(name="Báo Biên phòng", kind="press")
    response = root_client.post(delete_url(channel))
    assert response.status_code == 302
    assert not Channel.objects.filter(pk=channel.pk).exists()


def test_deleting_in_python_raises_protected_error(world, station):
    with pytest.raises(ProtectedError):
        station.delete()
    with pytest.raises(ProtectedError):
        world["radio"].delete()
    assert Delivery.objects.filter(unit=station).count() == 2
