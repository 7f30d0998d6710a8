"""At the year's end the administrator reports on the demo's 2021 plan.

The coverage report → the 2021 plan chosen in the report's filters → each of the five
reports at 1366 × 768: the page never scrolls sideways, every cell (the content line's
full text first of all) is shown whole, and the CSV and XLSX downloaded through the
page's export links hold, cell by cell, the table on the screen.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.journeys.site import DEMO_PASSWORD, ROOT

pytestmark = [pytest.mark.journey, pytest.mark.browser]

WIDTH, HEIGHT = 1366, 768
# (menu and button label, page title) of the five reports, in the order of their buttons.
REPORTS = [
    "Báo cáo thực hiện kế hoạch theo nội dung",
    "Báo cáo kết quả theo đơn vị",
    "Báo cáo tuyên truyền theo điều ước",
    "Danh mục tin, bài theo điều ước",
    "Tin, bài đã đăng",
]


def demo_data():
    """The demo's data module, read as a file: the plan's own wording is the truth."""
    spec = importlib.util.spec_from_file_location(
        "journey_demo_data", ROOT / "example_site" / "home" / "demo_data.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def text(value) -> str:
    """A spreadsheet cell as the screen writes it: nothing for empty, 8 for 8.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def screen_table(page) -> tuple[list[str], list[list[str]]]:
    """The report's main table as the administrator reads it."""
    table = page.locator("#listing-results table").first
    headers = [cell.strip() for cell in table.locator("thead th").all_inner_texts()]
    rows = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    return headers, rows


def clipped_cells(page) -> list[str]:
    """Cells whose text the page cuts (an ellipsis, a clamp, a fixed height)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("#listing-results table :is(td, th)")]
            .filter((cell) => cell.scrollWidth > cell.clientWidth + 1
                || cell.scrollHeight > cell.clientHeight + 1
                || getComputedStyle(cell).textOverflow === 'ellipsis'
                || getComputedStyle(cell).webkitLineClamp !== 'none')
            .map((cell) => cell.innerText.trim())"""
    )


def cut_off_tables(page) -> list[str]:
    """Tables wider than their room that the administrator cannot scroll to the end of.

    Wagtail's content area hides what overflows it, so the document never scrolls
    sideways even when a table runs off the screen: the box that a table overflows
    must scroll (``overflow-x: auto``) for the rest of it to be reachable."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#listing-results table')].flatMap((table) => {
            for (let box = table.parentElement; box; box = box.parentElement) {
                if (box.scrollWidth <= box.clientWidth + 1) continue;
                const overflow = getComputedStyle(box).overflowX;
                return ['auto', 'scroll'].includes(overflow)
                    ? []
                    : [`${box.tagName}.${box.className} (${overflow}): ` +
                       `${box.scrollWidth} px in ${box.clientWidth} px`];
            }
            return [];
        })"""
    )


def download(page, label: str, folder: Path) -> Path:
    """Download through the export link in the header's menu, as the administrator does."""
    header = page.locator("header")
    link = header.get_by_role("link", name=label, exact=True)
    if not link.is_visible():  # the menu stays open after a download
        header.get_by_role("button", name="Thao tác").click()
    with page.expect_download() as event:
        link.click()
    file = folder / event.value.suggested_filename
    event.value.save_as(file)
    return file


def test_year_end_reports_fit_the_screen_and_match_their_exports(demo_site, open_browser, tmp_path):
    data = demo_data()
    plan = data.SEED_PLAN["title"]
    assert data.SEED_PLAN["year"] == 2021
    lines = [line[1] for line in data.CONTENT_LINES]

    admin = open_browser("admin", DEMO_PASSWORD, width=WIDTH, height=HEIGHT)
    page = admin.page

    # Báo cáo → the coverage report; it opens on the current plan, not 2021's.
    page.get_by_role("button", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name=REPORTS[0], exact=True).click()
    expect(page.locator("h1")).to_contain_text(REPORTS[0])
    scope = page.locator(".bp-report__scope")
    expect(scope).not_to_contain_text(plan)

    # The 2021 plan, chosen in the filters' drawer: the results follow.
    page.get_by_role("button", name="Hiển thị bộ lọc").click()
    page.locator(".w-drilldown").get_by_role("button", name="Kế hoạch", exact=True).click()
    page.locator(".w-drilldown").get_by_role("combobox", name="Kế hoạch").select_option(label=plan)
    expect(scope).to_contain_text(f"Kế hoạch: {plan}")
    expect(scope).to_contain_text("01/01/2021")
    expect(scope).to_contain_text("31/12/2021")
    page.keyboard.press("Escape")  # the drawer closes; the filter stays
    expect(page).to_have_url(re.compile(r"[?&]plan=\d+"))

    for number, title in enumerate(REPORTS):
        if number:  # the buttons above the table keep the filters
            page.locator(".bp-report__nav").get_by_role("link", name=title, exact=True).click()
        expect(page.locator("h1")).to_contain_text(title)
        expect(page.locator(".bp-report__scope")).to_contain_text(f"Kế hoạch: {plan}")
        headers, rows = screen_table(page)
        assert headers and rows, title

        # It fits 1366 px: the page never scrolls sideways; no cell is cut short.
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= WIDTH, f"{title}: the page is {width} px wide"
        assert not clipped_cells(page), (title, clipped_cells(page))
        assert not cut_off_tables(page), (title, cut_off_tables(page))
        if number == 0:
            shown = [row[headers.index("Nội dung")] for row in rows]
            for line in lines:
                assert line in shown, f"the content line in full: {line}"
        page.screenshot(path=str(tmp_path / f"report-{number}.png"), full_page=True)

        # The CSV: the screen's header, then its rows, cell by cell.
        csv_file = download(page, "Tải CSV", tmp_path)
        assert csv_file.suffix == ".csv" and "-20210101-20211231" in csv_file.name
        with csv_file.open(encoding="utf-8-sig", newline="") as handle:
            table = [[cell.strip() for cell in row] for row in csv.reader(handle)]
        assert table[0] == headers, (title, table[0])
        assert table[1:] == rows, title

        # The XLSX: a named sheet, a title block naming the plan, then the same table.
        xlsx_file = download(page, "Tải XLSX", tmp_path)
        assert xlsx_file.suffix == ".xlsx" and "-20210101-20211231" in xlsx_file.name
        book = openpyxl.load_workbook(xlsx_file)
        assert len(book.worksheets) == 1 and book.sheetnames != ["Sheet1"], book.sheetnames
        sheet = [[text(cell) for cell in row] for row in book.active.iter_rows(values_only=True)]
        start = next((i for i, row in enumerate(sheet) if row == headers), None)
        assert start is not None, f"{title}: no header row like the screen's in the XLSX"
        assert any(plan in row for row in sheet[:start]), "the plan, in the title block"
        body = [row for row in sheet[start + 1 :] if any(row)]
        assert body == rows, title

    assert not admin.errors, admin.errors
