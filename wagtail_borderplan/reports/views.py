"""The plan reports: Wagtail report views with their CSV and XLSX exports and a
print-friendly page (``?print=1``), all behind the calendar's view permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise, cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button

from ..models.editions import translated_language_names
from ..permissions import entry_policy
from ..times import zone_key, zone_offset
from . import deliveries, editions, queries
from .filters import ReportFilterSet, scope_from
from .scope import ReportScope

TOTAL = pgettext_lazy("report row", "Total")


@dataclass(frozen=True)
class Col:
    """A column of a report: the row attribute it shows and its heading."""

    name: str
    label: Any
    numeric: bool = True
    # Long text (a content line, a treaty's full title, an article's title): more room.
    wide: bool = False

    @property
    def classname(self) -> str:
        if self.numeric:
            return "bp-report__number"
        return "bp-report__wide" if self.wide else ""


class ReportTable(Table):
    classname = "listing bp-report__table"

    def get_row_classname(self, instance: Any) -> str:
        return "bp-report__total" if getattr(instance, "is_total", False) else ""


def table_body(cols: list[Col], rows: list[Any]) -> list[dict[str, Any]]:
    """Rows as cells, for the templates (which cannot look attributes up by name)."""
    return [
        {
            "is_total": getattr(row, "is_total", False),
            "cells": [
                {"value": getattr(row, col.name), "classname": col.classname} for col in cols
            ],
        }
        for row in rows
    ]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, quoted so that it is shown."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def local_date(value) -> str:
    return date_format(value, "d/m/Y") if value else ""


def xlsx_text(value: Any) -> Any:
    """Text that openpyxl accepts: no control characters (a Word line break pasted in
    a title makes it refuse the whole workbook)."""
    if isinstance(value, Promise):
        value = str(value)  # a translated label
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def zone_label(scope: ReportScope) -> str:
    """The report's zone by name with its offset then, e.g. Asia/Ho_Chi_Minh (UTC+07:00)."""
    return f"{zone_key(scope.zone)} (UTC{zone_offset(scope.zone, scope.now)})"


def filter_labels(scope: ReportScope) -> list[str]:
    """The filters in force besides the plan and the period, labelled as on screen."""
    filters = ReportFilterSet.base_filters
    return [
        f"{filters[name].label}: {value}"
        for name, value in (
            ("section", scope.section),
            ("treaty", scope.treaty),
            ("unit", scope.unit),
            ("channel", scope.channel),
        )
        if value is not None
    ]


def sheet_name(title: Any) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    name = " ".join(INVALID_TITLE_REGEX.sub(" ", str(title)).split())
    return name[:31].rstrip() or "1"


