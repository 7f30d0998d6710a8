"""The delivery reports: the state of every expected (entry, channel, carrying unit), the
numbers by channel and by carrying unit for a hand-made picture, their exports, their
query counts and who may see them."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import pgettext

from tests.access import assert_denied
from tests.factories import at, make_article, make_entry
from tests.reports_data import NOW
from wagtail_borderplan.actions.targets import SyncTargetsAction
from wagtail_borderplan.models import (
    CalendarEntry,
    Channel,
    Delivery,
    DeliveryState,
    DeliveryStatus,
    EntryStatus,
    Unit,
)
from wagtail_borderplan.reports import deliveries
from wagtail_borderplan.reports import scope as report_scope
from wagtail_borderplan.reports.scope import ReportScope

BY_CHANNEL = reverse("borderplan_reports:channel_deliveries")
BY_UNIT = reverse("borderplan_reports:carrier_deliveries")
# Its table of deliveries by channel kind.
COVERAGE = reverse("borderplan_reports:coverage")
REPORTS = ["channel_deliveries", "carrier_deliveries"]
# expected, on time, late, missed, waiting, cancelled, completeness
COUNTS = ("expected", "on_time", "late", "missed", "planned", "cancelled", "completeness")


@pytest.fixture(autouse=True)
def now(monkeypatch):
    """1 July 2026, 10:00 in Hà Nội."""
    monkeypatch.setattr(report_scope, "current_time", lambda: NOW)


def deliver(entry, channel, unit, when, status=DeliveryStatus.DELIVERED):
    return Delivery.objects.create(
        entry=entry, channel=channel, unit=unit, delivered_at=when, status=status
    )


@pytest.fixture
def picture(world):
    """Three commune stations carrying the radio; a bulletin managed by the division; a
    district's portal (not served here) with no unit, confirmed by the entry's unit.

    ``radio_day``: planned 30/06 (over), ICT, on the radio, the bulletin and the provincial
    portal (served here: no confirmation). Station A on time at 23:59 local, B late at
    00:00 the next day, C never (missed); the bulletin cancelled.
    ``today``: planned 01/07 15:00 (today), division, on the radio and the district
    portal. A delivered at 09:00; B, C and the district portal wait.
    ``cancelled``: a cancelled entry due 20/06 on the radio (A's row does not count).
    ``due_only``: no planned time, due 29/06, on the bulletin: missed.
    ``autumn``: planned 01/09, out of a June–July period.
    """
    stations = [Unit.objects.create(name=f"Đài xã {c}", kind="commune_committee") for c in "ABC"]
    radio = world["radio"]
    radio.carriers.set(stations)
    bulletin = Channel.objects.create(name="Bản tin", kind="bulletin", unit=world["division"])
    district = Channel.objects.create(name="Cổng huyện", kind="portal")
    plan, ict, division = world["plan"], world["ict"], world["division"]
    a, b, _c = stations
    entries = {
        "radio_day": make_entry(
            plan,
            "Hôm qua",
            unit=ict,
            planned_at=at(2026, 6, 30, 8, 30),
            channels=[radio, bulletin, world["provincial"]],
        ),
        "today": make_entry(
            plan,
            "Hôm nay",
            unit=division,
            planned_at=at(2026, 7, 1, 15, 0),
            channels=[radio, district],
        ),
        "cancelled": make_entry(
            plan,
            "Huỷ",
            unit=ict,
            due_date=date(2026, 6, 20),
            editorial_status=EntryStatus.CANCELLED,
            channels=[radio],
        ),
        "due_only": make_entry(
            plan, "Hạn", unit=ict, due_date=date(2026, 6, 29), channels=[bulletin]
        ),
        "autumn": make_entry(
            plan, "Mùa thu", unit=ict, planned_at=at(2026, 9, 1), channels=[radio]
        ),
    }
    e = entries
    deliver(e["radio_day"], radio, a, at(2026, 6, 30, 23, 59) + timedelta(seconds=59))
    deliver(e["radio_day"], radio, b, at(2026, 7, 1, 0, 0))
    deliver(e["radio_day"], bulletin, division, at(2026, 6, 30, 9), DeliveryStatus.CANCELLED)
    deliver(e["today"], radio, a, at(2026, 7, 1, 9, 0))
    deliver(e["cancelled"], radio, a, at(2026, 6, 20, 9, 0))
    deliver(e["autumn"], radio, a, at(2026, 6, 20, 9, 0))
    return {
        **entries,
        "stations": stations,
        "radio": radio,
        "bulletin": bulletin,
        "district": district,
    }


def scope_of(world, **fields) -> ReportScope:
    return ReportScope(plan=world["plan"], first=date(2026, 6, 1), last=date(2026, 7, 31), **fields)


def states(scope) -> dict[tuple[str, str, int], str]:
    return {
        (row.calendarentry.title, row.channel.name, row.carrier): row.state
        for row in deliveries.expected_triples(scope).select_related("calendarentry", "channel")
    }


def test_each_expected_delivery_has_one_state(world, picture):
    a, b, c = (s.pk for s in picture["stations"])
    division = world["division"].pk
    assert states(scope_of(world)) == {
        ("Hôm qua", "Truyền thanh xã", a): DeliveryState.ON_TIME,
        ("Hôm qua", "Truyền thanh xã", b): DeliveryState.LATE,
        ("Hôm qua", "Truyền thanh xã", c): DeliveryState.MISSED,
        ("Hôm qua", "Bản tin", division): DeliveryState.CANCELLED,
        ("Hôm nay", "Truyền thanh xã", a): DeliveryState.ON_TIME,
        ("Hôm nay", "Truyền thanh xã", b): DeliveryState.PLANNED,
        ("Hôm nay", "Truyền thanh xã", c): DeliveryState.PLANNED,
        # No carriers and no managing unit: the entry's own unit confirms.
        ("Hôm nay", "Cổng huyện", division): DeliveryState.PLANNED,
        ("Huỷ", "Truyền thanh xã", a): DeliveryState.CANCELLED,
        ("Huỷ", "Truyền thanh xã", b): DeliveryState.CANCELLED,
        ("Huỷ", "Truyền thanh xã", c): DeliveryState.CANCELLED,
        ("Hạn", "Bản tin", division): DeliveryState.MISSED,
    }


def test_states_agree_with_the_models_rule(world, picture):
    """The SQL and ``Delivery.state`` read the same day boundaries."""
    found = states(scope_of(world))
    for delivery in Delivery.objects.select_related("entry", "channel").exclude(
        entry__title__in=["Huỷ", "Mùa thu"]
    ):
        key = (delivery.entry.title, delivery.channel.name, delivery.unit_id)
        assert found[key] == delivery.state


@pytest.mark.parametrize(
    "delivered_at,state",
    [
        (at(2026, 6, 10, 0, 0), DeliveryState.ON_TIME),  # before the day: on time
        (at(2026, 6, 15, 23, 59), DeliveryState.ON_TIME),
        (at(2026, 6, 16, 0, 0), DeliveryState.LATE),  # 17:00 UTC on the 15th
        (at(2026, 6, 20, 12, 0), DeliveryState.LATE),
    ],
)
def test_the_day_ends_at_local_midnight(world, delivered_at, state):
    # Planned at 06:30 local on the 15th: 23:30 UTC on the 14th.
    entry = make_entry(
        world["plan"],
        unit=world["ict"],
        planned_at=at(2026, 6, 15, 6, 30),
        channels=[world["radio"]],
    )
    deliver(entry, world["radio"], world["ict"], delivered_at)
    assert set(states(scope_of(world)).values()) == {state}


@pytest.mark.parametrize(
    "planned_at,state",
    [
        (at(2026, 6, 30, 23, 59), DeliveryState.MISSED),  # yesterday, local
        (at(2026, 7, 1, 0, 0), DeliveryState.PLANNED),  # today (17:00 UTC yesterday)
        (at(2026, 7, 1, 6, 59), DeliveryState.PLANNED),
        (None, DeliveryState.PLANNED),  # due today
    ],
)
def test_missed_once_the_local_day_is_over(world, planned_at, state):
    make_entry(
        world["plan"],
        unit=world["ict"],
        planned_at=planned_at,
        due_date=date(2026, 7, 1),
        channels=[world["radio"]],
    )
    assert set(states(scope_of(world)).values()) == {state}


def test_no_expected_delivery_without_a_carrying_unit_or_on_our_portals(world):
    make_entry(world["plan"], planned_at=at(2026, 6, 2), channels=[world["radio"]])
    make_entry(
        world["plan"],
        unit=world["ict"],
        planned_at=at(2026, 6, 2),
        channels=[world["provincial"], world["department"]],
    )
    assert states(scope_of(world)) == {}


def numbers(rows, name) -> tuple:
    row = next(row for row in rows if row.name == name)
    return tuple(getattr(row, count) for count in COUNTS)


def test_numbers_by_channel(world, picture):
    rows = deliveries.channel_rows(scope_of(world), total_label="Tổng")
    # By kind, then name (the portals' order is the database's collation).
    assert [row.name for row in rows[:2]] == ["Bản tin", "Truyền thanh xã"]
    assert {row.name for row in rows[2:5]} == {"Cổng huyện", "Cổng tỉnh", "Cổng Sở"}
    assert rows[-1].name == "Tổng"
    assert numbers(rows, "Truyền thanh xã") == (6, 2, 1, 1, 2, 3, 50)
    assert numbers(rows, "Bản tin") == (1, 0, 0, 1, 0, 1, 0)
    assert numbers(rows, "Cổng huyện") == (1, 0, 0, 0, 1, 0, 0)
    # Served here: delivered by publishing; "Hôm qua" has no article, its day is over.
    assert numbers(rows, "Cổng tỉnh") == (1, 0, 0, 1, 0, 0, 0)
    assert numbers(rows, "Cổng Sở") == (0, 0, 0, 0, 0, 0, None)
    assert numbers(rows, "Tổng") == (9, 2, 1, 3, 3, 4, 33)


def test_numbers_by_channel_kind(world, picture):
    rows = deliveries.kind_rows(scope_of(world), total_label="Tổng")
    assert [row.kind for row in rows] == ["portal", "bulletin", "commune_radio", ""]
    portal, bulletin, radio, total = (tuple(getattr(r, c) for c in COUNTS) for r in rows)
    assert portal == (2, 0, 0, 1, 1, 0, 0)
    assert bulletin == (1, 0, 0, 1, 0, 1, 0)
    assert radio == (6, 2, 1, 1, 2, 3, 50)
    assert total == (9, 2, 1, 3, 3, 4, 33)


def test_portals_served_here_deliver_by_publishing_alias_included(world, portals):
    article = make_article(portals["provincial"], published_at=at(2026, 6, 10, 8, 0))
    entry = make_entry(
        world["plan"],
        "Hai cổng",
        planned_at=at(2026, 6, 9, 8, 0),
        page=article,
        published_at=at(2026, 6, 10, 8, 0),
        channels=[world["provincial"], world["department"]],
    )
    rows = deliveries.channel_rows(scope_of(world), total_label="T")
    # Live the day after its planned day on the provincial portal; no alias on the
    # department's yet.
    assert numbers(rows, "Cổng tỉnh") == (1, 0, 1, 0, 0, 0, 100)
    assert numbers(rows, "Cổng Sở") == (1, 0, 0, 1, 0, 0, 0)
    SyncTargetsAction(entry, world["users"]["superuser"]).execute()
    rows = deliveries.channel_rows(scope_of(world), total_label="T")
    assert numbers(rows, "Cổng Sở") == (1, 0, 1, 0, 0, 0, 100)


def test_a_portal_is_late_against_the_planned_day_only(world, portals):
    """As the entries' own report: an article with a due date but no planned day is on
    time whenever it went live."""
    article = make_article(portals["provincial"], published_at=at(2026, 6, 10, 8, 0))
    make_entry(
        world["plan"],
        "Hạn",
        due_date=date(2026, 6, 5),
        page=article,
        published_at=at(2026, 6, 10, 8, 0),
        channels=[world["provincial"]],
    )
    rows = deliveries.channel_rows(scope_of(world), total_label="T")
    assert numbers(rows, "Cổng tỉnh") == (1, 1, 0, 0, 0, 0, 100)


def test_numbers_by_carrying_unit(world, picture):
    rows = deliveries.unit_rows(scope_of(world), total_label="Tổng")
    assert [row.name for row in rows] == [
        "Phòng TT-BC-XB",
        "Đài xã A",
        "Đài xã B",
        "Đài xã C",
        "Tổng",
    ]
    assert numbers(rows, "Đài xã A") == (2, 2, 0, 0, 0, 1, 100)
    assert numbers(rows, "Đài xã B") == (2, 0, 1, 0, 1, 1, 50)
    assert numbers(rows, "Đài xã C") == (2, 0, 0, 1, 1, 1, 0)
    assert numbers(rows, "Phòng TT-BC-XB") == (2, 0, 0, 1, 1, 1, 0)
    assert numbers(rows, "Tổng") == (8, 2, 1, 2, 3, 4, 37)


def test_filters_narrow_the_numbers(world, picture):
    # The entry's unit, as in the other reports.
    rows = deliveries.channel_rows(scope_of(world, unit=world["division"]), total_label="T")
    assert numbers(rows, "T") == (4, 1, 0, 0, 3, 0, 25)
    # A channel: only what went out there.
    rows = deliveries.unit_rows(scope_of(world, channel=picture["bulletin"]), total_label="T")
    assert [row.name for row in rows] == ["Phòng TT-BC-XB", "T"]
    # The period: the autumn entry alone.
    autumn = ReportScope(plan=world["plan"], first=date(2026, 9, 1), last=date(2026, 9, 30))
    rows = deliveries.unit_rows(autumn, total_label="T")
    assert numbers(rows, "T") == (3, 1, 0, 0, 2, 0, 33)


def test_the_views_and_exports_show_the_numbers(root_client, world, picture):
    params = {"plan": world["plan"].pk, "period_from": "2026-06-01", "period_to": "2026-07-31"}
    response = root_client.get(BY_CHANNEL, params)
    assert response.status_code == 200
    radio = next(row for row in response.context["object_list"] if row.name == "Truyền thanh xã")
    assert (radio.expected, radio.completeness) == (6, 50)
    rows = csv_rows(root_client.get(BY_UNIT, {**params, "export": "csv"}))
    assert rows[0][0] == pgettext("report column", "Carrying unit")
    assert rows[-1][1:] == ["8", "2", "1", "2", "3", "4", "37"]
    assert root_client.get(BY_UNIT, {**params, "export": "xlsx"}).status_code == 200
    assert root_client.get(BY_UNIT, {**params, "print": "1"}).status_code == 200


def test_bad_filters_do_not_fail(root_client, world, picture):
    for params in (
        {"plan": "x", "period_from": "2026-99-01"},
        {"channel": "999999", "unit": "-1", "period_to": "9" * 300},
    ):
        assert root_client.get(BY_CHANNEL, params).status_code == 200
        assert root_client.get(BY_UNIT, params).status_code == 200


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def bulk(world, count: int) -> None:
    """``count`` confirmed deliveries: an entry a day on the radio, three stations each."""
    stations = list(world["radio"].carriers.all())
    entries = CalendarEntry.objects.bulk_create(
        CalendarEntry(
            plan=world["plan"],
            title=f"Tin {n}",
            unit=world["ict"],
            planned_at=at(2026, 6, 1) + timedelta(minutes=20 * n),
        )
        for n in range(count // 3 + 1)
    )
    if entries[0].pk is None:  # MariaDB gives no ids back
        entries = list(CalendarEntry.objects.filter(title__startswith="Tin "))
    through = CalendarEntry.channels.through
    through.objects.bulk_create(
        through(calendarentry_id=e.pk, channel_id=world["radio"].pk) for e in entries
    )
    Delivery.objects.bulk_create(
        Delivery(
            entry_id=entries[n // 3].pk,
            channel=world["radio"],
            unit=stations[n % 3],
            delivered_at=at(2026, 6, 30),
        )
        for n in range(count)
    )


@pytest.mark.scale
@pytest.mark.parametrize("url", [BY_CHANNEL, BY_UNIT, COVERAGE])
def test_query_counts_do_not_grow_with_deliveries(root_client, world, picture, url):
    params = {"plan": world["plan"].pk}

    def count() -> tuple[int, int]:
        root_client.get(url, params)
        with CaptureQueriesContext(connection) as page:
            assert root_client.get(url, params).status_code == 200
        with CaptureQueriesContext(connection) as export:
            b"".join(root_client.get(url, {**params, "export": "csv"}).streaming_content)
        return len(page), len(export)

    bulk(world, 10)
    small = count()
    bulk(world, 9990)
    assert Delivery.objects.count() >= 10_000
    assert count() == small


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize(
    "role",
    ["anonymous", "admin_only", "department_editor", "viewer", "other_member", "superuser"],
)
def test_who_sees_the_reports(client, world, editors, report, role):
    user = editors["department"] if role == "department_editor" else world["users"][role]
    if user is not None:
        client.force_login(user)
    for suffix, params in [
        ("", {}),
        ("", {"export": "csv"}),
        ("", {"print": "1"}),
        ("_results", {}),
    ]:
        response = client.get(reverse(f"borderplan_reports:{report}{suffix}"), params)
        if role in ("viewer", "other_member", "superuser"):
            assert response.status_code == 200, (suffix, params)
        else:
            assert_denied(response, role)


@pytest.mark.parametrize("role,shown", [("admin_only", False), ("viewer", True)])
def test_menu_items(client, world, role, shown):
    client.force_login(world["users"][role])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for report in REPORTS:
        assert (reverse(f"borderplan_reports:{report}") in html) is shown
