"""Query counts of every report view and export do not grow with the entries: the
numbers are aggregated by the database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_article
from tests.reports_data import NOW, bulk_entries
from wagtail_borderplan.models import CalendarEntry
from wagtail_borderplan.reports import scope as report_scope

REQUESTS = [
    (report, params)
    for report in ("coverage", "units", "treaties", "treaty_articles", "published")
    for params in ({}, {"export": "csv"}, {"export": "xlsx"}, {"print": "1"})
] + [
    # Every filter at once.
    ("coverage", {"period_from": "2026-03-01", "period_to": "2026-09-30", "filters": "all"}),
]


def count_queries(client, report, params, world, taxonomy) -> int:
    if params.get("filters") == "all":
        params = {
            **{k: v for k, v in params.items() if k != "filters"},
            "section": taxonomy["china"].slug,
            "treaty": taxonomy["treaty"].slug,
            "unit": world["ict"].pk,
            "channel": world["provincial"].pk,
        }
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"borderplan_reports:{report}"), params)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_entries(client, world, taxonomy, portals, monkeypatch):
    monkeypatch.setattr(report_scope, "current_time", lambda: NOW)
    world["china"].treaties.add(taxonomy["protocol"])
    index = portals["provincial"]
    live = [make_article(index, treaties=[taxonomy["treaty"]]) for _ in range(3)]
    drafts = [make_article(index, live=False) for _ in range(2)]
    lines = [world["china"], world["laos"]]
    units = [world["ict"], world["division"]]
    channels = [world["provincial"], world["department"], world["radio"]]
    args = (world["plan"], lines, units, channels)
    bulk_entries(*args, 100, live_pages=live, draft_pages=drafts)
    client.force_login(world["users"]["viewer"])
    small = {
        (r, tuple(p.items())): count_queries(client, r, p, world, taxonomy) for r, p in REQUESTS
    }
    bulk_entries(*args, 9_900, live_pages=live, draft_pages=drafts)
    assert CalendarEntry.objects.count() == 10_000
    large = {
        (r, tuple(p.items())): count_queries(client, r, p, world, taxonomy) for r, p in REQUESTS
    }
    print("\nqueries (100 / 10,000 entries):")
    for key, number in small.items():
        print(f"  {key[0]:10} {dict(key[1])!s:60} {number} / {large[key]}")
    assert large == small
    # A handful of queries each: session and user, permissions, the filters' choices,
    # the plan, the rows and one aggregate per table.
    assert max(small.values()) <= 30
