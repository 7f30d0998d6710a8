"""The calendar in a real browser: Debian's Chromium driven by Playwright.

Log in, drag an entry to another day, reload, it stayed; drag one from the drawer; a
refused move rolls back with the server's message; a view-only user gets no drag; and
axe-core finds no serious or critical accessibility violation.
"""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import drag, log_in, messages
from tests.calendar.calendar_page import card, day, open_may
from tests.factories import at, make_article, make_entry, make_user
from wagtail_borderplan.models import CalendarPreference, Delivery, Unit

# The live server runs in another thread, so the tests commit (transactional database).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_drag_to_another_day_and_from_the_drawer(page, world):
    member = world["users"]["member"]
    entry = make_entry(
        world["plan"],
        "Kéo tôi",
        planned_at=at(2026, 5, 4, 9, 15),
        unit=world["ict"],
        content_line=world["china"],
        channels=[world["provincial"], world["radio"]],
    )
    # Two stations carry the relay and one confirmed: the card counts "1/2".
    stations = [Unit.objects.create(name=f"Đài xã {n}", kind="commune_committee") for n in (1, 2)]
    world["radio"].carriers.set(stations)
    Delivery.objects.create(
        entry=entry, channel=world["radio"], unit=stations[0], delivered_at=at(2026, 5, 4, 10)
    )
    waiting = make_entry(world["plan"], "Trong ngăn chờ", unit=world["ict"])
    log_in(page, member.username)
    open_may(page)
    expect(day(page, "2026-05-04").locator(f'[data-entry-id="{entry.pk}"]')).to_have_count(1)
    badge = card(page, entry).locator(".bp-entry__delivery")
    expect(badge).to_have_text("1/2")

    page.evaluate(
        "window.moved = [];"
        "document.addEventListener('bp-calendar:moved', (e) => window.moved.push(e.detail))"
    )
    drag(page, card(page, entry), day(page, "2026-05-13"))
    # The message names the new time and its zone.
    expect(messages(page)).to_have_text(
        "Đã dời “Kéo tôi” sang 13/05/2026 09:15, Giờ Việt Nam (Asia/Ho_Chi_Minh, UTC+07:00)."
    )
    # The moved card keeps its delivery badge, before and after a reload.
    expect(day(page, "2026-05-13").locator(".bp-entry__delivery")).to_have_text("1/2")
    # Other scripts hear of the move.
    moved = page.evaluate("window.moved")
    assert [(m["id"], m["date"], m["entry"]["time"]) for m in moved] == [
        (entry.pk, "2026-05-13", "09:15")
    ]
    page.reload()
    expect(day(page, "2026-05-13").locator(f'[data-entry-id="{entry.pk}"]')).to_have_count(1)
    expect(card(page, entry)).to_contain_text("09:15")
    expect(badge).to_have_text("1/2")
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


def test_applied_filters_are_remembered_with_javascript(page, world):
    """The script posts the filters when they are applied or cleared; reading the
    calendar itself stores nothing."""
    user = world["users"]["member"]
    slug = world["china"].section.slug
    log_in(page, user.username)
    open_may(page)
    # With the script, the "Remember these filters" button is not needed.
    expect(page.locator(".bp-cal__remember")).to_be_hidden()
    page.select_option("select[name=section]", slug)
    page.get_by_role("button", name="Áp dụng bộ lọc").click()
    expect(page).to_have_url(re.compile(rf"section={slug}"))
    assert CalendarPreference.objects.get(user=user).filters == {"section": slug}
    page.goto("/admin/borderplan/calendar/")
    expect(page).to_have_url(re.compile(rf"\?section={slug}$"))

    page.get_by_role("link", name="Xóa bộ lọc").click()
    expect(page).to_have_url(re.compile(r"plan=$"))
    assert CalendarPreference.objects.get(user=user).filters == {}
    page.goto("/admin/borderplan/calendar/")
    expect(page).to_have_url(re.compile(r"/calendar/$"))
    assert page.errors == []


def test_cards_carry_no_actions_of_their_own(page, world):
    make_entry(world["plan"], "Kéo tôi", planned_at=at(2026, 5, 4), unit=world["ict"])
    log_in(page, world["users"]["member"].username)
    open_may(page)
    expect(page.locator(".bp-entry[draggable=true]")).to_have_count(1)
    expect(page.locator(".bp-entry[data-action], .bp-entry [data-action]")).to_have_count(0)
    # One delegated set of drag actions, on the calendar's container.
    actions = page.locator("[data-controller=bp-calendar]").get_attribute("data-action")
    assert "dragstart->bp-calendar#start" in actions and "drop->bp-calendar#drop" in actions
