"""Where things are on the calendar's page, for its browser tests."""

from playwright.sync_api import expect


def open_may(page):
    page.goto("/admin/borderplan/calendar/?date=2026-05-01")
    expect(page.locator("h2.bp-cal__title")).to_have_text("Tháng 05/2026")


def card(page, entry):
    return page.locator(f'[data-entry-id="{entry.pk}"]')


def day(page, iso):
    return page.locator(f'td[data-date="{iso}"]')
