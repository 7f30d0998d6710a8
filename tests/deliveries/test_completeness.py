"""Delivery completeness on calendar cards: confirmed out of expected, for every shown
card in two queries at most."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from tests.factories import at, make_entry
from wagtail_borderplan.calendar.cards import delivery_progress
from wagtail_borderplan.models import (
    CalendarEntry,
    Channel,
    Delivery,
    DeliveryStatus,
    EntryStatus,
    Unit,
)

URL = reverse("borderplan_calendar:index")
MAY = {"view": "month", "date": "2026-05-01"}


def deliver(entry, channel, unit, status=DeliveryStatus.DELIVERED):
    Delivery.objects.create(
        entry=entry, channel=channel, unit=unit, delivered_at=at(2026, 5, 4), status=status
    )


@pytest.fixture
def stations(world):
    made = [Unit.objects.create(name=f"Đài xã {c}", kind="commune_committee") for c in "ABC"]
    world["radio"].carriers.set(made)
    return made


def loaded(*entries):
    return (
        CalendarEntry.objects.filter(pk__in=[e.pk for e in entries])
        .for_cards()
        .with_channel_lists()
    )


def test_progress_counts_carriers_fallbacks_and_cancellations(world, stations):
    bulletin = Channel.objects.create(name="Bản tin", kind="bulletin", unit=world["division"])
    district = Channel.objects.create(name="Cổng huyện", kind="portal")
    a, b, _c = stations
    entry = make_entry(
        world["plan"],
        unit=world["ict"],
        planned_at=at(2026, 5, 4),
        channels=[world["radio"], bulletin, district, world["provincial"]],
    )
    deliver(entry, world["radio"], a)
    deliver(entry, world["radio"], b, DeliveryStatus.CANCELLED)  # no longer expected
    deliver(entry, district, world["ict"])  # the entry's unit stands in
    deliver(entry, bulletin, world["ict"])  # not the bulletin's unit: ignored
    only_ours = make_entry(world["plan"], planned_at=at(2026, 5, 4), channels=[world["provincial"]])
    cancelled = make_entry(
        world["plan"],
        planned_at=at(2026, 5, 4),
        editorial_status=EntryStatus.CANCELLED,
        channels=[world["radio"]],
    )
    # radio: A, C (B cancelled); bulletin: division; district portal: ICT.
    assert delivery_progress(loaded(entry, only_ours, cancelled)) == {entry.pk: (2, 4)}


def test_nothing_to_ask_when_no_card_has_a_confirmed_channel(world, django_assert_num_queries):
    entry = make_entry(world["plan"], planned_at=at(2026, 5, 4), channels=[world["provincial"]])
    entries = loaded(entry)
    with django_assert_num_queries(0):
        assert delivery_progress(entries) == {}


def test_the_card_shows_it_with_an_accessible_label(root_client, world, stations):
    entry = make_entry(
        world["plan"], unit=world["ict"], planned_at=at(2026, 5, 4), channels=[world["radio"]]
    )
    deliver(entry, world["radio"], stations[0])
    html = root_client.get(URL, MAY).content.decode()
    card = re.search(rf'data-entry-id="{entry.pk}".*?</li>', html, re.S).group(0)
    label = gettext("confirmed %(done)s/%(expected)s") % {"done": 1, "expected": 3}
    assert f'class="bp-entry__delivery" aria-label="{label}"' in card
    assert ">1/3</span>" in card
    for station in stations[1:]:
        deliver(entry, world["radio"], station)
    html = root_client.get(URL, {"view": "week", "date": "2026-05-04"}).content.decode()
    assert "bp-entry__delivery bp-entry__delivery--complete" in html


def add_entries(world, count, channel="radio"):
    """``count`` entries in May on ``channel``; on the radio, each confirmed by all
    three stations."""
    stations = list(world["radio"].carriers.all())
    start = at(2026, 5, 1, 7, 0)
    entries = CalendarEntry.objects.bulk_create(
        CalendarEntry(
            plan=world["plan"],
            title=f"Phát {n}",
            unit=world["ict"],
            planned_at=start + timedelta(minutes=20 * n),
        )
        for n in range(count)
    )
    if entries[0].pk is None:  # MariaDB gives no ids back
        newest = CalendarEntry.objects.filter(title__startswith="Phát ").order_by("-pk")
        entries = list(newest[:count])
    through = CalendarEntry.channels.through
    through.objects.bulk_create(
        through(calendarentry_id=e.pk, channel_id=world[channel].pk) for e in entries
    )
    if channel != "radio":
        return
    Delivery.objects.bulk_create(
        (
            Delivery(entry_id=e.pk, channel=world["radio"], unit=station, delivered_at=start)
            for e in entries
            for station in stations
        ),
        batch_size=2000,
    )


@pytest.mark.scale
@pytest.mark.parametrize("view", ["month", "week", "list"])
def test_two_queries_at_most_whatever_the_number_of_cards(client, world, stations, view):
    client.force_login(world["users"]["member"])
    params = {"view": view, "date": "2026-05-01"}

    def count() -> tuple[int, str]:
        client.get(URL, params)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    add_entries(world, 5, channel="provincial")
    without_deliveries, _html = count()
    add_entries(world, 5)
    small, html = count()
    assert small - without_deliveries <= 2
    assert "bp-entry__delivery" in html
    add_entries(world, 3330)
    assert Delivery.objects.count() >= 10_000
    assert count()[0] == small
