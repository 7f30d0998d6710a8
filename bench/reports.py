"""The coverage report for 10,000 entries, each on 3 relay channels carried by the same
50 stations (1.5 million expected deliveries, the past ones mostly confirmed), against
the bare aggregates that compute the same numbers: the entries' report states counted
per content line, and the deliveries counted by channel kind.

Run: ``DATABASE_URL=... .venv/bin/python bench/reports.py [--entries N] [--stations S]
[--repeat R]``. Prints a table and, on the last line, a JSON object. Goal: the coverage
report ≤ 3× the bare aggregates, and the same number of queries with 100 entries (and
their deliveries) and with N.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from _setup import analyze, count_queries, in_fresh_database, measure_together, print_timings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count
from django.test import Client
from wagtail.models import Page, Revision, Site

from wagtail_borderplan.models import (
    BorderArticlePage,
    CalendarEntry,
    Channel,
    ContentLine,
    Delivery,
    Plan,
    Section,
    Treaty,
    Unit,
)
from wagtail_borderplan.reports import scope as report_scope
from wagtail_borderplan.reports.deliveries import delivery_counts
from wagtail_borderplan.reports.queries import report_state, scoped_entries
from wagtail_borderplan.reports.scope import ReportScope

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 7, 1, 10, 0, tzinfo=HANOI)
STATES = ["idea", "assigned", "drafting", "in_review", "ready", "cancelled"]


RELAYS = ("district_radio", "commune_radio", "press")


def build(stations: int):
    plan = Plan.objects.create(
        title="Kế hoạch",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        status="active",
    )
    sections = [Section.objects.create(name=f"Tuyến {n}", neighbour_country="X") for n in range(3)]
    treaties = [
        Treaty.objects.create(name=f"Điều ước {n}", full_title="Điều ước") for n in range(6)
    ]
    lines = []
    for n in range(12):
        line = ContentLine.objects.create(
            plan=plan, section=sections[n % 3], text=f"Nội dung {n}", target=20
        )
        line.treaties.add(treaties[n % 6])
        lines.append(line)
    units = [Unit.objects.create(name=f"Đơn vị {n}", kind="division") for n in range(6)]
    carriers = Unit.objects.bulk_create(
        Unit(name=f"Đài {n}", kind="commune_committee") for n in range(stations)
    )
    carriers = list(Unit.objects.filter(kind="commune_committee"))
    root = Page.get_first_root_node()
    index = root.add_child(instance=Page(title="Cổng tỉnh", slug="cong-tinh"))
    site = Site.objects.create(hostname="bench.localhost", root_page=index)
    # The portal served here, for the entries with an article; the relays for all.
    portal = Channel.objects.create(name="Cổng tỉnh", kind="portal", site=site, index_page=index)
    channels = []
    for kind in RELAYS:
        relay = Channel.objects.create(name=kind, kind=kind)
        relay.carriers.set(carriers)
        channels.append(relay)
    live, scheduled = [], []
    for n in range(40):
        article = index.add_child(
            instance=BorderArticlePage(title=f"Bài {n}", slug=f"bai-{n}", live=n < 30)
        )
        article.treaties.add(treaties[n % 6])
        article.save()
        revision = article.save_revision()
        if n < 30:
            revision.publish()
            live.append(article)
        else:
            Revision.objects.filter(pk=revision.pk).update(
                approved_go_live_at=NOW + timedelta(days=n - 35)
            )
            Page.objects.filter(pk=article.pk).update(live=False)
            scheduled.append(article)
    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "pw")
    ContentType.objects.clear_cache()
    return plan, lines, units, (portal, channels, carriers), live, scheduled, user


def add_entries(plan, lines, units, channels, live, scheduled, count: int, offset: int) -> None:
    """``count`` entries over the year, each on the relays (and the portal when it has an
    article), with the past ones' deliveries: most on time, some late, some refused,
    some never confirmed."""
    portal, relays, carriers = channels

    def page(n):
        if n % 3 == 0:
            return live[n % len(live)]
        if n % 7 == 0:
            return scheduled[n % len(scheduled)]
        return None

    entries = CalendarEntry.objects.bulk_create(
        CalendarEntry(
            plan=plan,
            title=f"Mục {offset + n}",
            content_line=lines[n % len(lines)],
            unit=units[n % len(units)],
            planned_at=datetime(2026, 1 + n % 12, 1 + n % 28, 8, 0, tzinfo=HANOI),
            editorial_status=STATES[n % len(STATES)],
            page=page(n),
            published_at=datetime(2026, 1 + n % 12, 1 + n % 28, 9, 0, tzinfo=HANOI)
            if n % 3 == 0
            else None,
        )
        for n in range(offset, offset + count)
    )
    ids = [e.pk for e in entries] or list(
        CalendarEntry.objects.order_by("-pk").values_list("pk", flat=True)[:count]
    )
    through = CalendarEntry.channels.through
    links = [through(calendarentry_id=pk, channel_id=relay.pk) for pk in ids for relay in relays]
    links += [
        through(calendarentry_id=entry.pk, channel_id=portal.pk) for entry in entries if entry.page
    ]
    through.objects.bulk_create(links, batch_size=5000)
    past = [
        (pk, entry.planned_at)
        for pk, entry in zip(ids, entries, strict=True)
        if entry.planned_at < NOW
    ]
    Delivery.objects.bulk_create(
        (
            Delivery(
                entry_id=pk,
                channel_id=relay.pk,
                unit_id=station.pk,
                status="cancelled" if turn % 23 == 0 else "delivered",
                delivered_at=planned_at + timedelta(days=2 if turn % 11 == 0 else 0, hours=3),
            )
            for pk, planned_at in past
            for relay in relays
            for number, station in enumerate(carriers)
            # About one in seven never confirmed.
            if (turn := pk * 7 + relay.pk * 3 + number) % 7
        ),
        batch_size=5000,
    )


def bare_aggregate(plan):
    """What the coverage report's numbers cost at least: its GROUP BY queries, the
    entries' states per content line and the deliveries by channel kind."""
    scope = ReportScope(plan=plan, first=plan.period_start, last=plan.period_end, now=NOW)
    states = list(
        scoped_entries(scope)
        .values("content_line_id", state=report_state(scope))
        .annotate(number=Count("pk"))
        .values_list("content_line_id", "state", "number")
    )
    return states, delivery_counts(scope, "channel__kind")


