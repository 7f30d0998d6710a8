"""What the public pages and feeds tell other machines: an alias names its original as
canonical, and every Atom feed and entry has an author (RFC 4287)."""

import re
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_article

ATOM = "{http://www.w3.org/2005/Atom}"
PROVINCIAL = {"HTTP_HOST": "tinh.localhost"}
DEPARTMENT = {"HTTP_HOST": "so.localhost"}
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')


@pytest.fixture
def articles(portals, taxonomy):
    t = taxonomy
    own = make_article(
        portals["provincial"],
        "Bài của cổng",
        sections=[t["china"]],
        treaties=[t["treaty"]],
        topics=[t["security"]],
    )
    collected = make_article(
        portals["provincial"],
        "Tin thu thập",
        sections=[t["china"]],
        treaties=[t["treaty"]],
        topics=[t["security"]],
        source_name="Báo Biên phòng",
        source_url="https://www.bienphong.com.vn/tin.html",
    )
    # Both also live on the department's portal, as Wagtail aliases.
    for article in (own, collected):
        article.create_alias(parent=portals["department"], update_slug=article.slug)
    return {"own": own, "collected": collected}


def test_an_alias_names_its_original_as_canonical(client, articles):
    original = articles["own"]
    response = client.get(f"/bien-gioi/{original.slug}/", **DEPARTMENT)
    assert response.status_code == 200
    assert CANONICAL.findall(response.content.decode()) == [original.full_url]
    assert original.full_url.startswith("http://tinh.localhost/")
    # The original itself names no other page.
    response = client.get(original.url, **PROVINCIAL)
    assert response.status_code == 200
    assert CANONICAL.findall(response.content.decode()) == []


ATOM_FEEDS = [
    "/bien-gioi/atom/",
    "/bien-gioi/section/viet-nam-trung-quoc/atom/",
    "/bien-gioi/treaty/hiep-uoc-1999/atom/",
    "/bien-gioi/topic/an-ninh-bien-gioi/atom/",
    "/bien-gioi/section/viet-nam-trung-quoc/atom/?topic=an-ninh-bien-gioi",
]


@pytest.mark.parametrize("url", ATOM_FEEDS)
@pytest.mark.parametrize(("host", "portal"), [(PROVINCIAL, "Cổng tỉnh"), (DEPARTMENT, "Cổng Sở")])
def test_every_atom_feed_and_entry_has_an_author(client, articles, url, host, portal):
    response = client.get(url, **host)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == portal
    entries = feed.findall(f"{ATOM}entry")
    authors = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}author/{ATOM}name") for e in entries}
    # Collected news is the agency's; the portal's own article is the portal's.
    assert authors == {"Bài của cổng": portal, "Tin thu thập": "Báo Biên phòng"}


def test_rss_items_name_their_author_too(client, articles):
    channel = ET.fromstring(client.get("/bien-gioi/rss/", **PROVINCIAL).content).find("channel")
    creators = {
        item.findtext("title"): item.findtext("{http://purl.org/dc/elements/1.1/}creator")
        for item in channel.findall("item")
    }
    assert creators == {"Bài của cổng": "Cổng tỉnh", "Tin thu thập": "Báo Biên phòng"}
