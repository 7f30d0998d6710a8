"""The calendar remembers each user's last filters.

Opening the calendar with no query string (from the menu, a bookmark, after logging in
again) brings back the filters the user last remembered. Reading the calendar never
writes: the filters are stored by a POST (with the CSRF token) to
:class:`RememberFiltersView`. The calendar's script posts them whenever the editor
applies or clears filters; without JavaScript, the "Remember these filters" button
beside the filters posts them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin import messages

from ..models import CalendarPreference
from .access import CalendarAccessMixin, wants_json
from .filters import CalendarFilterForm
from .periods import VIEWS, parse_day


def remembered_filters(user) -> dict[str, str]:
    if not user.is_authenticated:
        return {}
    filters = CalendarPreference.objects.filter(user=user).values_list("filters", flat=True).first()
    # Stored JSON is only trusted to be a dict of strings; the filter form validates them.
    if not isinstance(filters, dict):
        return {}
    return {str(k): str(v) for k, v in filters.items() if isinstance(v, (str, int, bool))}


def remember_filters(user, filters: dict[str, str]) -> None:
    """Store the user's filters; writes only when they changed."""
    if not user.is_authenticated or remembered_filters(user) == filters:
        return
    try:
        with transaction.atomic():
            CalendarPreference.objects.update_or_create(user=user, defaults={"filters": filters})
    except IntegrityError:
        # Two first requests of one user at once: the other one stored its filters.
        pass


def restore_filters(request: HttpRequest) -> HttpResponse | None:
    """A redirect to the calendar with the user's last filters, when it is opened with no
    query string (a link that names a day or a view shows what it names). Filters that
    no longer exist (a deleted section) are left out, and none left means no redirect."""
    if request.GET:
        return None
    stored = remembered_filters(request.user)
    filters = CalendarFilterForm(stored, user=request.user).active() if stored else {}
    if not filters:
        return None
    return redirect(reverse("borderplan_calendar:index") + "?" + urlencode(filters))


class RememberFiltersView(CalendarAccessMixin, View):
    """POST the calendar's filter form here to open the calendar with those filters next
    time; an empty form remembers "no filters". Answers JSON to the calendar's script
    and redirects back to the filtered calendar otherwise."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        filters = CalendarFilterForm(request.POST, user=request.user).active()
        remember_filters(request.user, filters)
        if wants_json(request):
            return JsonResponse({"ok": True, "filters": filters})
        messages.success(request, _("The calendar will open with these filters."))
        query = {**filters}
        if request.POST.get("view") in VIEWS:
            query["view"] = request.POST["view"]
        if day := parse_day(request.POST.get("date"), None):
            query["date"] = day.isoformat()
        # Name the filters even when there are none, so the page shows exactly them.
        return redirect(
            reverse("borderplan_calendar:index") + "?" + urlencode(query or {"plan": ""})
        )