def run(count: int, stations: int, repeat: int) -> dict:
    report_scope.current_time = lambda: NOW
    plan, lines, units, channels, live, scheduled, user = build(stations)
    client = Client()
    client.force_login(user)

    def request(**params):
        def call():
            response = client.get("/admin/borderplan/reports/coverage/", params)
            assert response.status_code == 200
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)

        return call

    add_entries(plan, lines, units, channels, live, scheduled, 100, 0)
    analyze()
    queries_small = {
        "view": count_queries(request()),
        "csv": count_queries(request(export="csv")),
        "xlsx": count_queries(request(export="xlsx")),
    }
    add_entries(plan, lines, units, channels, live, scheduled, count - 100, 100)
    analyze()
    timed = measure_together(
        {
            "view": request(),
            "csv": request(export="csv"),
            "xlsx": request(export="xlsx"),
            "floor": lambda: bare_aggregate(plan),
        },
        repeat,
    )
    view, csv_export, xlsx_export, floor = (timed[k] for k in ("view", "csv", "xlsx", "floor"))
    return {
        "benchmark": "reports",
        "database": connection.vendor,
        "entries": CalendarEntry.objects.count(),
        "stations": stations,
        "expected_deliveries": CalendarEntry.channels.through.objects.exclude(
            channel=channels[0]
        ).count()
        * stations,
        "recorded_deliveries": Delivery.objects.count(),
        "repeat": repeat,
        "coverage_view": view,
        "coverage_csv": csv_export,
        "coverage_xlsx": xlsx_export,
        "bare_aggregate": floor,
        "ratio_view_aggregate": round(view["median_ms"] / floor["median_ms"], 3),
        "ratio_csv_aggregate": round(csv_export["median_ms"] / floor["median_ms"], 3),
        "queries_at_100": queries_small,
        "queries_constant": queries_small
        == {"view": view["queries"], "csv": csv_export["queries"], "xlsx": xlsx_export["queries"]},
        "goal_ratio": 3.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--stations", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    report = in_fresh_database(run, args.entries, args.stations, args.repeat)
    print_timings(report, ("coverage_view", "coverage_csv", "coverage_xlsx", "bare_aggregate"))
    print(f"ratio coverage view / bare aggregate: {report['ratio_view_aggregate']} (goal ≤ 3)")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