class BaseReportView(ReportView):
    """Rows computed from a :class:`ReportScope`; the filters only describe it."""

    permission_required = "view"
    paginate_by = None
    filterset_class = ReportFilterSet
    table_class = ReportTable
    template_name = "wagtail_borderplan/reports/report.html"
    results_template_name = "wagtail_borderplan/reports/results.html"
    print_template_name = "wagtail_borderplan/reports/print.html"
    header_icon = "table"
    export_slug = "bao-cao"
    url_name = ""
    # The XLSX worksheet's name (Excel allows 31 characters; page titles are longer).
    sheet_title: Any = pgettext_lazy("report sheet", "Report")

    @cached_property
    def permission_policy(self):
        # Set on the view so that Wagtail 7.4 (no policy registry lookup) checks it too.
        return entry_policy()

    @cached_property
    def scope(self) -> ReportScope | None:
        return scope_from(self.filters)

    def get_index_url(self) -> str:
        return reverse(f"borderplan_reports:{self.url_name}")

    def get_index_results_url(self) -> str:
        return reverse(f"borderplan_reports:{self.url_name}_results")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    # Columns: one list drives the table, the exports and the print page.
    def get_cols(self) -> list[Col]:
        raise NotImplementedError

    @cached_property
    def cols(self) -> list[Col]:
        return self.get_cols()

    @property
    def list_export(self) -> list[str]:
        return [col.name for col in self.cols]

    @property
    def export_headings(self) -> dict[str, Any]:
        return {col.name: col.label for col in self.cols}

    @property
    def columns(self) -> list[Column]:
        return [Column(col.name, label=col.label, classname=col.classname) for col in self.cols]

    def get_rows(self, scope: ReportScope) -> list[Any]:
        raise NotImplementedError

    def get_queryset(self) -> list[Any]:
        return self.get_rows(self.scope) if self.scope else []

    def get_filtered_queryset(self) -> list[Any]:
        return self.get_queryset()

    def stream_csv(self, queryset):
        # Excel opens a CSV as UTF-8 only when it starts with a byte-order mark; without
        # it, Vietnamese headers and names come out garbled.
        yield "\ufeff".encode()
        yield from super().stream_csv(queryset)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_XLSX:
            value = xlsx_text(value)
        return value

    def title_block(self) -> list[tuple[str, str]]:
        """What the export covers, as (label, value) rows above the table: the plan,
        the period, the filters, the zone and when it was made (in that zone)."""
        scope = self.scope
        if scope is None:
            return [
                (
                    str(pgettext_lazy("report filter", "Plan")),
                    str(_("There is no plan to report on yet.")),
                )
            ]
        zone = zone_label(scope)
        made_at = date_format(scope.now.astimezone(scope.zone), "d/m/Y H:i")
        return [
            (str(pgettext_lazy("report filter", "Plan")), scope.plan.title),
            (
                str(_("Reporting period")),
                f"{local_date(scope.first)} – {local_date(scope.last)}",
            ),
            (
                str(_("Filters")),
                "; ".join(filter_labels(scope)) or str(pgettext_lazy("report filters", "None")),
            ),
            (str(pgettext_lazy("report export", "Time zone")), zone),
            (str(pgettext_lazy("report export", "Generated at")), f"{made_at} {zone}"),
        ]

    def write_xlsx(self, queryset, output) -> None:
        """Wagtail's export (one table on "Sheet1") with a title block above the table
        and a worksheet named after the report."""
        workbook = Workbook(write_only=True, iso_dates=True)
        sheet = workbook.create_sheet(title=sheet_name(self.sheet_title))
        # Room for the text columns; numbers stay narrow.
        for number, col in enumerate(self.cols, start=1):
            width = 12 if col.numeric else (60 if col.wide else 28)
            sheet.column_dimensions[get_column_letter(number)].width = width

        def cell(value: Any, *, bold: bool = False, size: int | None = None) -> WriteOnlyCell:
            made = WriteOnlyCell(sheet, xlsx_text(value))
            if made.data_type == "f":
                made.data_type = "s"  # text that looks like a formula stays text
            if bold or size:
                made.font = Font(bold=bold, size=size)
            return made

        sheet.append([cell(self.get_page_title(), bold=True, size=14)])
        for label, value in self.title_block():
            sheet.append([cell(label, bold=True), cell(value)])
        sheet.append([])  # the table starts after the first empty row
        header = []
        for field in self.list_export:
            heading = cell(self.get_heading(queryset, field), bold=True)
            heading.alignment = Alignment(wrap_text=True, vertical="bottom")
            header.append(heading)
        sheet.append(header)
        for item in queryset:
            sheet.append(self.generate_xlsx_row(sheet, self.to_row_dict(item)))
        workbook.save(output)

    def write_csv_row(self, writer, row_dict):
        # Titles come from press agencies' feeds: a cell starting like a formula must
        # stay text when a spreadsheet opens the CSV (the XLSX export stores text cells).
        return super().write_csv_row(
            writer, {field: csv_safe(value) for field, value in row_dict.items()}
        )

    def get_filename(self) -> str:
        if not self.scope:
            return self.export_slug
        return (
            f"{self.export_slug}-{self.scope.plan.pk}-"
            f"{self.scope.first:%Y%m%d}-{self.scope.last:%Y%m%d}"
        )

    @cached_property
    def print_url(self) -> str:
        params = self.request.GET.copy()
        for key in ("export", "_w_filter_fragment"):
            params.pop(key, None)
        params["print"] = "1"
        return self.get_index_url() + "?" + params.urlencode()

    @cached_property
    def screen_url(self) -> str:
        params = self.request.GET.copy()
        params.pop("print", None)
        return self.get_index_url() + ("?" + params.urlencode() if params else "")

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(_("Print version"), url=self.print_url, icon_name="doc-full", priority=110),
        ]

    @cached_property
    def filter_query(self) -> str:
        """The filters of the request as a query string (empty or starting with ?)."""
        params = {
            k: v
            for k, v in self.request.GET.items()
            if k not in ("export", "print", "p") and not k.startswith("_w_")
        }
        return "?" + urlencode(params) if params else ""

    def report_links(self) -> list[dict[str, Any]]:
        """The other reports with the same filters."""
        query = self.filter_query
        return [
            {
                "label": view.page_title,
                "url": reverse(f"borderplan_reports:{view.url_name}") + query,
                "active": view.url_name == self.url_name,
            }
            for view in REPORTS
        ]

    def extra_tables(self) -> list[dict[str, Any]]:
        """Tables shown under the main one (the coverage report has two)."""
        return []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        scope = self.scope
        offset = zone_offset(scope.zone, scope.now) if scope else ""
        context.update(
            {
                "scope": scope,
                "cols": self.cols,
                "report_links": self.report_links(),
                "extra_tables": [
                    {**table, "body": table_body(table["cols"], table["rows"])}
                    # Exports hold the main table only; each extra table has its own.
                    for table in (self.extra_tables() if scope and not self.is_export else [])
                ],
                "period_first": local_date(scope.first) if scope else "",
                "period_last": local_date(scope.last) if scope else "",
                "zone_name": scope.zone.key if scope else "",
                "zone_offset": offset,
                "made_at": date_format(scope.now.astimezone(scope.zone), "d/m/Y H:i")
                if scope
                else "",
                "filter_errors": [
                    f"{field.label}: {error}"
                    for field in self.filters.form
                    for error in field.errors
                ]
                + list(self.filters.form.non_field_errors()),
                "print_url": self.print_url,
                "screen_url": self.screen_url,
            }
        )
        if self.request.GET.get("print"):
            context["main_table"] = {
                "cols": self.cols,
                "body": table_body(self.cols, context["object_list"]),
            }
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.request.GET.get("print") and not self.is_export:
            return TemplateResponse(self.request, self.print_template_name, context)
        return super().render_to_response(context, **response_kwargs)


