"""Queries per imported item do not grow with the feed: the same for 10 and 1,000."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.feedserver import rss, rss_item
from wagtail_borderplan.collect.collector import collect_source
from wagtail_borderplan.models import FeedSource


@pytest.fixture
def make_source(world, portals, taxonomy, feeds):
    def make(count: int, name: str) -> FeedSource:
        items = [
            rss_item(
                number,
                base=f"{feeds.base}/{name}",
                guid=f"{name}-{number}",
                categories=("Du lịch",),
            )
            for number in range(count)
        ]
        source = FeedSource.objects.create(
            name=name,
            feed_url=feeds.add(f"/{name}", rss(items)),
            index_page=portals["provincial"],
            plan=world["plan"],
            section=taxonomy["china"],
        )
        source.treaties.add(taxonomy["treaty"])
        return source

    return make


def queries(source: FeedSource) -> int:
    # A counter, not CaptureQueriesContext: Django keeps only the last 9,000 queries.
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        result = collect_source(source)
    assert not result.failed and not result.error
    return count


def test_queries_per_item_are_the_same_for_10_and_1000_items(make_source):
    ten, twenty, thousand = (
        queries(make_source(count, f"nguon-{count}")) for count in (10, 20, 1000)
    )
    per_item = (twenty - ten) / 10
    # Exactly linear: every item costs the same, whatever the size of the feed.
    assert thousand - ten == 990 * per_item
    print(f"queries: 10 items {ten}, 20 items {twenty}, 1000 items {thousand}; per item {per_item}")
    assert per_item <= 125


def test_a_second_run_costs_a_constant_number_of_queries(make_source):
    small, large = make_source(10, "nho"), make_source(300, "lon")
    queries(small), queries(large)
    assert queries(small) == queries(large)  # everything already imported: one lookup
