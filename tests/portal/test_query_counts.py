"""Index pages, filters and feeds run a fixed number of queries, whatever the data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import make_article

HOST = {"HTTP_HOST": "tinh.localhost"}

URLS = [
    "/bien-gioi/",
    "/bien-gioi/?page=2",
    "/bien-gioi/section/viet-nam-trung-quoc/",
    "/bien-gioi/treaty/hiep-uoc-1999/",
    "/bien-gioi/topic/an-ninh-bien-gioi/",
    "/bien-gioi/section/viet-nam-trung-quoc/?treaty=hiep-uoc-1999&topic=an-ninh-bien-gioi",
    "/bien-gioi/rss/",
    "/bien-gioi/section/viet-nam-trung-quoc/atom/?topic=an-ninh-bien-gioi",
]


def add_articles(index, taxonomy, image, count):
    t = taxonomy
    for number in range(count):
        make_article(
            index,
            sections=[t["china"], t["laos"]] if number % 2 else [t["china"]],
            treaties=[t["treaty"]],
            topics=[t["security"], t["tourism"]],
            lead_image=image,
            with_revision=False,
        )


def count_queries(client, url):
    client.get(url, **HOST)  # warm caches (site root paths, renditions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **HOST)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_queries_do_not_grow_with_articles(client, index, taxonomy, settings):
    settings.WAGTAIL_BORDERPLAN = {"INDEX_PAGE_SIZE": 10, "FEED_ITEMS": 20}
    image = get_image_model().objects.create(title="Cột mốc", file=get_test_image_file())
    add_articles(index, taxonomy, image, 5)
    small = {url: count_queries(client, url) for url in URLS}
    add_articles(index, taxonomy, image, 195)
    large = {url: count_queries(client, url) for url in URLS}
    assert large == small
    # And the figures stay small: listing, tags, image renditions, filters, topics, and
    # with locales on, Wagtail's localised routing, the page's editions and its language.
    assert max(small.values()) <= 25, small


@pytest.mark.django_db
def test_article_page_queries_do_not_grow_with_tags(client, index, taxonomy):
    t = taxonomy
    few = make_article(index, sections=[t["china"]], treaties=[t["treaty"]])
    many = make_article(
        index,
        sections=[t["china"], t["laos"]],
        treaties=[t["treaty"], t["protocol"]],
        topics=[t["security"], t["tourism"]],
    )
    assert count_queries(client, few.url) == count_queries(client, many.url)