def state_cols() -> list[Col]:
    return [
        Col("planned", pgettext_lazy("report column", "Planned")),
        Col("not_started", pgettext_lazy("report column", "Not started")),
        Col("in_progress", pgettext_lazy("report column", "In progress")),
        Col("scheduled", pgettext_lazy("report column", "Scheduled")),
        Col("missed", pgettext_lazy("report column", "Missed")),
        Col("published", pgettext_lazy("report column", "Published")),
        Col("on_time", pgettext_lazy("report column", "On time")),
        Col("late", pgettext_lazy("report column", "Late")),
        Col("cancelled", pgettext_lazy("report column", "Cancelled")),
    ]


def published_cols() -> list[Col]:
    return [
        Col("portal", pgettext_lazy("report column", "Portal"), numeric=False),
        Col("unit", pgettext_lazy("report column", "Unit"), numeric=False),
        Col("month_label", pgettext_lazy("report column", "Month published"), numeric=False),
        Col("articles", pgettext_lazy("report column", "Articles")),
    ]


def published_rows(scope: ReportScope) -> list[queries.PublishedRow]:
    return queries.published_rows(
        scope,
        no_portal_label=str(_("(no portal)")),
        no_unit_label=str(_("(no unit)")),
        total_label=str(_("Distinct articles")),
    )


