"""The calendar on a phone, and the feedback of a move where the editor is looking.

Chromium through Playwright (the ``browser`` and ``page`` fixtures of conftest.py).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import drag, log_in, messages, open_tab
from tests.calendar.calendar_page import card, day, open_may
from tests.factories import at, make_article, make_entry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def laptop(browser, live_server):
    # A short window: the month is far longer than the screen.
    page = open_tab(browser, live_server.url, 1366, 600)
    yield page
    page.context.close()


def test_month_and_week_stack_their_days_on_a_390px_phone(phone, world):
    entry = make_entry(
        world["plan"],
        "Một tiêu đề bài viết khá dài về cột mốc biên giới trên điện thoại",
        planned_at=at(2026, 5, 4, 9, 15),
        unit=world["ict"],
        content_line=world["china"],
        channels=[world["provincial"]],
    )
    make_entry(world["plan"], "Cuối tháng trước", planned_at=at(2026, 4, 28), unit=world["ict"])
    log_in(phone, world["users"]["member"].username)
    for view in ("month", "week", "list"):
        phone.goto(f"/admin/borderplan/calendar/?view={view}&date=2026-05-04")
        width = phone.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 390, (view, width)
        shown = card(phone, entry)
        expect(shown).to_be_visible()
        box = shown.bounding_box()
        # Readable: the card spans most of the screen, not a seventh of it.
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (view, box)
        assert box["width"] >= 250, (view, box)
        expect(shown).to_contain_text("09:15")
    phone.goto("/admin/borderplan/calendar/?view=month&date=2026-05-04")
    # Each stacked day names its weekday and date; the empty days of other months go.
    expect(day(phone, "2026-05-04")).to_contain_text("04/05/2026")
    expect(day(phone, "2026-04-28")).to_be_visible()
    expect(day(phone, "2026-04-27")).to_be_hidden()
    expect(phone.locator(".bp-cal__grid thead")).to_be_hidden()
    assert phone.errors == []


def test_move_feedback_shows_in_wagtails_messages_in_sight(laptop, world, index):
    page = laptop
    entry = make_entry(
        world["plan"], "Cuối tháng", planned_at=at(2026, 5, 26, 9, 15), unit=world["ict"]
    )
    article = make_article(index, live=False)
    article.go_live_at = timezone.now() + timedelta(days=3)
    article.save_revision().publish()
    scheduled = make_entry(
        world["plan"],
        "Đã lên lịch",
        planned_at=at(2026, 5, 27, 10, 0),
        unit=world["ict"],
        page=article,
    )
    log_in(page, world["users"]["member"].username)
    open_may(page)
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    drag(page, card(page, entry), day(page, "2026-05-28"))
    message = messages(page)
    expect(message).to_have_text(
        "Đã dời “Cuối tháng” sang 28/05/2026 09:15, Giờ Việt Nam (Asia/Ho_Chi_Minh, UTC+07:00)."
    )
    expect(message).to_have_class("success")
    expect(message).to_be_in_viewport()
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 28, 9, 15)

    # Refused: says why, in the same place, and the card goes back.
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    page.once("dialog", lambda dialog: dialog.dismiss())
    drag(page, card(page, scheduled), day(page, "2026-05-29"))
    message = messages(page)
    expect(message).to_contain_text("đã được lên lịch xuất bản")
    expect(message).to_have_class("error")
    expect(message).to_be_in_viewport()
    expect(page.locator(".messages li")).to_have_count(1)
    expect(day(page, "2026-05-27").locator(f'[data-entry-id="{scheduled.pk}"]')).to_have_count(1)
    # The refused request is the one error the console shows; no script failed.
    assert page.errors == [
        "Failed to load resource: the server responded with a status of 409 (Conflict)"
    ]
