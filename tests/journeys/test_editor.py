"""An editor plans an article on the calendar and it goes live through the runner.

Entry on a day → its draft → Wagtail's page editor, with sections, treaties and topics
whose names hold commas and accents chosen through the widgets → submitted to
moderation → scheduled with the date picker in Asia/Ho_Chi_Minh and approved by a
moderator → ``borderplan_publish`` as cron runs it → live on its home portal and as an
alias on the other, in the index, its section and treaty feeds, the ICS feed and the
coverage report with its XLSX.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import openpyxl
import pytest
import requests
from playwright.sync_api import expect

from tests.browser import close_picker
from tests.journeys.site import DEMO_PASSWORD, JOURNEY_PASSWORD

pytestmark = [pytest.mark.journey, pytest.mark.browser]

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = f"Cột mốc số 1116, niềm tự hào nơi biên cương ({time.strftime('%H%M%S')})"
TREATY = "Nghị định thư về phân giới, cắm mốc (Việt Nam - Trung Quốc)"
TOPIC = "Thông tin đối ngoại, hữu nghị"
NEW_TOPIC = "Giao lưu, kết nghĩa cụm dân cư"
UNIT = "Phòng Thông tin - Báo chí - Xuất bản"
INDEX = "bien-gioi"
SECTION_SLUG = "viet-nam-trung-quoc"
TREATY_SLUG = "nghi-dinh-thu-phan-gioi-cam-moc-viet-trung"

USERS = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail_borderplan.models import Unit

User = get_user_model()
User.objects.filter(username__in=["bientap", "kiemduyet"]).delete()
calendar = Permission.objects.filter(
    content_type__app_label="wagtail_borderplan", codename__in=["view_calendarentry"]
)
editor = User.objects.create_user("bientap", "bientap@example.com", "{JOURNEY_PASSWORD}",
                                  first_name="Lan", last_name="Nguyễn")
editor.groups.add(Group.objects.get(name="Editors"))
editor.user_permissions.add(*calendar)
Unit.objects.get(name="{UNIT}").members.add(editor)
moderator = User.objects.create_user("kiemduyet", "kiemduyet@example.com", "{JOURNEY_PASSWORD}",
                                     first_name="Minh", last_name="Trần")
moderator.groups.add(Group.objects.get(name="Moderators"))
moderator.user_permissions.add(*Permission.objects.filter(
    content_type__app_label="wagtail_borderplan",
    codename__in=["view_calendarentry", "change_calendarentry"],
))
"""


def choose(page, button_name: str, item: str) -> None:
    """Pick ``item`` in a Wagtail chooser modal opened by ``button_name``."""
    page.get_by_role("button", name=button_name).click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    modal.get_by_role("link", name=item, exact=True).first.click()
    expect(modal).to_be_hidden()


def go_live_minute() -> datetime:
    """A whole minute 75 to 135 s away, in Hanoi time: room for the approval to come
    before it on a loaded machine (it takes seconds; after the go-live time, Wagtail
    would publish at once and the journey fails, saying so)."""
    now = datetime.now(HANOI)
    return (now + timedelta(seconds=75)).replace(second=0, microsecond=0) + timedelta(minutes=1)


