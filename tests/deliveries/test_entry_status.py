"""An entry is done when it went out on every channel (issue 12): a relay, a bulletin
or another organisation's portal by every carrying unit's record, a portal served here
by the article being live there (alias included). Missed means not done in time."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import at, make_article, make_entry
from tests.reports_data import NOW
from wagtail_borderplan.actions.base import ActionStateError
from wagtail_borderplan.actions.moves import MoveEntryAction
from wagtail_borderplan.actions.targets import SyncTargetsAction
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import (
    CalendarEntry,
    Channel,
    Delivery,
    DeliveryStatus,
    EntryStatus,
    Unit,
)
from wagtail_borderplan.reports import scope as report_scope
from wagtail_borderplan.reports.queries import ReportState, report_state, scoped_entries
from wagtail_borderplan.reports.scope import ReportScope

PAST_DAY = at(2026, 6, 20, 9, 0)  # over at NOW (1 July 2026, 10:00)
TODAY = at(2026, 7, 1, 15, 0)  # today, not over


@pytest.fixture(autouse=True)
def now(monkeypatch):
    monkeypatch.setattr(report_scope, "current_time", lambda: NOW)


@pytest.fixture
def stations(world):
    made = [Unit.objects.create(name=f"Đài xã {c}", kind="commune_committee") for c in "ABC"]
    world["radio"].carriers.set(made)
    return made


def record(entry, channel, unit, when, status=DeliveryStatus.DELIVERED):
    return Delivery.objects.create(
        entry=entry, channel=channel, unit=unit, delivered_at=when, status=status
    )


def status(entry) -> str:
    return CalendarEntry.objects.with_status().get(pk=entry.pk).current_status


def state(entry) -> str:
    plan = entry.plan
    scope = ReportScope(plan=plan, first=plan.period_start, last=plan.period_end, now=NOW)
    return (
        scoped_entries(scope).filter(pk=entry.pk).values_list(report_state(scope), flat=True).get()
    )


def relay_entry(world, planned_at=PAST_DAY, **fields):
    return make_entry(
        world["plan"],
        "Tiếp sóng",
        unit=world["ict"],
        planned_at=planned_at,
        channels=[world["radio"]],
        **fields,
    )


def test_a_relay_is_done_when_every_station_has_recorded_it(world, stations):
    a, b, c = stations
    entry = relay_entry(world, editorial_status="assigned")
    assert (status(entry), state(entry)) == (EntryStatus.ASSIGNED, ReportState.MISSED)

    record(entry, world["radio"], a, PAST_DAY)
    record(entry, world["radio"], b, PAST_DAY)
    # Two of three: not done, and its day is over.
    assert (status(entry), state(entry)) == (EntryStatus.ASSIGNED, ReportState.MISSED)

    # A station that recorded it will not carry it leaves nothing awaited.
    record(entry, world["radio"], c, PAST_DAY, status=DeliveryStatus.CANCELLED)
    assert (status(entry), state(entry)) == (EntryStatus.DELIVERED, ReportState.ON_TIME)
    assert CalendarEntry.objects.with_status().get(pk=entry.pk).get_status_display()


def test_a_relay_delivered_after_its_day_is_late(world, stations):
    entry = relay_entry(world)
    for station in stations[:2]:
        record(entry, world["radio"], station, PAST_DAY)
    # 00:00 local the next day is after the day.
    record(entry, world["radio"], stations[2], at(2026, 6, 21, 0, 0))
    assert (status(entry), state(entry)) == (EntryStatus.DELIVERED, ReportState.LATE)


def test_a_relay_under_way_today_is_in_progress_not_missed(world, stations):
    entry = relay_entry(world, planned_at=TODAY)
    assert state(entry) == ReportState.NOT_STARTED
    record(entry, world["radio"], stations[0], TODAY)
    assert state(entry) == ReportState.IN_PROGRESS


def test_a_proposal_of_the_collector_is_not_a_delivery(world):
    press = Channel.objects.create(name="TTXVN", kind="press", unit=world["division"])
    entry = make_entry(world["plan"], unit=world["ict"], planned_at=PAST_DAY, channels=[press])
    record(entry, press, world["division"], PAST_DAY, status=DeliveryStatus.PROPOSED)
    assert state(entry) == ReportState.MISSED
    Delivery.objects.update(status=DeliveryStatus.DELIVERED)
    assert state(entry) == ReportState.ON_TIME


def test_a_live_article_waits_for_its_relays(world, portals, stations):
    """The bug of the issue: the relay's delivery was read from the portal article."""
    article = make_article(portals["provincial"], published_at=PAST_DAY)
    entry = make_entry(
        world["plan"],
        unit=world["ict"],
        planned_at=PAST_DAY,
        page=article,
        published_at=PAST_DAY,
        channels=[world["provincial"], world["radio"]],
    )
    assert (status(entry), state(entry)) == (EntryStatus.PUBLISHED, ReportState.MISSED)
    for station in stations:
        record(entry, world["radio"], station, PAST_DAY)
    assert (status(entry), state(entry)) == (EntryStatus.PUBLISHED, ReportState.ON_TIME)


