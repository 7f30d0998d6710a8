"""The plan reports: every number of every view, export and print page, for a plan
with known entries (see ``tests/reports_data.py``)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tests.reports_data import NOW, known_plan
from wagtail_borderplan.models import ChannelKind
from wagtail_borderplan.reports import scope as report_scope

# Headings and labels as the reports print them, in the active language (lazily: the
# module is read before a language is active).
TOTAL = pgettext_lazy("report row", "Total")
DISTINCT = _("Distinct articles")


def col(msgid: str) -> Promise:
    return pgettext_lazy("report column", msgid)


def on(portal: str) -> Promise:
    return lazy(lambda: gettext("On %(portal)s") % {"portal": portal}, str)()


COVERAGE = reverse("borderplan_reports:coverage")
UNITS = reverse("borderplan_reports:units")
TREATIES = reverse("borderplan_reports:treaties")
PUBLISHED = reverse("borderplan_reports:published")
TREATY_ARTICLES = reverse("borderplan_reports:treaty_articles")

# Content lines in report order: sections by name ("Lào" before "Trung Quốc").
COVERAGE_HEAD = [
    col("Section"),
    col("Content line"),
    col("Target"),
    col("Planned"),
    col("Not started"),
    col("In progress"),
    col("Scheduled"),
    col("Missed"),
    col("Published"),
    col("On time"),
    col("Late"),
    col("Cancelled"),
    col("Percent of target"),
]
# planned, not started, in progress, scheduled, missed, published, on time, late, cancelled
COVERAGE_ROWS = [
    ["Việt Nam - Lào", "Lào", "2", "4", "0", "3", "0", "1", "0", "0", "0", "1", "0"],
    [
        "Việt Nam - Trung Quốc",
        "Hiệp ước 1999",
        "5",
        "7",
        "1",
        "0",
        "1",
        "1",
        "4",
        "2",
        "2",
        "0",
        "80",
    ],
    ["Việt Nam - Trung Quốc", "Không có mục", "", "0", "0", "0", "0", "0", "0", "0", "0", "0", ""],
    ["", _("(no content line)"), "", "1", "0", "0", "0", "0", "1", "1", "0", "0", ""],
    # Percent of target on the totals row: only the lines that have a target (0 + 4 of
    # 2 + 5), not the item outside any content line.
    ["", TOTAL, "7", "12", "1", "3", "1", "2", "5", "3", "2", "1", "57"],
]
UNITS_HEAD = [
    col("Unit"),
    col("Assigned"),
    col("Delivered"),
    col("On time"),
    col("Late"),
    col("Missed"),
    col("Not yet due"),
    col("Cancelled"),
]
UNITS_ROWS = [
    ["Phòng TT-BC-XB", "5", "1", "0", "1", "2", "2", "0"],
    ["Trung tâm CNTT&TT", "6", "4", "3", "1", "0", "2", "1"],
    [_("(no unit)"), "1", "0", "0", "0", "0", "1", "0"],
    [TOTAL, "12", "5", "3", "2", "2", "5", "1"],
]
PUBLISHED_HEAD = [col("Portal"), col("Unit"), col("Month published"), col("Articles")]
PUBLISHED_ROWS = [
    ["Cổng Sở", "Trung tâm CNTT&TT", "03/2026", "1"],
    ["Cổng tỉnh", "Phòng TT-BC-XB", "07/2026", "1"],
    ["Cổng tỉnh", "Trung tâm CNTT&TT", "03/2026", "2"],
    ["Cổng tỉnh", "Trung tâm CNTT&TT", "06/2026", "1"],
    [_("(no portal)"), "Trung tâm CNTT&TT", "05/2026", "1"],
    [DISTINCT, "", "", "5"],
]
# The portals by publishing: on time (both portals of "two_portals"), late ("late",
# "midnight"), missed ("new_year"), waiting (six entries not yet due), cancelled; the
# commune radio by the unit's records of "late" and "no_line", both on their day.
KIND_ROWS = [
    [ChannelKind.PORTAL.label, "11", "2", "2", "1", "6", "1", "36"],
    [ChannelKind.COMMUNE_RADIO.label, "2", "2", "0", "0", "0", "0", "100"],
    [TOTAL, "13", "4", "2", "1", "6", "1", "46"],
]
TREATIES_HEAD = [
    col("Treaty"),
    col("Kind"),
    col("Full title"),
    col("Signed on"),
    col("Content lines"),
    col("Articles"),
    on("Cổng Sở"),
    on("Cổng tỉnh"),
    col("Covered"),
]
TREATIES_ROWS = [
    [
        "Hiệp ước 1999",
        _("Treaty"),
        "Hiệp ước biên giới trên đất liền",
        "30/12/1999",
        "1",
        "4",
        "1",
        "4",
        pgettext_lazy("treaty coverage", "Covered"),
    ],
    [
        "Nghị định thư Lào",
        _("Protocol"),
        "Nghị định thư về đường biên giới",
        "",
        "1",
        "0",
        "0",
        "0",
        _("Not covered"),
    ],
    [TOTAL, "", "", "", "2", "4", "1", "4", ""],
]


ARTICLES_HEAD = [
    col("Treaty"),
    col("Article"),
    format_lazy("{} ({})", col("Published at"), "Asia/Ho_Chi_Minh"),
    col("Unit"),
    col("Portals"),
]
# Local times; the article on both portals is one row.
ARTICLES_ROWS = [
    ["Hiệp ước 1999", "two_portals", "10/03/2026 15:00", "Trung tâm CNTT&TT", "Cổng Sở, Cổng tỉnh"],
    ["Hiệp ước 1999", "late", "22/03/2026 09:00", "Trung tâm CNTT&TT", "Cổng tỉnh"],
    ["Hiệp ước 1999", "unplanned_live", "01/06/2026 10:00", "Trung tâm CNTT&TT", "Cổng tỉnh"],
    ["Hiệp ước 1999", "midnight", "01/07/2026 01:00", "Phòng TT-BC-XB", "Cổng tỉnh"],
]


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr(report_scope, "current_time", lambda: NOW)
    return NOW


@pytest.fixture
def plan_data(world, taxonomy, portals, editors, now, client):

    taxonomy["treaty"].signed_on = date(1999, 12, 30)
    taxonomy["treaty"].save()
    data = known_plan(world, taxonomy, portals, editors["superuser"])
    # Moved from February to September through the calendar's move endpoint.
    client.force_login(editors["superuser"])
    moved = data["entries"]["moved"]
    response = client.post(
        reverse("borderplan_calendar:move", args=[moved.pk]),
        {"date": "2026-09-15"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content
    client.logout()
    return data


@pytest.fixture
def viewer(client, world):
    client.force_login(world["users"]["viewer"])
    return client


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv"
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())  # for Excel
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list[str]]:
    """The table of the XLSX export: the rows after the title block and its empty row."""
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    blank = next(number for number, row in enumerate(rows) if not any(row))
    return [row[: len(rows[blank + 1])] for row in rows[blank + 1 :]]


def html_rows(response, table_index: int = 0) -> list[list[str]]:
    """The body rows of the n-th table of a page, as text."""
    import re
    from html import unescape

    html = response.content.decode()
    tables = re.findall(r"<table[^>]*bp-report__table.*?</table>", html, re.S)
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", tables[table_index], re.S).group(1)
    rows = []
    for tr in re.findall(r"<tr.*?</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        rows.append([" ".join(unescape(re.sub(r"<.*?>", " ", c)).split()) for c in cells])
    return rows


@pytest.mark.parametrize(
    "url,head,rows",
    [
        (COVERAGE, COVERAGE_HEAD, COVERAGE_ROWS),
        (UNITS, UNITS_HEAD, UNITS_ROWS),
        (PUBLISHED, PUBLISHED_HEAD, PUBLISHED_ROWS),
        (TREATIES, TREATIES_HEAD, TREATIES_ROWS),
        (TREATY_ARTICLES, ARTICLES_HEAD, ARTICLES_ROWS),
    ],
)
def test_every_number_in_view_and_exports(plan_data, viewer, url, head, rows):
    response = viewer.get(url)
    assert response.status_code == 200
    assert html_rows(response) == rows
    assert csv_rows(viewer.get(url, {"export": "csv"})) == [head, *rows]
    assert xlsx_rows(viewer.get(url, {"export": "xlsx"})) == [head, *rows]
    printed = viewer.get(url, {"print": "1"})
    assert printed.status_code == 200
    assert html_rows(printed) == rows


def test_coverage_page_lists_published_articles_and_flags_uncovered_treaties(plan_data, viewer):
    response = viewer.get(COVERAGE)
    # The second table: published articles by portal, unit and month; the third: the
    # treaties with no live article in the period.
    assert html_rows(response, 1) == PUBLISHED_ROWS
    assert html_rows(response, 2) == [
        ["Nghị định thư Lào", "Nghị định thư về đường biên giới", "1"]
    ]
    # The fourth: deliveries by channel kind (expected, on time, late, missed, waiting,
    # cancelled, completeness).
    assert html_rows(response, 3) == KIND_ROWS
    printed = viewer.get(COVERAGE, {"print": "1"})
    assert html_rows(printed, 1) == PUBLISHED_ROWS
    assert html_rows(printed, 2) == [["Nghị định thư Lào", "Nghị định thư về đường biên giới", "1"]]


def test_header_states_plan_period_and_zone(plan_data, viewer):
    html = viewer.get(COVERAGE).content.decode()
    scope = gettext("Plan: <strong>%(plan)s</strong>. Period: %(first)s – %(last)s.")
    assert scope % {"plan": "Kế hoạch 2026", "first": "01/01/2026", "last": "31/12/2026"} in html
    assert counted_in("Asia/Ho_Chi_Minh", "+07:00", "01/07/2026 10:00") in html


def test_export_file_names(plan_data, viewer, world):
    response = viewer.get(UNITS, {"export": "xlsx", "period_from": "2026-03-01"})
    assert (
        f'filename="bao-cao-don-vi-{world["plan"].pk}-20260301-20261231.xlsx"'
        in (response["Content-Disposition"])
    )


def counted_in(zone: str, offset: str, made_at: str | None = None) -> str:
    """The header's zone sentence; only what precedes the time it was made, if not given."""
    sentence = gettext(
        "Days and months are counted in the %(zone_name)s time zone (UTC%(zone_offset)s); "
        "figures as of %(made_at)s."
    ) % {"zone_name": zone, "zone_offset": offset, "made_at": made_at or "\0"}
    return sentence if made_at else sentence.split("\0")[0]


