"""The calendar remembers each user's last filters.

Opening the calendar with no query string (from the menu, a bookmark, after logging in
again) brings back the filters the user last applied. Only a query string that names
filters changes what is remembered: "Clear filters" names an empty one, and is remembered
as "no filters"; a link such as ``?date=…`` changes nothing.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from ..models import CalendarPreference
from .filters import CalendarFilterForm


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


def names_filters(request: HttpRequest) -> bool:
    """Whether the query string says which filters to use (even none: "Clear filters"
    links with an empty filter); a bare link such as ``?date=…`` does not."""
    return any(name in request.GET for name in CalendarFilterForm.base_fields)


def restore_filters(request: HttpRequest) -> HttpResponse | None:
    """A redirect to the calendar with the user's last filters, when it is opened with no
    query string (a link that names a day or a view shows what it names)."""
    if request.GET:
        return None
    filters = remembered_filters(request.user)
    if not filters:
        return None
    return redirect(reverse("borderplan_calendar:index") + "?" + urlencode(filters))