def test_a_live_article_today_with_relays_to_come_is_in_progress(world, portals, stations):
    article = make_article(portals["provincial"], published_at=TODAY)
    entry = make_entry(
        world["plan"],
        planned_at=TODAY,
        page=article,
        published_at=TODAY,
        channels=[world["provincial"], world["radio"]],
    )
    assert state(entry) == ReportState.IN_PROGRESS


def test_each_portal_served_here_needs_the_article_live_there(world, portals):
    """Live on the provincial portal, but its alias on the department's is missing."""
    article = make_article(portals["provincial"], published_at=PAST_DAY)
    entry = make_entry(
        world["plan"],
        planned_at=PAST_DAY,
        page=article,
        published_at=PAST_DAY,
        channels=[world["provincial"], world["department"]],
    )
    assert state(entry) == ReportState.MISSED
    SyncTargetsAction(entry, world["users"]["superuser"]).execute()
    assert Page.objects.filter(alias_of=article, live=True).exists()
    assert state(entry) == ReportState.ON_TIME


def test_a_delivered_entry_cannot_be_moved(world, stations):
    entry = relay_entry(world)
    for station in stations:
        record(entry, world["radio"], station, PAST_DAY)
    loaded = CalendarEntry.objects.with_status().get(pk=entry.pk)
    with pytest.raises(ActionStateError):
        MoveEntryAction(loaded, world["users"]["superuser"], day=TODAY.date()).execute()


def test_a_former_carriers_record_counts_nowhere(world, stations):
    """Two stations refused; a third, no longer a carrier, had aired it: nothing of the
    channel's carriers was delivered, so the entry is not done."""
    a, b, c = stations
    entry = relay_entry(world, editorial_status="assigned")
    record(entry, world["radio"], a, PAST_DAY, status=DeliveryStatus.CANCELLED)
    record(entry, world["radio"], b, PAST_DAY, status=DeliveryStatus.CANCELLED)
    record(entry, world["radio"], c, at(2026, 6, 25, 9, 0))  # late, had it counted
    world["radio"].carriers.remove(c)
    assert (status(entry), state(entry)) == (EntryStatus.ASSIGNED, ReportState.MISSED)
    # Once a carrier delivers on its day, the former carrier's late record is no reason
    # to call it late.
    Delivery.objects.filter(unit=b).update(status=DeliveryStatus.DELIVERED)
    assert (status(entry), state(entry)) == (EntryStatus.DELIVERED, ReportState.ON_TIME)


@pytest.mark.parametrize("view", ["month", "week", "list"])
def test_the_calendar_shows_and_filters_delivered_entries(client, world, stations, view):
    """The cards learn ``delivered`` from their own progress; the filter asks the
    database the whole rule. Both agree with ``with_status()``."""
    done = relay_entry(world, editorial_status="ready")
    waiting = make_entry(
        world["plan"], "Còn chờ", unit=world["ict"], planned_at=PAST_DAY, channels=[world["radio"]]
    )
    for station in stations:
        record(done, world["radio"], station, PAST_DAY)
    record(waiting, world["radio"], stations[0], PAST_DAY)
    assert (status(done), status(waiting)) == (EntryStatus.DELIVERED, EntryStatus.IDEA)
    client.force_login(world["users"]["superuser"])
    url = reverse("borderplan_calendar:index")
    params = {"view": view, "date": "2026-06-20"}
    html = client.get(url, params).content.decode()
    assert "bp-entry bp-entry--delivered" in html
    assert html.count("bp-entry--delivered") == 1
    filtered = client.get(url, {**params, "status": EntryStatus.DELIVERED}).content.decode()
    assert "Tiếp sóng" in filtered and "Còn chờ" not in filtered
    others = client.get(url, {**params, "status": EntryStatus.IDEA}).content.decode()
    assert "Còn chờ" in others and "Tiếp sóng" not in others
