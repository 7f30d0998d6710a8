"""ICS feeds of the calendar: secret per-user URLs for any calendar client.

Built with the icalendar library. UIDs come from the entries' UUIDs, so a client that
refreshes the feed updates events instead of duplicating them; a wrong or revoked
token is a plain 404.
"""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vDuration

from ..conf import get_setting
from ..models import CalendarEntry, CalendarFeed, EntryStatus
from ..models.feeds import hash_token
from ..permissions import entry_policy
from ..times import bounded_range
from .filters import CalendarFilterForm

# Events last an hour in clients: an entry is a point in the plan, not a meeting.
EVENT_LENGTH = timedelta(hours=1)
ICS_STATUS = {
    EntryStatus.CANCELLED: "CANCELLED",
    EntryStatus.IDEA: "TENTATIVE",
    EntryStatus.COLLECTED: "TENTATIVE",
    EntryStatus.ASSIGNED: "TENTATIVE",
}


# RFC 5545 text may not hold control characters; line breaks are escaped by icalendar.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def ics_text(value: str) -> str:
    """Text safe for an iCalendar property: CR/LF kept as line breaks (icalendar escapes
    them as \\n, so they cannot start a new property), other control characters dropped."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def build_calendar(entries, name: str, base_url: str) -> Calendar:
    """An iCalendar with one event per planned entry, in the current time zone."""
    zone = timezone.get_current_timezone()
    now = timezone.now()
    cal = Calendar()
    cal.add("prodid", "-//wagtail-borderplan//lich bien tap//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", ics_text(name))
    cal.add("x-wr-timezone", getattr(zone, "key", str(zone)))
    refresh = timedelta(minutes=get_setting("ICS_REFRESH_MINUTES"))
    cal.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(refresh))
    for entry in entries:
        start = timezone.localtime(entry.planned_at, zone)
        event = Event()
        event.add("uid", f"{entry.uuid}@wagtail-borderplan")
        event.add("dtstamp", now)
        event.add("last-modified", entry.updated_at)
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
        event.add("summary", ics_text(entry.title))
        lines = [str(entry.get_status_display())]
        if entry.unit:
            lines.append(str(entry.unit))
        if entry.content_line:
            lines.append(str(entry.content_line))
        if entry.brief:
            lines.append(entry.brief)
        event.add("description", ics_text("\n".join(lines)))
        event.add("status", ICS_STATUS.get(entry.status, "CONFIRMED"))
        if entry.content_line:
            event.add("categories", [entry.content_line.section.name])
        event.add(
            "url",
            base_url
            + reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk]),
        )
        cal.add_component(event)
    # VTIMEZONE components for every zone the events use.
    cal.add_missing_timezones()
    return cal


def feed_view(request: HttpRequest, token: str) -> HttpResponse:
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    user = feed.user
    filters = CalendarFilterForm(QueryDict(feed.query), user=user)
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    # Outside the admin no user zone is active: show the plan's zone.
    with timezone.override(ZoneInfo(get_setting("TIME_ZONE"))):
        # Only the days the app accepts: a row stored before dates were bounded (year
        # 9999) would end its event past the calendar's last day.
        first, after_last = bounded_range()
        entries = CalendarEntry.objects.for_admin()
        if not entry_policy().user_has_permission(user, "view"):
            entries = entries.none()  # a feed outlives its owner's rights
        entries = (
            filters.filter(entries)
            .filter(planned_at__gte=first, planned_at__lt=after_last)
            .order_by("planned_at", "pk")
        )
        cal = build_calendar(entries, feed.name, base_url)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-bien-tap.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
