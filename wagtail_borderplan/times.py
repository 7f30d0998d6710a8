"""The dates the app accepts, and how it names the time zone of the times it shows.

Editors read and type times in their admin time zone (Wagtail's user profile, else
``settings.TIME_ZONE``): every label, help text and message names that zone with
:func:`zone_label`, so "08:30" is never ambiguous.

Dates are bounded to :data:`EARLIEST`–:data:`LATEST`: a year such as 9999 or 1 is a
typing mistake in a yearly plan, and near the ends of Python's calendar adding an hour
or a day overflows (an ICS event's end, a calendar month's last week).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .conf import get_setting

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def plan_zone() -> ZoneInfo:
    """The plan's zone (the ``TIME_ZONE`` setting): the zone of its days, whatever the
    viewer's own admin zone."""
    return ZoneInfo(get_setting("TIME_ZONE"))


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


def fixed_offset(zone: tzinfo, start: datetime, end: datetime) -> timedelta | None:
    """The zone's UTC offset over [start, end) if it stays the same there, else None.

    Checked at each local midnight and at the end: zones change their offset a few times
    a year at most, months apart, never twice within a day."""
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    offsets = {end.astimezone(zone).utcoffset()}
    while day <= last:
        offsets.add(datetime.combine(day, time.min, tzinfo=zone).utcoffset())
        day += timedelta(days=1)
    return offsets.pop() if len(offsets) == 1 else None


def local_dates(rows: Iterable[tuple[int, datetime]], zone: tzinfo) -> Iterator[tuple[int, date]]:
    """``(pk, aware datetime)`` rows in time order as ``(pk, local date)``: the Python
    way, for zones whose offset changes within the rows' span."""
    # The day's bounds (in UTC, as the database gives times) decide for the next rows
    # too, so astimezone() runs once a day, not once a row.
    start = end = None
    day = date.min
    for pk, moment in rows:
        if start is None or not start <= moment < end:
            day = moment.astimezone(zone).date()
            start = datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
            end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
        yield pk, day
