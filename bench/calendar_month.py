"""The calendar's month view with 2,000 entries in the month, against the floor: a bare
fetch of the same rows as dicts (what any view must at least do).

Run: ``DATABASE_URL=... .venv/bin/python bench/calendar_month.py [--entries N] [--repeat R]``.
Prints a table and, on the last line, a JSON object. Goal: month view ≤ 4× the floor,
and the same number of queries with 5 and with N entries.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from _setup import count_queries, in_fresh_database, measure_together, print_timings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from taggit.models import Tag

from wagtail_borderplan.models import (
    CalendarEntry,
    Channel,
    ContentLine,
    Plan,
    Section,
    Unit,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MONTH = {"view": "month", "date": "2026-05-01"}


def build(count: int):
    plan = Plan.objects.create(
        title="Kế hoạch", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
    )
    sections = [Section.objects.create(name=f"Tuyến {n}", neighbour_country="X") for n in range(3)]
    lines = [ContentLine.objects.create(plan=plan, section=s, text="Nội dung") for s in sections]
    Tag.objects.create(name="Chủ đề", slug="chu-de")
    units = [Unit.objects.create(name=f"Đơn vị {n}", kind="division") for n in range(6)]
    channels = [Channel.objects.create(name=f"Kênh {n}", kind="bulletin") for n in range(3)]
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "pw")
    return plan, lines, units, channels, user


def add_entries(plan, lines, units, channels, count: int, offset: int) -> None:
    start = datetime(2026, 5, 1, 7, 0, tzinfo=HANOI)
    minutes = 31 * 24 * 60 // max(count, 1)
    entries = CalendarEntry.objects.bulk_create(
        CalendarEntry(
            plan=plan,
            title=f"Mục lịch số {offset + n}",
            planned_at=start + timedelta(minutes=minutes * n),
            content_line=lines[n % 3],
            unit=units[n % 6],
            due_date=date(2026, 5, 1) + timedelta(days=n % 28),
        )
        for n in range(count)
    )
    ids = [e.pk for e in entries] or list(
        CalendarEntry.objects.order_by("-pk").values_list("pk", flat=True)[:count]
    )
    through = CalendarEntry.channels.through
    through.objects.bulk_create(
        through(calendarentry_id=pk, channel_id=channels[i % 3].pk) for i, pk in enumerate(ids)
    )


def floor_query():
    """The same rows and columns the month view shows, as dicts, without any view."""
    start = datetime(2026, 4, 27, tzinfo=HANOI)
    end = datetime(2026, 6, 1, tzinfo=HANOI)
    rows = list(
        CalendarEntry.objects.filter(planned_at__gte=start, planned_at__lt=end)
        .order_by("planned_at", "pk")
        .values(
            "pk",
            "title",
            "planned_at",
            "due_date",
            "editorial_status",
            "unit__name",
            "content_line__section__colour",
        )
    )
    return rows


def run(count: int, repeat: int) -> dict:
    plan, lines, units, channels, user = build(count)
    client = Client()
    client.force_login(user)

    def month():
        response = client.get("/admin/borderplan/calendar/", MONTH)
        assert response.status_code == 200

    add_entries(plan, lines, units, channels, 5, 0)
    queries_small = count_queries(month)
    add_entries(plan, lines, units, channels, count - 5, 5)
    timed = measure_together({"view": month, "floor": floor_query}, repeat)
    view, floor = timed["view"], timed["floor"]
    return {
        "benchmark": "calendar",
        "database": connection.vendor,
        "entries_in_month": CalendarEntry.objects.count(),
        "repeat": repeat,
        "month_view": view,
        "floor_values_fetch": floor,
        "ratio_view_floor": round(view["median_ms"] / floor["median_ms"], 3),
        "queries_at_5": queries_small,
        "queries_constant": view["queries"] == queries_small,
        "goal_ratio": 4.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    report = in_fresh_database(run, args.entries, args.repeat)
    print_timings(report, ("month_view", "floor_values_fetch"))
    print(f"ratio month view / floor: {report['ratio_view_floor']} (goal ≤ 4)")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
