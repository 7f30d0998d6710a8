"""The public index page: listing, filters by route and query string, bad input."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext as _

from tests.factories import make_article

HOST = {"HTTP_HOST": "tinh.localhost"}
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def titles(response):
    return [article.title for article in response.context["articles"]]


@pytest.fixture
def articles(index, portals, taxonomy):
    t = taxonomy
    return {
        "china_treaty": make_article(
            index,
            "Trung Quốc hiệp ước",
            sections=[t["china"]],
            treaties=[t["treaty"]],
            topics=[t["security"]],
            published_at=datetime(2021, 5, 1, 9, tzinfo=HANOI),
        ),
        "china_tourism": make_article(
            index,
            "Trung Quốc du lịch",
            sections=[t["china"]],
            topics=[t["tourism"]],
            published_at=datetime(2021, 6, 1, 9, tzinfo=HANOI),
        ),
        "laos": make_article(
            index,
            "Lào nghị định thư",
            sections=[t["laos"]],
            treaties=[t["protocol"]],
            topics=[t["security"]],
            published_at=datetime(2021, 4, 1, 9, tzinfo=HANOI),
        ),
        "draft": make_article(index, "Bản nháp", sections=[t["china"]], live=False),
        "other_portal": make_article(
            portals["department"], "Cổng Sở", sections=[t["china"]], treaties=[t["treaty"]]
        ),
    }


def test_lists_live_articles_of_this_index_newest_first(client, articles):
    response = client.get("/bien-gioi/", **HOST)
    assert response.status_code == 200
    assert titles(response) == ["Trung Quốc du lịch", "Trung Quốc hiệp ước", "Lào nghị định thư"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/bien-gioi/section/viet-nam-trung-quoc/", ["Trung Quốc du lịch", "Trung Quốc hiệp ước"]),
        ("/bien-gioi/?section=viet-nam-lao", ["Lào nghị định thư"]),
        ("/bien-gioi/treaty/hiep-uoc-1999/", ["Trung Quốc hiệp ước"]),
        ("/bien-gioi/topic/an-ninh-bien-gioi/", ["Trung Quốc hiệp ước", "Lào nghị định thư"]),
        (
            "/bien-gioi/section/viet-nam-trung-quoc/?topic=an-ninh-bien-gioi",
            ["Trung Quốc hiệp ước"],
        ),
        ("/bien-gioi/topic/du-lich/?section=viet-nam-lao", []),
        (
            "/bien-gioi/?section=viet-nam-trung-quoc&treaty=hiep-uoc-1999&topic=an-ninh-bien-gioi",
            ["Trung Quốc hiệp ước"],
        ),
        # The route wins over the same key in the query string.
        ("/bien-gioi/section/viet-nam-lao/?section=viet-nam-trung-quoc", ["Lào nghị định thư"]),
        # Empty values are no filter.
        (
            "/bien-gioi/?section=&treaty=&topic=",
            ["Trung Quốc du lịch", "Trung Quốc hiệp ước", "Lào nghị định thư"],
        ),
    ],
)
def test_filters_combine(client, articles, url, expected):
    response = client.get(url, **HOST)
    assert response.status_code == 200
    assert titles(response) == expected


def test_treaty_route_shows_the_treaty(client, articles, taxonomy):
    taxonomy["treaty"].official_text_url = "https://example.org/hiep-uoc.pdf"
    taxonomy["treaty"].save()
    response = client.get("/bien-gioi/treaty/hiep-uoc-1999/", **HOST)
    html = response.content.decode()
    assert "Hiệp ước biên giới trên đất liền" in html  # full title
    assert "https://example.org/hiep-uoc.pdf" in html
    assert "Việt Nam - Trung Quốc" in html  # its section


def test_article_page_links_its_section_and_treaty(client, articles):
    response = client.get(articles["china_treaty"].url, **HOST)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/bien-gioi/section/viet-nam-trung-quoc/"' in html
    assert 'href="/bien-gioi/treaty/hiep-uoc-1999/"' in html
    assert 'href="/bien-gioi/topic/an-ninh-bien-gioi/"' in html


def test_article_slugged_like_a_feed_word_is_still_served(client, index):
    article = make_article(index, "Tin nhanh")
    article.slug = "news"
    article.save_revision().publish()
    assert client.get("/bien-gioi/news/", **HOST).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/bien-gioi/section/khong-co/",
        "/bien-gioi/treaty/khong-co/",
        "/bien-gioi/topic/khong-co/",
        "/bien-gioi/?section=khong-co",
        "/bien-gioi/?treaty=%00",
        "/bien-gioi/?topic=%3Cscript%3E",
        "/bien-gioi/?section=" + "a" * 500,
        "/bien-gioi/section/%E2%80%AE/",
        "/bien-gioi/section/khong-co/rss/",
        "/bien-gioi/treaty/x%00y/atom/",
        "/bien-gioi/json/",
    ],
)
def test_unknown_or_malformed_filters_are_404(client, articles, url):
    assert client.get(url, **HOST).status_code == 404


def test_page_numbers_are_forgiving(client, index, settings):
    settings.WAGTAIL_BORDERPLAN = {"INDEX_PAGE_SIZE": 2}
    for number in range(5):
        make_article(index, f"Bài {number}")
    first = client.get("/bien-gioi/?page=1", **HOST)
    assert first.context["articles"].paginator.num_pages == 3
    for page in ("abc", "-1", "0", "1.5", "99999999999999999999999", ""):
        response = client.get(f"/bien-gioi/?page={page}", **HOST)
        assert response.status_code == 200, page
    assert client.get("/bien-gioi/?page=99", **HOST).context["articles"].number == 3
    assert client.get("/bien-gioi/?page=abc", **HOST).context["articles"].number == 1
    html = client.get("/bien-gioi/section/", **HOST)
    assert html.status_code == 404


def test_index_labels_its_filters_feeds_and_zone(client, articles):
    html = client.get("/bien-gioi/", **HOST).content.decode()
    assert _("Section") in html
    assert _("Legal document") in html
    assert _("Subscribe to these articles:") in html
    assert "(Asia/Ho_Chi_Minh, UTC+07:00)" in html


# InnoDB updates full-text indexes on commit, so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_search_finds_articles_by_treaty_and_section_names(articles):
    from wagtail_borderplan.models import BorderArticlePage

    found = BorderArticlePage.objects.live().search("Hiệp ước 1999")
    assert {page.title for page in found} == {"Trung Quốc hiệp ước", "Cổng Sở"}
    found = BorderArticlePage.objects.live().search("Lào")
    assert "Lào nghị định thư" in [page.title for page in found]


def test_filter_links_add_or_remove_one_filter_and_keep_the_others(client, articles):
    html = client.get(
        "/bien-gioi/section/viet-nam-trung-quoc/?treaty=hiep-uoc-1999&topic=an-ninh-bien-gioi",
        **HOST,
    ).content.decode()
    # Choosing another section keeps the treaty and the topic.
    assert (
        'href="/bien-gioi/section/viet-nam-lao/?treaty=hiep-uoc-1999&amp;'
        'topic=an-ninh-bien-gioi"' in html
    )
    # The active section links to the same filters without it.
    assert (
        'class="bp-chip bp-chip--active" '
        'href="/bien-gioi/treaty/hiep-uoc-1999/?topic=an-ninh-bien-gioi"' in html
    )
    assert _("Remove the filter %(name)s") % {"name": "Việt Nam - Trung Quốc"} in html
    # The filter form (no JavaScript needed) shows the active treaty as selected.
    assert '<option value="hiep-uoc-1999" selected>' in html


def test_articles_behind_a_view_restriction_are_not_listed(client, articles):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=articles["laos"], restriction_type="password", password="secret"
    )
    assert "Lào nghị định thư" not in titles(client.get("/bien-gioi/", **HOST))
    feed = client.get("/bien-gioi/rss/", **HOST).content.decode()
    assert "Lào nghị định thư" not in feed
    assert "Trung Quốc hiệp ước" in feed
