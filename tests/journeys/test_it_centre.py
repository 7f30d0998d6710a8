"""The ICT centre collects a press agency's feed and the item goes live.

A member of the demo's collecting group adds a feed source served on 127.0.0.1 → fetch
now (a confirmation page, then POST) → the item waits as a collected draft in the
calendar's drawer → dragged onto today in the week view → the administrator publishes
it in Wagtail's page editor → live on the portal, its body cleaned of the feed's script,
its image in Wagtail's library, and the calendar shows the entry published.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import format_datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from tests.journeys.site import DEMO_PASSWORD, JOURNEY_PASSWORD

pytestmark = [pytest.mark.journey, pytest.mark.browser]

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
STAMP = time.strftime("%H%M%S")
AGENCY = f"Báo Biên phòng ({STAMP})"
TITLE = f"Đồn Biên phòng Hoành Mô, Lạng Sơn tuần tra cột mốc 1116 ({STAMP})"
SUMMARY = "Cán bộ, chiến sĩ phối hợp với nhân dân tuần tra, bảo vệ mốc quốc giới."
IMAGE_TITLE = f"Cột mốc 1116 trên tuyến biên giới ({STAMP})"
HOSTILE = f"hanh-trinh-doc-hai-{STAMP}"  # in the feed's script; nowhere after cleaning
INDEX = "bien-gioi"
INDEX_TITLE = "Phân giới, cắm mốc và quản lý biên giới"
PORTAL = "Cổng Thông tin điện tử tỉnh Hà Nam"

USER = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from home.demo_data import COLLECTING_GROUP

User = get_user_model()
User.objects.filter(username="thuthap").delete()
collector = User.objects.create_user("thuthap", "thuthap@example.com", "{JOURNEY_PASSWORD}",
                                     first_name="Hà", last_name="Phạm")
collector.groups.add(Group.objects.get(name=COLLECTING_GROUP))
"""


def rss(feed_server, path: str) -> str:
    """An RSS 2.0 feed of one item, as a press agency publishes it, hostile script too."""
    link = feed_server.url(f"/bai-viet/{STAMP}.html")
    image = feed_server.url("/images/red.png")
    now = format_datetime(datetime.now(HANOI))
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Báo Biên phòng - Quốc phòng, an ninh</title>
    <link>{feed_server.url("/")}</link>
    <description>Tin biên giới</description>
    <item>
      <title>{TITLE}</title>
      <link>{link}</link>
      <guid>{link}</guid>
      <pubDate>{now}</pubDate>
      <description><![CDATA[<p>{SUMMARY}</p>
<p><img src="{image}" alt="{IMAGE_TITLE}"></p>
<p>Đồn đã tổ chức 12 đợt tuần tra trong tháng.</p>
<script>document.title = "{HOSTILE}";</script>]]></description>
    </item>
  </channel>