def coverage_numbers(client, **params) -> dict[str, list[str]]:
    """Coverage CSV rows keyed by content line text, numbers only."""
    rows = csv_rows(client.get(COVERAGE, {"export": "csv", **params}))[1:]
    return {row[1]: row[2:] for row in rows}


ZERO = ["0"] * 9


def test_period_boundaries_in_local_time(plan_data, viewer):
    # 00:30 on 1 January local is 17:30 UTC on 31 December: January, not December.
    january_1 = coverage_numbers(viewer, period_from="2026-01-01", period_to="2026-01-01")
    assert january_1["Hiệp ước 1999"] == ["5", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]
    assert january_1[TOTAL] == ["7", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]
    # 23:30 on 31 December 2025 local is in 2025 (the plan's own period starts later).
    december = coverage_numbers(viewer, period_from="2025-12-31", period_to="2025-12-31")
    assert december["Hiệp ước 1999"] == ["5", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]
    # 23:30 on 31 December 2026 local (16:30 UTC): the last day, an idea not started.
    last_day = coverage_numbers(viewer, period_from="2026-12-31", period_to="2026-12-31")
    assert last_day["Hiệp ước 1999"] == ["5", "1", "1", "0", "0", "0", "0", "0", "0", "0", "0"]
    # The next day has none of them.
    assert coverage_numbers(viewer, period_from="2027-01-01", period_to="2027-01-01")[TOTAL] == [
        "7",
        *ZERO,
        "0",
    ]


