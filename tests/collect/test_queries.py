"""Queries per imported item do not grow with the feed: the same for 10 and 1,000."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.feedserver import rss, rss_item
from wagtail_borderplan.collect import collector
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


REAL_IMPORT_ITEM = collector._import_item


class Counter:
    """Every query, in total and inside each item's import (Django's own query log
    keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.total = 0
        self.per_item: list[int] = []
        self.current: int | None = None  # counting an item's import when not None

    def __call__(self, execute, sql, params, many, context):
        self.total += 1
        if self.current is not None:
            self.current += 1
        return execute(sql, params, many, context)


def queries(source: FeedSource, monkeypatch) -> Counter:
    counter = Counter()
    real = REAL_IMPORT_ITEM

    def counted(*args, **kwargs):
        counter.current = 0
        try:
            return real(*args, **kwargs)
        finally:
            counter.per_item.append(counter.current)
            counter.current = None

    monkeypatch.setattr(collector, "_import_item", counted)
    with connection.execute_wrapper(counter):
        result = collect_source(source)
    assert not result.failed and not result.error
    assert len(result.imported) == len(counter.per_item)
    return counter


@pytest.mark.scale
def test_queries_per_item_are_the_same_for_10_and_1000_items(make_source, monkeypatch):
    # The first child of an empty index costs less (the tree has no last child to find),
    # and Django's caches fill on first use: one item first, then the measures.
    queries(make_source(1, "khoi-dong"), monkeypatch)
    ten = queries(make_source(10, "nguon-10"), monkeypatch)
    thousand = queries(make_source(1000, "nguon-1000"), monkeypatch)
    assert len(thousand.per_item) == 1000
    # Every item of both feeds costs the same, and so does what the feed shares.
    assert set(ten.per_item) == set(thousand.per_item) == {ten.per_item[0]}
    overhead = (ten.total - sum(ten.per_item), thousand.total - sum(thousand.per_item))
    assert overhead[0] == overhead[1]
    print(f"queries per item {ten.per_item[0]}, per feed {overhead[0]}")
    assert ten.per_item[0] <= 130


@pytest.mark.scale
def test_a_second_run_costs_a_constant_number_of_queries(make_source, monkeypatch):
    small, large = make_source(10, "nho"), make_source(300, "lon")
    queries(small, monkeypatch), queries(large, monkeypatch)
    assert queries(small, monkeypatch).total == queries(large, monkeypatch).total
