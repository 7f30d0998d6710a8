"""Who reaches the calendar's admin views: the mixins every calendar and publishing view
builds on (the permission decisions themselves are the registered policy's)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import CalendarEntry
from ..permissions import entry_policy


def require_view(request: HttpRequest) -> None:
    if not entry_policy().user_has_permission(request.user, "view"):
        raise PermissionDenied


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class CalendarAccessMixin:
    """Requires the view permission on calendar entries."""

    def dispatch(self, request, *args, **kwargs):
        require_view(request)
        return super().dispatch(request, *args, **kwargs)


class EntryChangeMixin(CalendarAccessMixin):
    """Loads the entry of the URL and requires the right to change that entry."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.entry = get_object_or_404(CalendarEntry.objects.for_admin(), pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        # Changing an entry implies seeing the calendar (checked by the parent class).
        if not entry_policy().user_has_permission_for_instance(request.user, "change", self.entry):
            return self.change_denied()
        return super().dispatch(request, *args, **kwargs)

    def change_denied(self) -> HttpResponse:
        raise PermissionDenied


class CalendarBreadcrumbsMixin:
    """Home › Editorial calendar › [the entry ›] this page: without it Wagtail's header
    shows only "Home", not the page's own title."""

    def get_breadcrumbs_items(self):
        items = [
            *super().get_breadcrumbs_items(),
            {"url": reverse("borderplan_calendar:index"), "label": _("Editorial calendar")},
        ]
        if entry := getattr(self, "entry", None):
            edit = "wagtailsnippets_wagtail_borderplan_calendarentry:edit"
            items.append({"url": reverse(edit, args=[entry.pk]), "label": entry.title})
        return [*items, {"url": "", "label": self.get_page_title()}]
