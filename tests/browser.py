"""Debian's Chromium through Playwright, for the browser tests and the journeys.

Playwright's own browser download does not work here; every test drives the Chromium
that ``apt-get install chromium`` brings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

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


def close_picker(tab, picker) -> None:
    """Click away until Wagtail's date-time picker is closed: typing in its field may
    reopen it a moment later, over the form's buttons."""
    for _attempt in range(10):
        tab.locator("main p").first.click()
        tab.wait_for_timeout(200)
        if picker.is_hidden():
            return
    from playwright.sync_api import expect

    expect(picker).to_be_hidden()
