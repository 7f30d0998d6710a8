"""The reports of the demo's 2021 plan on a 1366 × 768 screen, in Chromium.

The page itself never scrolls sideways (a wide table scrolls inside its own container,
its first column sticky) and every content line is shown in full.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import chromium, open_tab
from tests.factories import make_user, restore_wagtail_roots
from wagtail_borderplan.models import ContentLine, Plan
from wagtail_borderplan.reports.views import REPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The page never scrolls sideways, and no table is cut off by the admin's layout (which
# clips what overflows it): a table wider than the window is in a box that scrolls.
LAYOUT = """() => {
    const root = document.scrollingElement || document.documentElement;
    const width = root.clientWidth;
    const tables = [...document.querySelectorAll("table.bp-report__table")].map(table => {
        const box = table.closest(".bp-report__scroll");
        const fits = table.getBoundingClientRect().right <= width + 1;
        const scrolls = box !== null
            && box.getBoundingClientRect().right <= width + 1
            && getComputedStyle(box).overflowX === "auto";
        return {fits, scrolls, wide: table.scrollWidth > (box ? box.clientWidth : width)};
    });
    return {scroll: root.scrollWidth, client: width, tables};
}"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, live_server):
    restore_wagtail_roots()
    call_command("borderplan_demo", verbosity=0)
    make_user("viewer", superuser=True)
    page = open_tab(browser, live_server.url, 1366, 768)
    page.goto("/admin/login/")
    page.fill("#id_username", "viewer")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    expect(page).to_have_url("/admin/", timeout=10_000)
    yield page
    page.context.close()


def test_the_2021_reports_fit_1366_pixels(page):
    plan = Plan.objects.get(period_start__year=2021)
    seen_wide = False
    for view in REPORTS:
        url = reverse(f"borderplan_reports:{view.url_name}") + f"?plan={plan.pk}"
        page.goto(url)
        expect(page.locator("table.bp-report__table").first).to_be_visible()
        layout = page.evaluate(LAYOUT)
        assert layout["scroll"] <= layout["client"], (view.url_name, layout)
        for table in layout["tables"]:
            assert table["fits"] or table["scrolls"], (view.url_name, layout)
        seen_wide = seen_wide or any(table["wide"] for table in layout["tables"])
    # The 2021 plan's treaty report (a column per portal) is wider than the screen.
    assert seen_wide


def test_coverage_shows_each_content_line_in_full(page):
    plan = Plan.objects.get(period_start__year=2021)
    page.goto(reverse("borderplan_reports:coverage") + f"?plan={plan.pk}")
    cells = page.locator("table.bp-report__table").first.locator("tbody td:nth-child(2)")
    shown = set(cells.all_inner_texts())
    for text in ContentLine.objects.filter(plan=plan).values_list("text", flat=True):
        assert " ".join(text.split()) in shown
    # The treaty report (a column per portal) scrolls sideways in its box; its first
    # column stays in place.
    page.goto(reverse("borderplan_reports:treaties") + f"?plan={plan.pk}")
    box = page.locator(".bp-report__scroll").first
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    first = box.locator("tbody tr:first-child td:first-child")
    last = box.locator("tbody tr:first-child td:last-child")
    before = first.bounding_box()["x"]
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert abs(first.bounding_box()["x"] - before) < 1
    expect(last).to_be_in_viewport()
