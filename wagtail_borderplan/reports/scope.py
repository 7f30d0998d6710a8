"""What a report covers: one plan, a period of local days and optional filters.

Period boundaries are local midnights in the plan's zone (``TIME_ZONE`` setting), so an
entry at 23:30 on 31 December local time belongs to December even though it is
16:30 UTC; the report never depends on the viewer's own Wagtail time zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from django.db import connections, router
from django.db.models import DateTimeField, Expression, ExpressionWrapper, F, Value
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone as dj_timezone

from ..models import CalendarEntry, Channel, Plan, Section, Treaty, Unit
from ..models.local_date import VENDORS as LOCAL_DATE_VENDORS
from ..models.local_date import LocalDate
from ..times import plan_zone


def current_time() -> datetime:
    """The time the report is made at (a seam for tests)."""
    return dj_timezone.now()


def report_vendor() -> str:
    """The database the reports read (a router may send them elsewhere)."""
    return connections[router.db_for_read(CalendarEntry)].vendor


def report_zone() -> ZoneInfo:
    return plan_zone()


def constant_offset(zone: ZoneInfo, first: date, last: date) -> timedelta | None:
    """The zone's UTC offset when it does not change around [first, last], else None.

    Checked a year either side, since an article may go live after the period.
    """
    offsets = set()
    day = first - timedelta(days=366)
    while day <= last + timedelta(days=366):
        offsets.add(datetime.combine(day, time(12), tzinfo=zone).utcoffset())
        day += timedelta(days=15)
    return offsets.pop() if len(offsets) == 1 else None


@dataclass(frozen=True)
class ReportScope:
    plan: Plan
    first: date  # first local day of the period
    last: date  # last local day (inclusive)
    section: Section | None = None
    treaty: Treaty | None = None
    unit: Unit | None = None
    channel: Channel | None = None
    zone: ZoneInfo = field(default_factory=report_zone)
    now: datetime = field(default_factory=lambda: current_time())

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=self.zone)

    @property
    def end(self) -> datetime:
        """The exclusive end: midnight after the last day."""
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=self.zone)

    @property
    def today_start(self) -> datetime:
        """Local midnight of today: an entry planned before it is past its day."""
        return datetime.combine(self.now.astimezone(self.zone).date(), time.min, tzinfo=self.zone)

    @cached_property
    def offset(self) -> timedelta | None:
        return constant_offset(self.zone, self.first, self.last)

    def _shifted(self, expression: Expression | str) -> Expression:
        expression = F(expression) if isinstance(expression, str) else expression
        return ExpressionWrapper(expression + Value(self.offset), output_field=DateTimeField())

    def local_date(self, expression: Expression | str) -> Expression:
        """The local calendar day of a datetime, in SQL.

        With a constant offset (Asia/Ho_Chi_Minh has had one since 1975) this shifts
        and truncates in UTC, which needs no time-zone tables in MariaDB, with the
        database's own date functions where :class:`LocalDate` knows them (on SQLite,
        Django's truncation is a Python function called per row: a report over a
        million deliveries spent most of its time there, measured with
        ``bench/reports.py``); a zone with daylight saving falls back to the database's
        own conversion.
        """
        if self.offset is not None and report_vendor() in LOCAL_DATE_VENDORS:
            expression = F(expression) if isinstance(expression, str) else expression
            return LocalDate(expression, self.offset)
        if self.offset is not None:
            return TruncDate(self._shifted(expression), tzinfo=UTC)
        return TruncDate(expression, tzinfo=self.zone)

    def local_month(self, expression: Expression | str) -> Expression:
        if self.offset is not None:
            return TruncMonth(self._shifted(expression), tzinfo=UTC)
        return TruncMonth(expression, tzinfo=self.zone)
