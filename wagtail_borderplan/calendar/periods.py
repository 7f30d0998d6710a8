"""Which days a calendar view shows, in the viewer's time zone."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ..times import in_bounds

VIEWS = ("month", "week", "list")


@dataclass(frozen=True)
class Period:
    view: str
    anchor: date
    first: date  # first day shown
    last: date  # last day shown (inclusive)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def weeks(self) -> list[list[date]]:
        days = self.days
        return [days[i : i + 7] for i in range(0, len(days), 7)]

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [start, end) covering the days in the current time zone, so
        an entry at 23:30 or 00:30 local time lands on its local day."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.first, time.min, tzinfo=zone)
        end = datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=zone)
        return start, end

    def shift(self, steps: int) -> date:
        """The anchor of the period ``steps`` periods away."""
        if self.view == "week":
            return self.anchor + timedelta(weeks=steps)
        month_index = self.anchor.year * 12 + self.anchor.month - 1 + steps
        year, month = divmod(month_index, 12)
        return date(year, month + 1, 1)

    def contains(self, day: date) -> bool:
        if self.view == "week":
            return self.first <= day <= self.last
        return (day.year, day.month) == (self.anchor.year, self.anchor.month)


def period_for(view: str, anchor: date) -> Period:
    """Month: whole weeks (Monday first) around the month. Week: Monday to Sunday.
    List: the month itself, day by day."""
    if view == "week":
        first = anchor - timedelta(days=anchor.weekday())
        return Period(view, anchor, first, first + timedelta(days=6))
    month_first = anchor.replace(day=1)
    month_last = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
    if view == "list":
        return Period(view, month_first, month_first, month_last)
    first = month_first - timedelta(days=month_first.weekday())
    last = month_last + timedelta(days=6 - month_last.weekday())
    return Period(view, month_first, first, last)


def parse_day(value: str | None, default: date) -> date:
    """The ISO day of ``value``, else ``default``: also for a day outside the bounds the
    app accepts (year 9999 or 1 overflows a month's last week or the next period)."""
    try:
        day = date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return default
    return day if day is not None and in_bounds(day) else default