class CoverageReportView(BaseReportView):
    page_title = _("Plan coverage")
    sheet_title = pgettext_lazy("report sheet", "Coverage by content line")
    header_icon = "list-ul"
    url_name = "coverage"
    export_slug = "bao-cao-noi-dung"

    def get_cols(self) -> list[Col]:
        return [
            Col("section", pgettext_lazy("report column", "Section"), numeric=False),
            Col("text", pgettext_lazy("report column", "Content line"), numeric=False, wide=True),
            Col("target", pgettext_lazy("report column", "Target")),
            *state_cols(),
            Col("target_percent", pgettext_lazy("report column", "Percent of target")),
        ]

    def get_rows(self, scope: ReportScope) -> list[queries.LineRow]:
        return queries.coverage_rows(
            scope, no_line_label=str(_("(no content line)")), total_label=str(TOTAL)
        )

    def extra_tables(self) -> list[dict[str, Any]]:
        scope = self.scope
        uncovered = list(queries.uncovered_treaties(scope))
        return [
            {
                "id": "published",
                "title": _("Published articles by portal, unit and month"),
                "note": _(
                    "An article published on two portals appears on each portal's row and "
                    "once in the count of distinct articles."
                ),
                "cols": published_cols(),
                "rows": published_rows(scope),
                "export_url": reverse("borderplan_reports:published") + self.filter_query,
            },
            {
                "id": "uncovered",
                "title": _("Treaties never covered in the period"),
                "note": _("Every treaty of the plan's content lines has at least one article.")
                if not uncovered
                else _("No live article of the plan is tagged with these treaties."),
                "cols": [
                    Col("name", pgettext_lazy("report column", "Treaty"), numeric=False),
                    Col("full_title", pgettext_lazy("report column", "Full title"), numeric=False),
                    Col("line_count", pgettext_lazy("report column", "Content lines")),
                ],
                "rows": uncovered,
                "flag": True,
            },
            {
                "id": "channel_kinds",
                "title": _("Deliveries by channel kind"),
                "note": _(
                    "Every channel of the entries in the period: each carrying unit's "
                    "delivery on a relay, the press, a bulletin or another organisation's "
                    "portal; the article live on each portal served here."
                ),
                "cols": [
                    Col("name", pgettext_lazy("report column", "Kind"), numeric=False),
                    *delivery_cols(),
                ],
                "rows": deliveries.kind_rows(scope, total_label=str(TOTAL)),
                "export_url": reverse("borderplan_reports:channel_deliveries") + self.filter_query,
            },
        ]


class UnitReportView(BaseReportView):
    page_title = _("Delivery by unit")
    sheet_title = pgettext_lazy("report sheet", "Delivery by unit")
    header_icon = "group"
    url_name = "units"
    export_slug = "bao-cao-don-vi"

    def get_cols(self) -> list[Col]:
        return [
            Col("unit", pgettext_lazy("report column", "Unit"), numeric=False),
            Col("planned", pgettext_lazy("report column", "Assigned")),
            Col("published", pgettext_lazy("report column", "Delivered")),
            Col("on_time", pgettext_lazy("report column", "On time")),
            Col("late", pgettext_lazy("report column", "Late")),
            Col("missed", pgettext_lazy("report column", "Missed")),
            Col("pending", pgettext_lazy("report column", "Not yet due")),
            Col("cancelled", pgettext_lazy("report column", "Cancelled")),
        ]

    def get_rows(self, scope: ReportScope) -> list[queries.UnitRow]:
        return queries.unit_rows(scope, no_unit_label=str(_("(no unit)")), total_label=str(TOTAL))


class PublishedReportView(BaseReportView):
    page_title = _("Published articles")
    sheet_title = pgettext_lazy("report sheet", "Published articles")
    header_icon = "doc-full-inverse"
    url_name = "published"
    export_slug = "bao-cao-tin-bai-da-dang"

    def get_cols(self) -> list[Col]:
        return published_cols()

    def get_rows(self, scope: ReportScope) -> list[queries.PublishedRow]:
        return published_rows(scope)


class TreatyReportView(BaseReportView):
    page_title = _("Coverage by treaty")
    sheet_title = pgettext_lazy("report sheet", "Coverage by treaty")
    header_icon = "doc-full"
    url_name = "treaties"
    export_slug = "bao-cao-dieu-uoc"

    @cached_property
    def portals(self):
        return queries.portal_channels()

    def get_cols(self) -> list[Col]:
        return [
            Col("treaty", pgettext_lazy("report column", "Treaty"), numeric=False),
            Col("kind", pgettext_lazy("report column", "Kind"), numeric=False),
            Col(
                "full_title",
                pgettext_lazy("report column", "Full title"),
                numeric=False,
                wide=True,
            ),
            Col("signed_on_label", pgettext_lazy("report column", "Signed on"), numeric=False),
            Col("lines", pgettext_lazy("report column", "Content lines")),
            Col("articles", pgettext_lazy("report column", "Articles")),
            *(
                Col(f"portal_{portal.pk}", _("On %(portal)s") % {"portal": portal.name})
                for portal in self.portals
            ),
            Col("covered_label", pgettext_lazy("report column", "Covered"), numeric=False),
        ]

    def get_rows(self, scope: ReportScope) -> list[queries.TreatyRow]:
        return queries.treaty_rows(scope, total_label=str(TOTAL))


