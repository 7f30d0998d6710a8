"""The dates the app accepts, and how it names the time zone of the times it shows.

Editors read and type times in their admin time zone (Wagtail's user profile, else
``settings.TIME_ZONE``): every label, help text and message names that zone with
:func:`zone_label`, so "08:30" is never ambiguous.

Dates are bounded to :data:`EARLIEST`–:data:`LATEST`: a year such as 9999 or 1 is a
typing mistake in a yearly plan, and near the ends of Python's calendar adding an hour
or a day overflows (an ICS event's end, a calendar month's last week).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)

# Friendly names of the zones an editor is likely to be in; others show their IANA key.
ZONE_NAMES = {
    "Asia/Ho_Chi_Minh": gettext_lazy("Vietnam time"),
    "Asia/Saigon": gettext_lazy("Vietnam time"),
}


def zone_offset(zone: tzinfo | None = None, moment: datetime | None = None) -> str:
    """``+07:00``: the zone's UTC offset at ``moment`` (now by default)."""
    zone = zone or timezone.get_current_timezone()
    local = (moment or timezone.now()).astimezone(zone)
    offset = local.strftime("%z") or "+0000"
    return f"{offset[:3]}:{offset[3:]}"


def zone_key(zone: tzinfo | None = None) -> str:
    zone = zone or timezone.get_current_timezone()
    return getattr(zone, "key", None) or str(zone)


def zone_label(zone: tzinfo | None = None, moment: datetime | None = None) -> str:
    """``Giờ Việt Nam (Asia/Ho_Chi_Minh, UTC+07:00)``: the current (or given) zone named
    for an editor, with its offset at ``moment``."""
    key = zone_key(zone)
    named = f"{key}, UTC{zone_offset(zone, moment)}"
    friendly = ZONE_NAMES.get(key)
    return f"{friendly} ({named})" if friendly else named


def format_with_zone(value: datetime | None, zone: tzinfo | None = None) -> str:
    """``26/11/2026 08:30, Giờ Việt Nam (Asia/Ho_Chi_Minh, UTC+07:00)`` in the current
    (or given) zone; empty for None."""
    if value is None:
        return ""
    zone = zone or timezone.get_current_timezone()
    local = timezone.localtime(value, zone) if timezone.is_aware(value) else value
    return _("%(time)s, %(zone)s") % {
        "time": date_format(local, "d/m/Y H:i"),
        "zone": zone_label(zone, local),
    }


def in_bounds(day: date) -> bool:
    return EARLIEST <= day <= LATEST


def bounds_message() -> str:
    return _("Choose a date between %(first)s and %(last)s.") % {
        "first": date_format(EARLIEST, "d/m/Y"),
        "last": date_format(LATEST, "d/m/Y"),
    }


def validate_day(value: date | datetime | None) -> None:
    """Refuse a date (or a date-time's local day) outside EARLIEST–LATEST."""
    if value is None:
        return
    day = value
    if isinstance(value, datetime):
        try:
            day = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
        except OverflowError:  # converting year 1 or 9999 to the zone left the calendar
            day = None
    if day is None or not in_bounds(day):
        raise ValidationError(bounds_message(), code="out_of_range")


def bounded_range() -> tuple[datetime, datetime]:
    """Aware datetimes [start, end) covering EARLIEST–LATEST in the current zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(EARLIEST, time.min, tzinfo=zone),
        datetime.combine(LATEST + timedelta(days=1), time.min, tzinfo=zone),
    )