def test_publication_after_midnight_is_late_and_in_the_next_month(plan_data, viewer):
    # Planned 22:00 on 30 June, live 01:00 on 1 July local (both 30 June in UTC).
    june = coverage_numbers(viewer, period_from="2026-06-01", period_to="2026-06-30")
    # China line: the unplanned article live on 1 June (on time) and the late one.
    assert june["Hiệp ước 1999"] == ["5", "2", "0", "0", "0", "0", "2", "1", "1", "0", "40"]
    units = csv_rows(
        viewer.get(UNITS, {"export": "csv", "period_from": "2026-06-30", "period_to": "2026-06-30"})
    )
    assert units[1:] == [
        ["Phòng TT-BC-XB", "1", "1", "0", "1", "0", "0", "0"],
        [TOTAL, "1", "1", "0", "1", "0", "0", "0"],
    ]
    published = csv_rows(viewer.get(PUBLISHED, {"export": "csv", "period_from": "2026-06-30"}))
    assert published[1:] == [
        ["Cổng tỉnh", "Phòng TT-BC-XB", "07/2026", "1"],
        [DISTINCT, "", "", "1"],
    ]


def test_moved_entry_counts_in_its_new_month(plan_data, viewer):
    february = coverage_numbers(viewer, period_from="2026-02-01", period_to="2026-02-28")
    assert february["Lào"] == ["2", *ZERO, "0"]
    september = coverage_numbers(viewer, period_from="2026-09-01", period_to="2026-09-30")
    # The moved entry (ready) and the entry without a unit (draft article): in progress.
    assert september["Lào"] == ["2", "2", "0", "2", "0", "0", "0", "0", "0", "0", "0"]


