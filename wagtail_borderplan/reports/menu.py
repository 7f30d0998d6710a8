"""Where the reports appear in the admin: their URLs and their items in Reports."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import URLPattern, URLResolver, include, path, reverse
from wagtail.admin.menu import MenuItem

from ..permissions import entry_policy


class ReportMenuItem(MenuItem):
    """Shown to those who may see the calendar, as the views require."""

    def is_shown(self, request) -> bool:
        return entry_policy().user_has_permission(request.user, "view")


def report_urls() -> list[URLPattern | URLResolver]:
    from . import urls

    return [path("borderplan/reports/", include(urls, namespace="borderplan_reports"))]


def _menu_item(view, order: int) -> Callable[[], MenuItem]:
    def menu_item() -> MenuItem:
        return ReportMenuItem(
            view.page_title,
            reverse(f"borderplan_reports:{view.url_name}"),
            name=f"borderplan-{view.url_name}",
            icon_name=view.header_icon,
            order=order,
        )

    return menu_item


def report_menu_items() -> list[Callable[[], MenuItem]]:
    """One ``register_reports_menu_item`` hook function per report, in order."""
    from .views import REPORTS

    return [_menu_item(view, 1300 + number) for number, view in enumerate(REPORTS)]
