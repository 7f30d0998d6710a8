"""A moved entry's card keeps its delivery badge ("n/m").

The script moves the card's own element and patches only its time and status from the
move's JSON (``calendar.js``, ``update()``), so the badge stays; the move without script
redirects to the calendar, whose cards count their deliveries. These tests hold the
server's side: the records survive the move, and the card on its new day counts them.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import at, make_entry
from wagtail_borderplan.models import Delivery, Unit

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def relayed(world):
    """An entry on the relay that two stations carry, confirmed by one of them."""
    stations = [Unit.objects.create(name=f"Đài xã {n}", kind="commune_committee") for n in (1, 2)]
    world["radio"].carriers.set(stations)
    entry = make_entry(
        world["plan"],
        "Tiếp sóng",
        unit=world["ict"],
        channels=[world["radio"]],
        planned_at=at(2026, 5, 4, 9, 15),
    )
    Delivery.objects.create(
        entry=entry, channel=world["radio"], unit=stations[0], delivered_at=at(2026, 5, 4, 10)
    )
    return entry


def card_on(html: str, iso: str, entry) -> str:
    """The card of ``entry`` in the month grid's cell of the day ``iso``."""
    cell = re.search(rf'<td[^>]*data-date="{iso}".*?</td>', html, re.S)
    assert cell, iso
    found = re.search(rf'<li[^>]*data-entry-id="{entry.pk}".*?</li>', cell.group(0), re.S)
    assert found, f"no card of {entry} on {iso}"
    return found.group(0)


def calendar(client) -> str:
    return client.get(reverse("borderplan_calendar:index") + "?date=2026-05-01").content.decode()


def test_a_card_moved_by_the_script_keeps_its_badge(root_client, relayed):
    move = reverse("borderplan_calendar:move", args=[relayed.pk])
    assert ">1/2</span>" in card_on(calendar(root_client), "2026-05-04", relayed)
    response = root_client.post(move, {"date": "2026-05-13"}, **JSON)
    assert response.json()["ok"]
    assert Delivery.objects.filter(entry=relayed).count() == 1
    assert ">1/2</span>" in card_on(calendar(root_client), "2026-05-13", relayed)


def test_a_card_moved_without_script_keeps_its_badge(root_client, relayed):
    move = reverse("borderplan_calendar:move", args=[relayed.pk])
    response = root_client.post(move, {"date": "2026-05-13"}, follow=True)
    assert response.status_code == 200
    card = card_on(response.content.decode(), "2026-05-13", relayed)
    assert 'class="bp-entry__delivery"' in card and ">1/2</span>" in card