def test_missed_schedule_and_scheduled(plan_data, viewer):
    july = coverage_numbers(viewer, period_from="2026-07-01", period_to="2026-07-31")
    # Scheduled an hour ago and not live: missed; scheduled in two days: scheduled.
    assert july["Lào"] == ["2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]
    assert july["Hiệp ước 1999"] == ["5", "1", "0", "0", "1", "0", "0", "0", "0", "0", "0"]


def test_unit_channel_section_and_treaty_filters(plan_data, viewer, world, taxonomy):
    by_unit = coverage_numbers(viewer, unit=world["division"].pk)
    assert by_unit["Hiệp ước 1999"] == ["5", "2", "0", "0", "0", "1", "1", "0", "1", "0", "20"]
    assert by_unit["Lào"] == ["2", "3", "0", "2", "0", "1", "0", "0", "0", "0", "0"]
    # Only the article on both portals went to the department's portal.
    by_channel = coverage_numbers(viewer, channel=world["department"].pk)
    assert by_channel[TOTAL] == ["7", "1", "0", "0", "0", "0", "1", "1", "0", "0", "14"]
    # Filtered by a portal, the published articles and the treaties show that portal.
    department = {"export": "csv", "channel": world["department"].pk}
    assert csv_rows(viewer.get(PUBLISHED, department))[1:] == [
        ["Cổng Sở", "Trung tâm CNTT&TT", "03/2026", "1"],
        [DISTINCT, "", "", "1"],
    ]
    assert [row[4:8] for row in csv_rows(viewer.get(TREATIES, department))[1:]] == [
        ["1", "1", "1", "0"],
        ["1", "0", "0", "0"],
        ["2", "1", "1", "0"],
    ]
    # A section keeps its own lines only.
    by_section = coverage_numbers(viewer, section=taxonomy["laos"].slug)
    assert list(by_section) == ["Lào", TOTAL]
    assert by_section[TOTAL] == ["2", "4", "0", "3", "0", "1", "0", "0", "0", "1", "0"]
    by_treaty = csv_rows(
        viewer.get(TREATIES, {"export": "csv", "treaty": taxonomy["protocol"].slug})
    )
    assert by_treaty[1:] == [
        [
            "Nghị định thư Lào",
            _("Protocol"),
            "Nghị định thư về đường biên giới",
            "",
            "1",
            "0",
            "0",
            "0",
            _("Not covered"),
        ],
        [TOTAL, "", "", "", "1", "0", "0", "0", ""],
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"plan": "abc"},
        {"plan": "999999"},
        {"period_from": "31/31/2026"},
        {"period_from": "2026-12-01", "period_to": "2026-01-01"},
        {"period_from": "2027-06-01"},
        {"unit": "x", "channel": "-1", "section": "khong-co", "treaty": "<script>"},
    ],
)
def test_bad_filters_are_ignored_with_an_error(plan_data, viewer, params):
    for url in (COVERAGE, UNITS, TREATIES, TREATY_ARTICLES, PUBLISHED):
        response = viewer.get(url, params)
        assert response.status_code == 200
        assert gettext("These filters were ignored:") in response.content.decode()
    # The whole plan is reported, as without the filter.
    assert coverage_numbers(viewer, **params)[TOTAL] == COVERAGE_ROWS[-1][2:]


def test_no_plan_at_all(db, world, client):
    from wagtail_borderplan.models import Plan

    Plan.objects.all().delete()
    client.force_login(world["users"]["viewer"])
    response = client.get(COVERAGE)
    assert response.status_code == 200
    assert gettext("There is no plan to report on yet.") in response.content.decode()
    assert csv_rows(client.get(COVERAGE, {"export": "csv"})) == [COVERAGE_HEAD]


def test_reports_are_read_only(plan_data, viewer):
    for url in (COVERAGE, UNITS, TREATIES, TREATY_ARTICLES, PUBLISHED):
        assert viewer.post(url).status_code == 405


