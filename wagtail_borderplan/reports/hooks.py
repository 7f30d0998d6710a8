"""Admin hooks for the reports (imported by ``wagtail_hooks`` once models load)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..permissions import entry_policy


class ReportMenuItem(MenuItem):
    """Shown to those who may see the calendar, as the views require."""

    def is_shown(self, request) -> bool:
        return entry_policy().user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_report_urls():
    from . import urls

    return [path("borderplan/reports/", include(urls, namespace="borderplan_reports"))]


def _menu_item(view, icon: str, order: int):
    def register():
        return ReportMenuItem(
            view.page_title,
            reverse(f"borderplan_reports:{view.url_name}"),
            name=f"borderplan-{view.url_name}",
            icon_name=icon,
            order=order,
        )

    return register


def _register_menu_items() -> None:
    from .views import REPORTS

    for number, view in enumerate(REPORTS):
        hooks.register(
            "register_reports_menu_item", _menu_item(view, view.header_icon, 1300 + number)
        )


_register_menu_items()