</rss>"""
    return feed_server.add(path, feed)


def drag(page, source, target) -> None:
    """Drag with real mouse moves, as a person does (HTML5 drag and drop needs the
    intermediate moves to start a drag)."""
    source.scroll_into_view_if_needed()
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + 6, start["y"] + 6)
    page.mouse.down()
    page.mouse.move(start["x"] + 20, start["y"] + 20, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=10)
    page.mouse.up()


def test_it_centre_collects_plans_and_the_article_goes_live(demo_site, open_browser, feed_server):
    demo_site.shell(USER)
    feed_path = f"/rss/bien-gioi-{STAMP}.rss"
    feed_url = rss(feed_server, feed_path)

    # The ICT centre adds the agency's feed: Kế hoạch → Nguồn tin → Thêm nguồn tin.
    collector = open_browser("thuthap")
    page = collector.page
    page.get_by_role("button", name="Kế hoạch").click()
    page.get_by_role("link", name="Nguồn tin", exact=True).click()
    page.get_by_role("link", name="Thêm nguồn tin").click()
    page.fill("#id_name", AGENCY)
    page.fill("#id_feed_url", feed_url)
    page.get_by_role("button", name="Chọn một trang").click()
    modal = page.locator(".modal-dialog")
    modal.locator("tr", has_text=PORTAL).get_by_role("link", name="Duyệt").click()
    modal.get_by_role("link", name=INDEX_TITLE, exact=True).click()
    expect(modal).to_be_hidden()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages .success")).to_contain_text(AGENCY)

    # Fetch now: the source's actions, a confirmation page, then the fetch itself.
    page.locator(".messages").get_by_role("link", name="Biên tập").click()
    expect(page.locator("#id_name")).to_have_value(AGENCY)
    page.get_by_role("navigation", name="Actions").get_by_role("button", name="Thao tác").click()
    page.get_by_role("link", name="Lấy tin ngay").click()
    expect(page.locator("main")).to_contain_text(feed_url)
    assert feed_server.hits(feed_path) == 0, "the confirmation page fetches nothing"
    page.locator("main form").get_by_role("button", name="Lấy tin ngay").click()
    expect(page.locator(".messages li")).to_have_text("Đã nhập 1, lỗi 0, đã có từ trước 0.")
    item = page.locator("main tbody tr", has_text=TITLE)
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Đã nhập")

    # The item waits in the calendar's drawer: unplanned, marked collected. The week
    # of today puts the drawer and today's column on one screen, to drag between them.
    page.get_by_role("button", name="Kế hoạch").click()
    page.get_by_role("link", name="Lịch biên tập", exact=True).click()
    page.get_by_role("link", name="Tuần", exact=True).click()
    page.get_by_role("link", name="Hôm nay", exact=True).click()
    # Today as the calendar shows it (the clock may pass Hanoi's midnight meanwhile).
    today = date.fromisoformat(page.locator('td[aria-current="date"]').get_attribute("data-date"))
    drawer = page.locator(".bp-cal__drawer")
    card = drawer.locator("[data-entry-id]", has_text=TITLE)
    expect(card).to_have_count(1)
    expect(card).to_have_class(re.compile(r"\bbp-entry--collected\b"))
    expect(card.locator("[data-bp-status]")).to_have_text("Đã thu thập")
    entry_id = card.get_attribute("data-entry-id")

    # Planned: dragged onto today; the message names the day and the zone.
    day = page.locator(f'td[data-date="{today.isoformat()}"]')
    drag(page, card, day)
    expect(page.locator(".messages li").last).to_contain_text(
        f"sang {today:%d/%m/%Y}", timeout=20_000
    )
    expect(page.locator(".messages li").last).to_contain_text("Asia/Ho_Chi_Minh")
    page.reload()
    expect(day.locator(f'[data-entry-id="{entry_id}"]')).to_have_count(1)
    expect(drawer.locator(f'[data-entry-id="{entry_id}"]')).to_have_count(0)
    assert not collector.errors, collector.errors
    collector.close()

    # Nothing collected is public before an editor publishes it.
    assert TITLE not in demo_site.get(f"/{INDEX}/").text

    # The administrator opens it from the calendar and publishes it in the page editor.
    admin = open_browser("admin", DEMO_PASSWORD)
    page = admin.page
    page.goto(f"/admin/borderplan/calendar/?view=week&date={today.isoformat()}")
    page.locator(f'[data-entry-id="{entry_id}"]').get_by_role("link").first.click()
    page.get_by_role("navigation", name="Actions").get_by_role("button", name="Thao tác").click()
    page.get_by_role("link", name="Mở bài viết").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    expect(page.locator("#id_title")).to_have_value(TITLE)
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Xuất bản", exact=True).click()
    expect(page.locator(".messages .success")).to_contain_text(TITLE)

    # Live on the portal, over HTTP: listed in the index, the page whole and clean.
    listing = demo_site.get(f"/{INDEX}/").text
    link = re.search(r'href="([^"]+)"[^>]*>\s*' + re.escape(TITLE), listing)
    assert link, "the article is listed on its portal's index"
    article = requests.get(urljoin(f"{demo_site.url}/{INDEX}/", link.group(1)), timeout=30)
    assert article.status_code == 200
    body = re.search(r'<article class="bp-article">(.*)</article>', article.text, re.S)
    assert body, "the article's own markup"
    body = body.group(1)
    assert TITLE in body and SUMMARY in body
    assert "<script" not in body.lower() and HOSTILE not in article.text
    assert AGENCY in body, "the agency is named as the source"
    image = re.search(r'<img [^>]*src="([^"]+)"', body)
    assert image, "the feed's image, in the body"
    served = requests.get(urljoin(demo_site.url, image.group(1)), timeout=30)
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/png"
    assert feed_server.url("/") not in image.group(1), "served from the library, not hotlinked"

    # The image is in Wagtail's library, under the title the feed gave it.
    page.get_by_role("link", name="Hình ảnh", exact=True).click()
    page.get_by_role("textbox", name="Từ khoá").fill(IMAGE_TITLE)
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(page.locator("main").get_by_text(IMAGE_TITLE, exact=True)).to_have_count(1)

    # The calendar shows the entry published, on the day it was planned.
    page.goto(f"/admin/borderplan/calendar/?view=week&date={today.isoformat()}")
    published = page.locator(f'td[data-date="{today.isoformat()}"] [data-entry-id="{entry_id}"]')
    expect(published).to_have_class(re.compile(r"\bbp-entry--published\b"))
    expect(published.locator("[data-bp-status]")).to_have_text("Đã xuất bản")
    assert not admin.errors, admin.errors