def test_an_alias_is_not_a_second_article(plan_data, viewer):
    from wagtail_borderplan.compat import Page

    article = plan_data["entries"]["two_portals"].page
    # The article is live on the department's portal as a Wagtail alias...
    alias = Page.objects.get(alias_of=article)
    assert (
        alias.live
        and alias.get_parent().pk
        == plan_data["entries"]["two_portals"].channels.get(name="Cổng Sở").index_page_id
    )
    # ...counted on each portal's row, once among the articles, once for its treaty.
    march = {"period_from": "2026-03-01", "period_to": "2026-03-15"}
    assert csv_rows(viewer.get(PUBLISHED, {"export": "csv", **march}))[1:] == [
        ["Cổng Sở", "Trung tâm CNTT&TT", "03/2026", "1"],
        ["Cổng tỉnh", "Trung tâm CNTT&TT", "03/2026", "1"],
        [DISTINCT, "", "", "1"],
    ]
    assert coverage_numbers(viewer, **march)[TOTAL] == [
        "7",
        "1",
        "0",
        "0",
        "0",
        "0",
        "1",
        "1",
        "0",
        "0",
        "14",
    ]
    treaties = csv_rows(viewer.get(TREATIES, {"export": "csv", **march}))
    assert treaties[1][4:8] == ["1", "1", "1", "1"]
    assert treaties[-1][4:8] == ["2", "1", "1", "1"]
    articles = csv_rows(viewer.get(TREATY_ARTICLES, {"export": "csv", **march}))
    assert articles[1:] == [ARTICLES_ROWS[0]]


def test_missed_threshold(plan_data, viewer, settings):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Revision

    from wagtail_borderplan.compat import Page

    page = plan_data["entries"]["missed_schedule"].page
    Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk)
    ).update(approved_go_live_at=NOW - timedelta(minutes=10))
    july = {"period_from": "2026-07-01", "period_to": "2026-07-31"}
    # Ten minutes late is within the default 15-minute threshold: still scheduled.
    assert coverage_numbers(viewer, **july)["Lào"][1:6] == ["1", "0", "0", "1", "0"]
    settings.WAGTAIL_BORDERPLAN = {"MISSED_THRESHOLD_MINUTES": 5}
    assert coverage_numbers(viewer, **july)["Lào"][1:6] == ["1", "0", "0", "0", "1"]


def test_days_are_counted_in_the_configured_zone(plan_data, viewer, settings):
    # 23:30 on 31 December 2025 in Hà Nội is 01:30 on 1 January 2026 in Tokyo.
    settings.WAGTAIL_BORDERPLAN = {"TIME_ZONE": "Asia/Tokyo"}
    january_1 = coverage_numbers(viewer, period_from="2026-01-01", period_to="2026-01-01")
    assert january_1["Hiệp ước 1999"][:2] == ["5", "2"]
    html = viewer.get(COVERAGE).content.decode()
    assert counted_in("Asia/Tokyo", "+09:00") in html


def test_constant_offset():
    from zoneinfo import ZoneInfo

    from wagtail_borderplan.reports.scope import constant_offset

    year = (date(2026, 1, 1), date(2026, 12, 31))
    assert constant_offset(ZoneInfo("Asia/Ho_Chi_Minh"), *year) == timedelta(hours=7)
    assert constant_offset(ZoneInfo("Europe/Paris"), *year) is None


def test_zone_with_daylight_saving(plan_data, viewer, settings):
    from django.db import connection

    if connection.vendor == "mysql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT CONVERT_TZ('2026-01-01 00:00', 'UTC', 'Europe/Paris')")
            if cursor.fetchone()[0] is None:
                pytest.skip("MariaDB converts named zones only with its time-zone tables")
    # Paris is at +01:00 in winter: 00:30 on 1 January in Hà Nội is 18:30 on 31 December.
    settings.WAGTAIL_BORDERPLAN = {"TIME_ZONE": "Europe/Paris"}
    december = coverage_numbers(viewer, period_from="2025-12-31", period_to="2025-12-31")
    assert december["Hiệp ước 1999"][:2] == ["5", "2"]
    # Summer (+02:00): 22:00 on 30 June in Hà Nội is 17:00 in Paris, published 20:00 the
    # same Paris day: on time there.
    june_30 = csv_rows(
        viewer.get(UNITS, {"export": "csv", "period_from": "2026-06-30", "period_to": "2026-06-30"})
    )
    assert june_30[1] == ["Phòng TT-BC-XB", "1", "1", "1", "0", "0", "0", "0"]


