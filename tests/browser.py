"""Debian's Chromium through Playwright, for the browser tests and the journeys.

Playwright's own browser download does not work here; every test drives the Chromium
that ``apt-get install chromium`` brings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in the test's thread, and Django refuses ORM
# calls there; the tests' own ORM calls are still synchronous and safe. Set here, where
# every browser test's helpers come from, so a browser module also passes on its own.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium, closed on exit."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's Chromium is needed for browser tests: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def open_tab(browser, base_url: str, width: int = 1400, height: int = 1800, **options):
    """A page in a fresh Vietnamese browser context; ``page.errors`` collects script
    errors and console errors. Close it with ``page.context.close()``."""
    context = browser.new_context(
        base_url=base_url, locale="vi-VN", viewport={"width": width, "height": height}, **options
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error" and page.errors.append(message.text),
    )
    return page


def close_tab(page) -> None:
    """Close a tab once the server has answered its last requests: a request still being
    served while the test database is flushed locks SQLite's tables (seen in CI)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_load_state("networkidle", timeout=5_000)
    except PlaywrightTimeout:
        pass  # a page that keeps polling: close it anyway
    finally:
        page.context.close()


def close_picker(tab, picker) -> None:
    """Click away until Wagtail's date-time picker is closed: typing in its field may
    reopen it a moment later, over the form's buttons."""
    for _attempt in range(10):
        tab.locator("main p").first.click()
        tab.wait_for_timeout(200)
        if picker.is_hidden():
            return
    expect(picker).to_be_hidden()


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    expect(page).to_have_url("/admin/", timeout=10_000)
    # Also checks the admin itself is Vietnamese.
    assert page.locator("html").get_attribute("lang") == "vi"


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
