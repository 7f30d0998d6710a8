"""The calendar in a real browser: Debian's Chromium driven by Playwright.

Log in, drag an entry to another day, reload, it stayed; drag one from the drawer; a
refused move rolls back with the server's message; a view-only user gets no drag; and
axe-core finds no serious or critical accessibility violation.
"""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_article
from tests.planning import at, make_entry, make_user

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser import chromium

# The live server runs in another thread, so the tests commit (transactional database).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1400, "height": 1800}
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error" and page.errors.append(message.text),
    )
    yield page
    context.close()


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    expect(page).to_have_url("/admin/", timeout=10_000)
    # Also checks the admin itself is Vietnamese.
    assert page.locator("html").get_attribute("lang") == "vi"


def open_may(page):
    page.goto("/admin/borderplan/calendar/?date=2026-05-01")
    expect(page.locator("h2.bp-cal__title")).to_have_text("Tháng 05/2026")


def drag(page, source, target):
    """Drag with real mouse moves, as a person does (HTML5 drag and drop needs the
    intermediate moves to start a drag)."""
    source.scroll_into_view_if_needed()
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + 6, start["y"] + start["height"] - 4)
    page.mouse.down()
    page.mouse.move(start["x"] + 20, start["y"] + 20, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=10)
    page.mouse.up()


def messages(page):
    """The message shown in Wagtail's messages area at the top of the admin."""
    return page.locator(".messages li").last


def card(page, entry):
    return page.locator(f'[data-entry-id="{entry.pk}"]')


def day(page, iso):
    return page.locator(f'td[data-date="{iso}"]')


def test_drag_to_another_day_and_from_the_drawer(page, world):
    member = world["users"]["member"]
    entry = make_entry(
        world["plan"],
        "Kéo tôi",
        planned_at=at(2026, 5, 4, 9, 15),
        unit=world["ict"],
        content_line=world["china"],
        channels=[world["provincial"]],
    )
    waiting = make_entry(world["plan"], "Trong ngăn chờ", unit=world["ict"])
    log_in(page, member.username)
    open_may(page)
    expect(day(page, "2026-05-04").locator(f'[data-entry-id="{entry.pk}"]')).to_have_count(1)

    drag(page, card(page, entry), day(page, "2026-05-13"))
    # The message names the new time and its zone.
    expect(messages(page)).to_have_text(
        "Đã dời “Kéo tôi” sang 13/05/2026 09:15, Giờ Việt Nam (Asia/Ho_Chi_Minh, UTC+07:00)."
    )
    page.reload()
    expect(day(page, "2026-05-13").locator(f'[data-entry-id="{entry.pk}"]')).to_have_count(1)
    expect(card(page, entry)).to_contain_text("09:15")
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 13, 9, 15)

    drawer = page.locator(".bp-cal__drawer")
    drag(page, card(page, waiting), day(page, "2026-05-20"))
    expect(messages(page)).to_contain_text("Đã dời “Trong ngăn chờ” sang 20/05/2026")
    page.reload()
    expect(day(page, "2026-05-20").locator(f'[data-entry-id="{waiting.pk}"]')).to_have_count(1)
    expect(drawer.locator(f'[data-entry-id="{waiting.pk}"]')).to_have_count(0)

    # And back into the drawer: unplanned.
    drag(page, card(page, waiting), drawer)
    expect(messages(page)).to_have_text("Đã đưa “Trong ngăn chờ” ra khỏi lịch.")
    waiting.refresh_from_db()
    assert waiting.planned_at is None
    assert page.errors == []


def test_refused_move_rolls_back_with_the_servers_message(page, world, index):
    article = make_article(index, live=False)
    article.go_live_at = timezone.now() + timedelta(days=3)
    article.save_revision().publish()
    entry = make_entry(
        world["plan"],
        "Đã lên lịch",
        planned_at=at(2026, 5, 6, 10, 0),
        unit=world["ict"],
        page=article,
    )
    log_in(page, world["users"]["member"].username)
    open_may(page)
    drag(page, card(page, entry), day(page, "2026-05-15"))
    status = messages(page)
    expect(status).to_contain_text("đã được lên lịch xuất bản")
    expect(status).to_have_class("error")
    expect(day(page, "2026-05-06").locator(f'[data-entry-id="{entry.pk}"]')).to_have_count(1)
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 6, 10, 0)


def test_view_only_user_gets_no_drag(page, world):
    entry = make_entry(world["plan"], "Chỉ xem", planned_at=at(2026, 5, 4), unit=world["ict"])
    log_in(page, world["users"]["viewer"].username)
    open_may(page)
    expect(card(page, entry)).to_be_visible()
    expect(page.locator('[draggable="true"]')).to_have_count(0)
    expect(page.locator(".bp-entry__move")).to_have_count(0)


def test_calendar_has_no_serious_accessibility_violations(page, world):
    make_entry(
        world["plan"],
        "Mục A",
        planned_at=at(2026, 5, 4),
        unit=world["ict"],
        content_line=world["china"],
        channels=[world["provincial"]],
        due_date=at(2026, 5, 1).date(),
    )
    make_entry(world["plan"], "Mục chờ", unit=world["ict"])
    # Days of April shown in May's grid: their cards must stay as readable as May's.
    for day_, title in ((28, "Mục ngày ngoài tháng"), (30, "Mục quá hạn ngoài tháng")):
        make_entry(
            world["plan"],
            title,
            planned_at=at(2026, 4, day_),
            unit=world["ict"],
            content_line=world["laos"],
            channels=[world["provincial"]],
            due_date=at(2026, 4, 1).date(),
        )
    user = make_user("a11y", "access_admin", "view_calendarentry", units=[world["ict"]])
    log_in(page, user.username)
    for view in ("month", "week", "list"):
        page.goto(f"/admin/borderplan/calendar/?view={view}&date=2026-05-01")
        if view == "month":
            outside = page.locator(".bp-cal__day--outside .bp-entry")
            expect(outside).to_have_count(2)
        results = Axe().run(page)
        serious = [
            f"{v['id']}: {v['help']}: "
            + "; ".join(
                f"{n['target']} {n.get('failureSummary', '')[:160]}" for n in v["nodes"][:5]
            )
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], (view, serious)