def test_editor_plans_and_the_runner_publishes(demo_site, open_browser, tmp_path):
    demo_site.shell(USERS)
    today = datetime.now(HANOI).date()

    # The editor adds an entry on today's cell of the calendar.
    editor = open_browser("bientap")
    page = editor.page
    page.goto("/admin/borderplan/calendar/")
    page.locator(f'td[data-date="{today.isoformat()}"] a.bp-cal__add').click()
    page.fill("#id_title", TITLE)
    plan = f"Kế hoạch tuyên truyền về công tác phân giới, cắm mốc và quản lý biên giới đất liền năm {today.year}"
    if page.locator("#id_plan").input_value() == "":
        choose(page, "Chọn kế hoạch", plan)
    page.get_by_role("button", name="Chọn nội dung tuyên truyền").click()
    modal = page.locator(".modal-dialog")
    modal.locator("table a").first.click()
    expect(modal).to_be_hidden()
    chosen = page.locator("#id_content_line-title")
    expect(chosen).not_to_be_empty()
    # The chooser's label may shorten the line ("…"); the report shows it whole.
    content_line = chosen.inner_text().split(" · ")[-1].split("…")[0].strip()
    choose(page, "Chọn đơn vị", UNIT)
    page.get_by_label("Cổng Thông tin điện tử tỉnh Hà Nam", exact=True).check()
    page.get_by_label("Cổng Thông tin điện tử Sở Thông tin và Truyền thông", exact=True).check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages .success")).to_be_visible()

    # Its card is on the day; the entry's page creates the draft article.
    page.goto(f"/admin/borderplan/calendar/?date={today.isoformat()}")
    day = page.locator(f'td[data-date="{today.isoformat()}"]')
    if day.locator(".bp-cal__more").count():
        day.locator(".bp-cal__more").click()  # a busy day lists the rest
    card = page.locator("[data-entry-id]", has_text=TITLE)
    expect(card).to_have_count(1)
    entry_id = card.get_attribute("data-entry-id")
    card.get_by_role("link").first.click()
    page.get_by_role("navigation", name="Actions").get_by_role("button", name="Thao tác").click()
    page.get_by_role("link", name="Tạo bản nháp bài viết").click()
    expect(page.locator("h1")).not_to_have_text("Trang Chủ")
    page.get_by_role("button", name="Tạo bản nháp bài viết").click()

    # Wagtail's page editor: vocabularies whose names hold commas, through the widgets.
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    article_id = re.search(r"/admin/pages/(\d+)/edit/", page.url).group(1)
    page.get_by_label("Việt Nam - Trung Quốc", exact=True).check()
    page.get_by_label(TREATY, exact=True).check()
    topics = page.locator('[data-controller="bp-topics"] input[type="text"]')
    topics.press_sequentially("Thông tin đối")
    page.locator(".ui-autocomplete li", has_text=TOPIC).click()
    topics.press_sequentially(NEW_TOPIC)
    topics.press("Enter")
    chips = page.locator('[data-controller="bp-topics"] .tagit-label')
    expect(chips.filter(has_text=TOPIC)).to_have_count(1)
    expect(chips.filter(has_text=NEW_TOPIC)).to_have_count(1)
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".messages .success")).to_be_visible()
    # Saved whole: the treaty stays ticked, each topic one chip, no fragment anywhere.
    expect(page.get_by_label(TREATY, exact=True)).to_be_checked()
    expect(chips.filter(has_text=TOPIC)).to_have_count(1)
    expect(chips.filter(has_text=NEW_TOPIC)).to_have_count(1)
    for chip in chips.all_inner_texts():
        assert not chip.startswith((",", " ")) and not chip.endswith(","), chip
    page.screenshot(path=str(tmp_path / "editor-saved.png"), full_page=True)
    assert not editor.errors, editor.errors

    # Submitted to moderation.
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("Moderators approval")).click()
    expect(page.locator(".messages .success")).to_be_visible()
    page.screenshot(path=str(tmp_path / "submitted.png"), full_page=False)
    editor.close()

    # The moderator schedules it on the calendar with the date picker, in Hanoi time...
    moderator = open_browser("kiemduyet")
    page = moderator.page
    page.goto(f"/admin/snippets/wagtail_borderplan/calendarentry/edit/{entry_id}/")
    page.get_by_role("navigation", name="Actions").get_by_role("button", name="Thao tác").click()
    page.get_by_role("link", name="Lên lịch xuất bản bài viết").click()
    expect(page.locator("h1")).to_contain_text("Lên lịch")
    expect(page.locator("main")).to_contain_text("Asia/Ho_Chi_Minh")
    go_live = go_live_minute()
    field = page.locator("#id_go_live_at")
    field.click()
    expect(page.locator(".xdsoft_datetimepicker").first).to_be_visible()
    field.fill(go_live.strftime("%Y-%m-%d %H:%M"))
    close_picker(page, page.locator(".xdsoft_datetimepicker").first)
    page.get_by_role("button", name="Lên lịch", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(go_live.strftime("%H:%M"))
    expect(page.locator(".messages")).to_contain_text("Asia/Ho_Chi_Minh")

    # ... and approves it in Wagtail's editor: Wagtail puts the approved revision on
    # its schedule; nothing is live yet.
    page.goto(f"/admin/pages/{article_id}/edit/")
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile(r"^Phê chuẩn\s*và Xuất bản")).click()
    expect(page.locator(".messages .success")).to_be_visible()
    assert datetime.now(HANOI) < go_live, "approved after the go-live time: too slow to tell"
    assert not moderator.errors, moderator.errors

    # The moderator subscribes to the calendar in their calendar application (ICS).
    page.goto("/admin/borderplan/calendar/feeds/")
    page.fill("#id_name", "Lịch của tôi")
    page.get_by_role("button", name="Tạo nguồn lịch").click()
    ics_url = page.locator('input[readonly][value*=".ics"]').input_value()

    # The year so far, before: the coverage report of the plan, on screen.
    admin = open_browser("admin", DEMO_PASSWORD)
    before = coverage_row(admin.page, plan, content_line)

    # Cron runs the runner once the time has come; nothing was live before.
    home = f"/{INDEX}/"
    assert TITLE not in demo_site.get(home).text
    assert TITLE not in demo_site.get(home, host="so.localhost").text
    while datetime.now(HANOI) < go_live + timedelta(seconds=1):
        time.sleep(1)
    run = demo_site.manage("borderplan_publish")
    assert "published 1," in run.stdout, run.stdout

    # Live on its home portal, and as an alias (canonical to the original) on the other.
    listing = demo_site.get(home).text
    assert TITLE in listing
    other = demo_site.get(home, host="so.localhost").text
    assert TITLE in other
    for host in (None, "so.localhost"):
        for feed in (f"section/{SECTION_SLUG}/rss/", f"treaty/{TREATY_SLUG}/atom/"):
            parsed = feedparser.parse(demo_site.get(home + feed, host=host).content)
            assert not parsed.bozo, (feed, parsed.bozo_exception)
            assert TITLE in [entry.title for entry in parsed.entries], (host, feed)
    # One portal has the article, the other its alias, which names the original as
    # canonical (same port: the demo's Sites follow the port it is served on).
    copies = {}
    for host in (None, "so.localhost"):
        section = demo_site.get(home + f"section/{SECTION_SLUG}/", host=host).text
        link = re.search(r'href="([^"]+)"[^>]*>\s*' + re.escape(TITLE), section)
        assert link, ("the article is listed in its section", host)
        url = urljoin(demo_site.url + home, link.group(1))
        html = demo_site.get(urlsplit(url).path, host=host).text
        assert TREATY in html and TOPIC in html and NEW_TOPIC in html
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)
        copies[host or "127.0.0.1"] = (url, canonical.group(1) if canonical else None)
    aliases = [(host, canonical) for host, (_url, canonical) in copies.items() if canonical]
    assert len(aliases) == 1, copies
    alias_host, canonical = aliases[0]
    original_url = next(url for host, (url, _c) in copies.items() if host != alias_host)
    assert urlsplit(canonical).path == urlsplit(original_url).path
    assert urlsplit(canonical).port == demo_site.port
    assert alias_host not in urlsplit(canonical).netloc

    # In the ICS feed, as an event at the go-live time, linking to the article.
    ics = icalendar.Calendar.from_ical(requests.get(ics_url, timeout=30).content)
    events = [e for e in ics.walk("VEVENT") if str(e.get("SUMMARY", "")).startswith(TITLE)]
    assert len(events) == 1
    assert events[0].decoded("DTSTART").astimezone(HANOI) == go_live
    assert urlsplit(str(events[0]["URL"])).port == demo_site.port

    # Counted in the coverage report, on screen and in its XLSX.
    after = coverage_row(admin.page, plan, content_line)
    assert after["published"] == before["published"] + 1
    actions = admin.page.get_by_role("navigation", name="Actions")
    actions.get_by_role("button", name="Thao tác").click()
    with admin.page.expect_download() as download:
        admin.page.get_by_role("link", name="Tải XLSX").click()
    saved = tmp_path / download.value.suggested_filename
    assert saved.suffix == ".xlsx", saved
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    rows = [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    line_rows = [
        row for row in rows if any(str(cell or "").startswith(content_line) for cell in row)
    ]
    assert line_rows, "the content line, in full, in the XLSX"
    assert after["text"] in line_rows[0], "the content line's full text"
    assert after["published"] in line_rows[0]
    assert not admin.errors, admin.errors


def coverage_row(page, plan: str, content_line: str) -> dict[str, int]:
    """The coverage report's row of a content line, as the editor reads it."""
    page.goto("/admin/borderplan/reports/coverage/")
    # It opens on the latest plan with data: this year's.
    expect(page.locator("main")).to_contain_text(f"Kế hoạch: {plan}")
    table = page.locator("table").first
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr", has_text=content_line).first
    cells = [text.strip() for text in row.locator("td, th").all_inner_texts()]
    published = headers.index("Đã đăng")
    return {"published": int(cells[published] or 0), "text": cells[headers.index("Nội dung")]}
