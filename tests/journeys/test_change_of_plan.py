"""An editor changes the plan: a scheduled entry dragged to another day takes its
article's schedule with it once confirmed; the article is unscheduled; a refused move
says why where the editor is looking (Wagtail's messages, in view), and stays put."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.journeys.site import DEMO_PASSWORD

pytestmark = [pytest.mark.journey, pytest.mark.browser]

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
STAMP = time.strftime("%H%M%S")
SCHEDULED = f"Lịch đổi: giao lưu, kết nghĩa cụm dân cư ({STAMP})"
PUBLISHED = f"Đã đăng: tuần tra song phương, cột mốc 1116 ({STAMP})"

SETUP = """
from datetime import datetime
from zoneinfo import ZoneInfo
from django.contrib.auth import get_user_model
from wagtail_borderplan.models import BorderArticlePage, BorderIndexPage, CalendarEntry, Channel, Plan
from wagtail_borderplan.actions.scheduling import ScheduleArticleAction

admin = get_user_model().objects.get(username="admin")
index = BorderIndexPage.objects.get(url_path__startswith="/cong-tinh-ha-nam/")
plan = Plan.objects.filter(period_start__year={year}).first()
portal = Channel.objects.filter(site__root_page__url_path="/cong-tinh-ha-nam/").first()

def planned(title, slug, when, live):
    article = BorderArticlePage(title=title, slug=slug)
    index.add_child(instance=article)
    revision = article.save_revision(user=admin)
    if live:
        revision.publish(user=admin)
    entry = CalendarEntry.objects.create(plan=plan, title=title, page=article, planned_at=when)
    entry.channels.set([portal])
    return entry

hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
entry = planned({scheduled!r}, "lich-doi-{stamp}", datetime.fromisoformat({when!r}), False)
ScheduleArticleAction(entry, admin, go_live_at=datetime.fromisoformat({when!r})).execute()
planned({published!r}, "da-dang-{stamp}", datetime.fromisoformat({published_at!r}), True)
"""


def test_a_change_of_plan(demo_site, open_browser):
    # A Tuesday two weeks ahead at 09:00 (Hanoi), and the Wednesday after: one grid row.
    today = datetime.now(HANOI).date()
    tuesday = today + timedelta(days=14 + (1 - today.weekday()) % 7)
    when = datetime(tuesday.year, tuesday.month, tuesday.day, 9, 0, tzinfo=HANOI)
    wednesday = tuesday + timedelta(days=1)
    demo_site.shell(
        SETUP.format(
            year=tuesday.year,
            scheduled=SCHEDULED,
            published=PUBLISHED,
            stamp=STAMP,
            when=when.isoformat(),
            published_at=(when - timedelta(days=1)).isoformat(),
        )
    )

    browser = open_browser("admin", DEMO_PASSWORD, width=1366, height=900)
    page = browser.page
    page.goto(f"/admin/borderplan/calendar/?date={tuesday.isoformat()}")
    card = page.locator("[data-entry-id]", has_text=SCHEDULED)
    expect(card).to_be_visible()
    entry_id = card.get_attribute("data-entry-id")

    # Dragged to Wednesday, the calendar asks first. Declined: the move is refused, the
    # card goes back, and the message says why, at the top where the editor looks.
    asked: list[str] = []
    wednesday_cell = page.locator(f'td[data-date="{wednesday.isoformat()}"]')

    def answer(accept: bool):
        def handle(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    page.once("dialog", answer(False))
    card.drag_to(wednesday_cell)
    messages = page.locator(".messages")
    expect(messages).to_contain_text("09:00")
    in_view(page, messages)
    expect(
        page.locator(f'td[data-date="{tuesday.isoformat()}"] [data-entry-id="{entry_id}"]')
    ).to_be_visible()

    # Accepted: the entry and its article's schedule move together.
    page.once("dialog", answer(True))
    card.drag_to(wednesday_cell)
    expect(messages).to_contain_text(wednesday.strftime("%d/%m/%Y"))
    expect(messages).to_contain_text("Asia/Ho_Chi_Minh")
    assert len(asked) == 2 and "09:00" in asked[1], asked
    assert wednesday.strftime("%d/%m/%Y") in asked[1], asked
    expect(wednesday_cell.locator(f'[data-entry-id="{entry_id}"]')).to_be_visible()
    in_view(page, messages)

    # The schedule followed: the schedule page says so, in Hanoi time; then unschedule.
    page.goto(f"/admin/borderplan/calendar/entries/{entry_id}/schedule/")
    main = page.locator("main")
    expect(main).to_contain_text(wednesday.strftime("%d/%m/%Y"))
    expect(main).to_contain_text("09:00")
    page.get_by_role("button", name="Hủy lịch xuất bản").click()
    expect(page.locator(".messages")).to_be_visible()
    page.goto(f"/admin/borderplan/calendar/entries/{entry_id}/schedule/")
    expect(page.get_by_role("button", name="Hủy lịch xuất bản")).to_have_count(0)

    # A published entry cannot be dragged; its move form refuses, and says why.
    page.goto(f"/admin/borderplan/calendar/?date={tuesday.isoformat()}")
    published = find_card(page, monday_of(tuesday, -1), PUBLISHED)
    assert published.get_attribute("draggable") != "true"
    published.get_by_role("link").first.click()  # the entry's page
    page.get_by_role("navigation", name="Actions").get_by_role("button", name="Thao tác").click()
    page.get_by_role("link", name="Dời trên lịch").click()
    page.fill("input[name='date']", wednesday.isoformat())
    page.get_by_role("button", name="Dời ngày", exact=True).click()
    refusal = page.locator(".messages")
    expect(refusal).to_contain_text("Mục đã xuất bản không thể dời.")
    in_view(page, refusal)
    page.goto(f"/admin/borderplan/calendar/?date={tuesday.isoformat()}")
    expect(find_card(page, monday_of(tuesday, -1), PUBLISHED)).to_be_visible()
    # The browser logged the refused requests (409) as console errors; nothing else.
    browser.errors[:] = [e for e in browser.errors if "409" not in e]
    assert not browser.errors, browser.errors


def monday_of(day, shift: int = 0) -> str:
    return (day + timedelta(days=shift)).isoformat()


def find_card(page, day: str, title: str):
    """An entry's card on a day of the month grid; a busy day lists the rest."""
    cell = page.locator(f'td[data-date="{day}"]')
    card = cell.locator("[data-entry-id]", has_text=title)
    if not card.count() and cell.locator(".bp-cal__more").count():
        cell.locator(".bp-cal__more").click()
        card = page.locator(f'[id="day-{day}"] [data-entry-id], [data-entry-id]', has_text=title)
    return card.first


def in_view(page, locator) -> None:
    """The message is where the editor is looking: inside the viewport."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height, box
