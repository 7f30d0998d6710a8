"""RSS 2.0 and Atom feeds for every filter."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_article

HOST = {"HTTP_HOST": "tinh.localhost"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feed_articles(index, taxonomy):
    t = taxonomy
    make_article(
        index,
        "Bài Trung Quốc",
        sections=[t["china"]],
        treaties=[t["treaty"]],
        topics=[t["security"]],
        intro="Giới thiệu <b>đậm</b>",
    )
    make_article(index, "Bài Lào", sections=[t["laos"]], topics=[t["tourism"]])
    make_article(index, "Nháp", sections=[t["china"]], live=False)


def rss_items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def test_rss_lists_live_articles_with_categories(client, feed_articles):
    channel, items = rss_items(client.get("/bien-gioi/rss/", **HOST))
    assert [item.findtext("title") for item in items] == ["Bài Lào", "Bài Trung Quốc"]
    china = items[1]
    assert china.findtext("link").startswith("http://tinh.localhost/bien-gioi/bai-viet-")
    assert {c.text for c in china.findall("category")} == {
        "Việt Nam - Trung Quốc",
        "Hiệp ước 1999",
        "An ninh biên giới",
    }
    assert china.findtext("description") == "Giới thiệu <b>đậm</b>"  # escaped by the XML
    assert channel.findtext("language") == "vi"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/bien-gioi/section/viet-nam-trung-quoc/rss/", ["Bài Trung Quốc"]),
        ("/bien-gioi/treaty/hiep-uoc-1999/rss/", ["Bài Trung Quốc"]),
        ("/bien-gioi/topic/du-lich/rss/", ["Bài Lào"]),
        ("/bien-gioi/section/viet-nam-lao/rss/?topic=an-ninh-bien-gioi", []),
        ("/bien-gioi/rss/?section=viet-nam-lao", ["Bài Lào"]),
    ],
)
def test_rss_filters(client, feed_articles, url, expected):
    _channel, items = rss_items(client.get(url, **HOST))
    assert [item.findtext("title") for item in items] == expected


def test_atom_feed_for_a_filter_links_itself_with_its_query(client, feed_articles):
    response = client.get("/bien-gioi/section/viet-nam-lao/atom/?topic=du-lich", **HOST)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")] == ["Bài Lào"]
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert (
        links["self"] == "http://tinh.localhost/bien-gioi/section/viet-nam-lao/atom/?topic=du-lich"
    )
    assert (
        links["alternate"] == "http://tinh.localhost/bien-gioi/section/viet-nam-lao/?topic=du-lich"
    )
    assert "Việt Nam - Lào" in feed.findtext(f"{ATOM}title")


def test_feed_respects_feed_items_setting(client, index, settings):
    settings.WAGTAIL_BORDERPLAN = {"FEED_ITEMS": 3}
    for number in range(5):
        make_article(index, f"Bài {number}")
    _channel, items = rss_items(client.get("/bien-gioi/rss/", **HOST))
    assert len(items) == 3


def test_index_page_advertises_its_feeds(client, feed_articles):
    html = client.get("/bien-gioi/topic/du-lich/", **HOST).content.decode()
    assert 'type="application/rss+xml"' in html
    assert (
        'type="application/rss+xml" title="RSS – Biên giới provincial" '
        'href="/bien-gioi/topic/du-lich/rss/"' in html
    )
    assert 'href="/bien-gioi/topic/du-lich/atom/"' in html
