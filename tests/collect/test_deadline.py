"""A deadline on the whole request: a server that answers one byte at a time (each read
well within the socket timeout) is cut at ``COLLECT_TIMEOUT``, for feeds and images,
and the other sources are still collected."""

from __future__ import annotations

import time

import pytest
from django.utils import translation

from tests.feedserver import png_bytes, rss, rss_item
from wagtail_borderplan.collect.collector import collect_all, collect_source
from wagtail_borderplan.collect.fetch import FetchError, fetch
from wagtail_borderplan.collect.images import download_image
from wagtail_borderplan.models import BorderArticlePage, CollectedItem, FeedSource

TIMEOUT = 1
# Connecting, the timer and the test server's thread: well under the old behaviour
# (a minute or more here) but generous on a loaded machine.
BOUND = TIMEOUT * 3


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def timeout(settings):
    settings.WAGTAIL_BORDERPLAN = {**settings.WAGTAIL_BORDERPLAN, "COLLECT_TIMEOUT": TIMEOUT}


def timed(function, *args, **kwargs):
    started = time.monotonic()
    try:
        return function(*args, **kwargs), time.monotonic() - started
    except FetchError as error:
        return error, time.monotonic() - started


def slow_feed(feeds, base) -> bytes:
    return rss([rss_item(n, base=base) for n in range(1, 4)]).encode()


@pytest.mark.parametrize(
    "route",
    [
        # Status line, headers and body: one byte each 0.1 s (about a minute in all).
        {"trickle": 0.1},
        # Headers at once, then the body in 1 KB pieces 0.3 s apart: each 64 KiB read
        # of the old code waited for 64 of them.
        {"drip": 0.3},
    ],
    ids=["one-byte-at-a-time", "body-dripping"],
)
def test_a_trickling_feed_is_cut_at_the_deadline(feeds, timeout, route):
    body = slow_feed(feeds, feeds.base) if "trickle" in route else b"<rss>" + b" " * 200_000
    url = feeds.add("/slow", body, content_type="application/rss+xml", **route)
    error, elapsed = timed(fetch, url, max_bytes=10_000_000)
    assert isinstance(error, FetchError)
    assert str(error) == f"{url} did not answer within {TIMEOUT} seconds."
    assert elapsed < BOUND


def test_the_deadline_covers_redirects_too(feeds, timeout):
    # Each hop is quick, the last one trickles: the whole chain shares one deadline.
    url = feeds.add("/slow", slow_feed(feeds, feeds.base), trickle=0.1)
    start = feeds.add("/hop", status=302, headers={"Location": url}, delay=TIMEOUT * 0.4)
    error, elapsed = timed(fetch, start, max_bytes=10_000_000)
    assert str(error) == f"{start} did not answer within {TIMEOUT} seconds."
    assert elapsed < BOUND


def test_a_quick_answer_is_untouched_by_the_deadline(feeds, timeout):
    url = feeds.add("/rss", slow_feed(feeds, feeds.base))
    fetched, _elapsed = timed(fetch, url, max_bytes=10_000_000)
    assert fetched.status == 200 and fetched.content.startswith(b"<?xml")
    # The timer is cancelled: nothing shuts the next request down later.
    time.sleep(TIMEOUT + 0.2)
    assert fetch(url, max_bytes=10_000_000).content == fetched.content


def test_a_trickling_image_is_cut_at_the_deadline(feeds, timeout):
    url = feeds.add("/images/slow.png", png_bytes(), content_type="image/png", trickle=0.1)
    error, elapsed = timed(download_image, url)
    assert str(error) == f"{url} did not answer within {TIMEOUT} seconds."
    assert elapsed < BOUND


def test_an_item_keeps_its_text_without_the_trickling_image(source, feeds, timeout):
    slow = feeds.add("/images/slow.png", png_bytes(), content_type="image/png", trickle=0.1)
    body = f'<p>Chữ.</p><img src="{slow}" alt="chậm">'
    feeds.add("/rss", rss([rss_item(1, base=feeds.base, body=body)]))
    started = time.monotonic()
    result = collect_source(source)
    assert time.monotonic() - started < BOUND + 2  # the item's own work on top
    assert (len(result.imported), result.error) == (1, "")
    assert f"{slow} did not answer within {TIMEOUT} seconds." in result.imported[0].warnings


@pytest.fixture
def source(world, portals, feeds):
    return FeedSource.objects.create(
        name="Báo Biên phòng",
        feed_url=feeds.url("/rss"),
        index_page=portals["provincial"],
        plan=world["plan"],
    )


def test_a_trickling_source_does_not_hold_the_others(source, world, portals, feeds, timeout):
    slow = FeedSource.objects.create(
        name="Báo chậm",
        feed_url=feeds.add("/slow", slow_feed(feeds, feeds.base), trickle=0.1),
        index_page=portals["provincial"],
        plan=world["plan"],
    )
    feeds.add("/rss", rss([rss_item(7, base=feeds.base)]))
    started = time.monotonic()
    results = {r.source.pk: r for r in collect_all(FeedSource.objects.order_by("name"))}
    assert time.monotonic() - started < BOUND + 2
    assert results[slow.pk].error == f"{slow.feed_url} did not answer within {TIMEOUT} seconds."
    slow.refresh_from_db()
    assert slow.last_error == results[slow.pk].error
    assert len(results[source.pk].imported) == 1
    assert CollectedItem.objects.get().source == source
    assert BorderArticlePage.objects.get().title == "Tin biên giới số 7"