class TreatyArticlesReportView(BaseReportView):
    page_title = _("Articles by treaty")
    sheet_title = pgettext_lazy("report sheet", "Articles by treaty")
    header_icon = "list-ol"
    url_name = "treaty_articles"
    export_slug = "danh-muc-tin-bai-theo-dieu-uoc"

    def get_cols(self) -> list[Col]:
        return [
            Col("treaty", pgettext_lazy("report column", "Treaty"), numeric=False),
            Col("title", pgettext_lazy("report column", "Article"), numeric=False, wide=True),
            # The zone in the heading: a CSV row has no title block to say it.
            Col(
                "published_label",
                format_lazy(
                    "{} ({})",
                    pgettext_lazy("report column", "Published at"),
                    zone_key(self.scope.zone if self.scope else None),
                ),
                numeric=False,
            ),
            Col("unit", pgettext_lazy("report column", "Unit"), numeric=False),
            Col("portals", pgettext_lazy("report column", "Portals"), numeric=False),
        ]

    def get_rows(self, scope: ReportScope) -> list[queries.ArticleRow]:
        return queries.treaty_articles(scope, no_unit_label=str(_("(no unit)")))


def delivery_cols() -> list[Col]:
    """The delivery reports' counts (see ``reports/deliveries.py``)."""
    return [
        Col("expected", pgettext_lazy("report column", "Expected")),
        Col("on_time", pgettext_lazy("report column", "On time")),
        Col("late", pgettext_lazy("report column", "Late")),
        Col("missed", pgettext_lazy("report column", "Missed")),
        Col("planned", pgettext_lazy("report column", "Waiting")),
        Col("cancelled", pgettext_lazy("report column", "Cancelled")),
        Col("completeness", pgettext_lazy("report column", "Completeness (%)")),
    ]


class ChannelDeliveryReportView(BaseReportView):
    page_title = _("Delivery by channel")
    sheet_title = pgettext_lazy("report sheet", "Delivery by channel")
    header_icon = "circle-check"
    url_name = "channel_deliveries"
    export_slug = "bao-cao-kenh"

    def get_cols(self) -> list[Col]:
        return [
            Col("name", pgettext_lazy("report column", "Channel"), numeric=False),
            Col("kind", pgettext_lazy("report column", "Kind"), numeric=False),
            *delivery_cols(),
        ]

    def get_rows(self, scope: ReportScope) -> list[deliveries.DeliveryRow]:
        return deliveries.channel_rows(scope, total_label=str(TOTAL))


class CarrierDeliveryReportView(BaseReportView):
    page_title = _("Delivery by carrying unit")
    sheet_title = pgettext_lazy("report sheet", "Delivery by carrying unit")
    header_icon = "calendar-check"
    url_name = "carrier_deliveries"
    export_slug = "bao-cao-don-vi-truyen-tai"

    def get_cols(self) -> list[Col]:
        return [
            Col("name", pgettext_lazy("report column", "Carrying unit"), numeric=False),
            *delivery_cols(),
        ]

    def get_rows(self, scope: ReportScope) -> list[deliveries.DeliveryRow]:
        return deliveries.unit_rows(scope, total_label=str(TOTAL))


class LanguageReportView(BaseReportView):
    """Translations as planned work: editions by language (``reports/editions.py``)."""

    page_title = _("Editions by language")
    sheet_title = pgettext_lazy("report sheet", "Editions by language")
    header_icon = "globe"
    url_name = "languages"
    export_slug = "bao-cao-ngon-ngu"

    def get_cols(self) -> list[Col]:
        return [
            Col("name", pgettext_lazy("report column", "Language"), numeric=False),
            Col("planned", pgettext_lazy("report column", "Planned")),
            Col("published", pgettext_lazy("report column", "Published")),
            Col("on_time", pgettext_lazy("report column", "On time")),
            Col("late", pgettext_lazy("report column", "Late")),
            Col("missed", pgettext_lazy("report column", "Missed")),
            Col("waiting", pgettext_lazy("report column", "Waiting")),
            Col("cancelled", pgettext_lazy("report column", "Cancelled")),
            Col("on_time_percent", pgettext_lazy("report column", "On time (%)")),
        ]

    def get_rows(self, scope: ReportScope) -> list[editions.LanguageRow]:
        return editions.edition_rows(
            scope, names=translated_language_names(), total_label=str(TOTAL)
        )


REPORTS = [
    CoverageReportView,
    UnitReportView,
    TreatyReportView,
    TreatyArticlesReportView,
    PublishedReportView,
    ChannelDeliveryReportView,
    CarrierDeliveryReportView,
    LanguageReportView,
]
