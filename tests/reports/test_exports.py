"""The reports' exports as a reader opens them, the full text of content lines, and the
plan a report opens on (see ``tests/reports_data.py`` for the plan)."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tests.factories import make_entry, make_plan
from tests.reports import test_reports
from tests.reports.test_reports import COVERAGE, csv_rows, html_rows, xlsx_rows
from wagtail_borderplan.models import ContentLine, Plan
from wagtail_borderplan.reports.views import REPORTS

LONG = (
    "Tuyên truyền nội dung, ý nghĩa, kết quả thực hiện Hiệp ước biên giới trên đất liền "
    "Việt Nam - Trung Quốc và 03 văn kiện pháp lý về biên giới; các Hiệp định về thác Bản "
    "Giốc - Đức Thiên và cửa sông Bắc Luân."
)
SHEETS = {
    "coverage": "Coverage by content line",
    "units": "Delivery by unit",
    "treaties": "Coverage by treaty",
    "treaty_articles": "Articles by treaty",
    "published": "Published articles",
    "channel_deliveries": "Delivery by channel",
    "carrier_deliveries": "Delivery by carrying unit",
    "languages": "Editions by language",
}


ZONE = "Asia/Ho_Chi_Minh (UTC+07:00)"


# The known plan of the report tests, at their fixed time.
now = test_reports.now
plan_data = test_reports.plan_data
viewer = test_reports.viewer


def workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def html_head(response, table_index: int = 0) -> list[str]:
    html = response.content.decode()
    table = re.findall(r"<table[^>]*bp-report__table.*?</table>", html, re.S)[table_index]
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    return [
        " ".join(unescape(re.sub(r"<.*?>", " ", th)).split())
        for th in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)
    ]


@pytest.mark.parametrize("view", REPORTS, ids=lambda view: view.url_name)
def test_xlsx_has_a_title_block_a_named_sheet_and_the_tables_rows(plan_data, viewer, view):
    url = reverse(f"borderplan_reports:{view.url_name}")
    book = workbook(viewer.get(url, {"export": "xlsx"}))
    assert book.sheetnames == [pgettext("report sheet", SHEETS[view.url_name])]
    assert len(book.sheetnames[0]) <= 31
    sheet = book.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    title = [[cell for cell in row if cell] for row in rows[:6]]
    assert title == [
        [str(view.page_title)],
        [pgettext("report filter", "Plan"), "Kế hoạch 2026"],
        [_("Reporting period"), "01/01/2026 – 31/12/2026"],
        [_("Filters"), pgettext("report filters", "None")],
        [pgettext("report export", "Time zone"), ZONE],
        [pgettext("report export", "Generated at"), f"01/07/2026 10:00 {ZONE}"],
    ]
    assert not any(rows[6])
    # The headings are the page's translated headings, never field names.
    screen = viewer.get(url)
    head = html_head(screen)
    table = xlsx_rows(viewer.get(url, {"export": "xlsx"}))
    assert table[0] == head == csv_rows(viewer.get(url, {"export": "csv"}))[0]
    assert not any(re.fullmatch(r"[a-z_]+", heading) for heading in head)
    # The data rows are the page's rows and the CSV's.
    assert table[1:] == html_rows(screen) == csv_rows(viewer.get(url, {"export": "csv"}))[1:]


def test_xlsx_title_block_names_the_filters(plan_data, viewer, world, taxonomy):
    book = workbook(
        viewer.get(
            COVERAGE,
            {
                "export": "xlsx",
                "unit": world["ict"].pk,
                "section": taxonomy["china"].slug,
                "period_from": "2026-03-01",
            },
        )
    )
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[2][:2] == (_("Reporting period"), "01/03/2026 – 31/12/2026")
    section, unit = pgettext("report filter", "Section"), pgettext("report filter", "Unit")
    assert rows[3][:2] == (
        _("Filters"),
        f"{section}: Việt Nam - Trung Quốc; {unit}: Trung tâm CNTT&TT",
    )


def test_content_lines_are_shown_in_full_everywhere(plan_data, viewer, world):
    ContentLine.objects.filter(pk=world["china"].pk).update(text=LONG.replace(" ", "\n", 3))
    screen = viewer.get(COVERAGE)
    assert LONG in [row[1] for row in html_rows(screen)]
    assert LONG in [row[1] for row in html_rows(viewer.get(COVERAGE, {"print": "1"}))]
    assert LONG in [row[1] for row in csv_rows(viewer.get(COVERAGE, {"export": "csv"}))]
    assert LONG in [row[1] for row in xlsx_rows(viewer.get(COVERAGE, {"export": "xlsx"}))]


def scope_plan(response) -> str:
    before = _("Plan: <strong>%(plan)s</strong>. Period: %(first)s – %(last)s.").split("%(plan)s")[
        0
    ]
    found = re.search(re.escape(before) + r"(.*?)</strong>", response.content.decode())
    return found.group(1)


def test_reports_open_on_the_latest_plan_with_entries(plan_data, viewer):
    # Next year's plan, made active before anything is planned in it.
    make_plan(title="Kế hoạch 2027", period_start=date(2027, 1, 1), period_end=date(2027, 12, 31))
    for view in REPORTS:
        response = viewer.get(reverse(f"borderplan_reports:{view.url_name}"))
        assert scope_plan(response) == "Kế hoạch 2026", view.url_name
    # Once it has an entry, it is the latest plan with data.
    make_entry(Plan.objects.get(title="Kế hoạch 2027"), "Bài đầu năm")
    assert scope_plan(viewer.get(COVERAGE)) == "Kế hoạch 2027"


def test_a_closed_plan_with_entries_wins_over_an_empty_active_one(db, world, client):
    old = world["plan"]
    Plan.objects.filter(pk=old.pk).update(status="closed")
    make_entry(old, "Bài cũ")
    make_plan(title="Kế hoạch trống", period_start=date(2027, 1, 1), period_end=date(2027, 12, 31))
    assert Plan.objects.latest_with_data() == old
    client.force_login(world["users"]["viewer"])
    assert scope_plan(client.get(COVERAGE)) == "Kế hoạch 2026"
    # With no entries anywhere: the latest active plan.
    old.entries.all().delete()
    assert Plan.objects.latest_with_data().title == "Kế hoạch trống"