def test_collected_news_with_a_draft_is_in_progress(plan_data, viewer, world, portals):
    from tests.factories import at, make_article, make_entry

    draft = make_article(portals["provincial"], "Tin thu thập", live=False)
    collected = make_entry(
        world["plan"], "Tin thu thập", content_line=world["laos"], editorial_status="collected"
    )
    collected.page = draft
    collected.save()
    september = {"period_from": "2026-09-01", "period_to": "2026-09-30"}
    # Not planned yet: in no period.
    assert coverage_numbers(viewer, **september)["Lào"][:4] == ["2", "2", "0", "2"]
    collected.planned_at = at(2026, 9, 20, 9, 0)
    collected.save()
    assert coverage_numbers(viewer, **september)["Lào"][:4] == ["2", "3", "0", "3"]


def test_titles_that_look_like_formulas_stay_text_in_exports(plan_data, viewer):
    # Titles come from press feeds; a spreadsheet must show them, not run them.
    from wagtail_borderplan.compat import Page

    title = ARTICLES_ROWS[0][1]
    Page.objects.filter(title=title).update(title='=HYPERLINK("http://evil.example","x")')
    csv_cells = [row[1] for row in csv_rows(viewer.get(TREATY_ARTICLES, {"export": "csv"}))]
    assert '\'=HYPERLINK("http://evil.example","x")' in csv_cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in csv_cells)
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(viewer.get(TREATY_ARTICLES, {"export": "xlsx"}).streaming_content))
    )
    cells = [row[1] for row in workbook.active.iter_rows()]
    formula = [cell for cell in cells if str(cell.value).startswith("=HYPERLINK")]
    assert len(formula) == 1 and formula[0].data_type == "s"


def treaty_row(response, name: str) -> list[str]:
    return next(row for row in csv_rows(response) if row[0] == name)


def test_the_treaty_filter_never_changes_the_treatys_own_figures(
    plan_data, viewer, world, taxonomy, portals
):
    # An article tagged with the 1999 treaty, planned under the Laos line (which cites
    # only the protocol): the treaty views count it under 1999, with or without filter.
    from tests.factories import at, make_entry
    from tests.reports_data import publish

    entry = make_entry(
        world["plan"],
        "Lào và Hiệp ước 1999",
        content_line=world["laos"],
        unit=world["ict"],
        planned_at=at(2026, 4, 2, 9, 0),
        channels=[world["provincial"]],
    )
    publish(entry, portals["provincial"], at(2026, 4, 2, 10, 0), treaties=[taxonomy["treaty"]])
    name = taxonomy["treaty"].name
    unfiltered = treaty_row(viewer.get(TREATIES, {"export": "csv"}), name)
    filtered = treaty_row(
        viewer.get(TREATIES, {"export": "csv", "treaty": taxonomy["treaty"].slug}), name
    )
    assert filtered == unfiltered
    assert unfiltered[5] == str(int(TREATIES_ROWS[0][5]) + 1)  # one more article


def test_control_characters_in_titles_do_not_break_the_xlsx_export(plan_data, viewer):
    from wagtail_borderplan.compat import Page

    title = ARTICLES_ROWS[0][1]
    Page.objects.filter(title=title).update(title="Tin\x0bbiên giới\x1f")
    response = viewer.get(TREATY_ARTICLES, {"export": "xlsx"})
    assert response.status_code == 200
    assert "Tinbiên giới" in [row[1] for row in xlsx_rows(response)]


def test_a_live_article_with_no_known_publication_time(plan_data, viewer):
    # A page made live without Wagtail's publish (an import, a script): listed last in
    # its treaty with no date, counted on time, never a server error.
    from wagtail_borderplan.compat import Page
    from wagtail_borderplan.models import CalendarEntry

    before = coverage_numbers(viewer)
    entry = plan_data["entries"]["two_portals"]
    CalendarEntry.objects.filter(pk=entry.pk).update(published_at=None)
    Page.objects.filter(pk=entry.page_id).update(first_published_at=None, last_published_at=None)
    rows = csv_rows(viewer.get(TREATY_ARTICLES, {"export": "csv"}))[1:]
    treaty_rows = [row for row in rows if row[0] == rows[0][0]]
    assert treaty_rows[-1][1] == entry.page.title and treaty_rows[-1][2] == ""
    assert coverage_numbers(viewer) == before  # still on time
