"""The delivery reports' numbers: expected deliveries by channel, by channel kind and by
carrying unit.

An entry on a confirmed channel (anything but a portal served here) expects one
confirmation per carrying unit: the channel's carriers, else the unit that manages the
channel, else the entry's own unit (``actions.deliveries.expected_units``). Every such
(entry, channel, unit) is in exactly one *delivery state*:

``cancelled``
    the entry was cancelled, or the unit recorded that it will not carry it;
``on_time`` / ``late``
    confirmed delivered before the end of the entry's local day, or after it (an entry
    with no day is on time);
``missed``
    not confirmed, and the entry's day is over (today, in the report's zone, is after it);
``planned``
    not confirmed yet, and its day has not passed.

A portal served here delivers by publishing, with no carrying unit: each (entry, portal)
is ``on_time`` / ``late`` once the article is live under that portal's index (itself or
its alias), by when it went live; else ``missed`` or ``planned`` as above.

The entry's day is its planned day, else its due date (``models.deliveries.entry_day``);
the period holds the entries whose day falls in it. One query counts every expected
triple by (row, state): the link table of entries and channels, LEFT JOINed to the
channels' carriers, each triple looking up its own confirmation by the unique index;
one more counts the portals served here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull, LessThan, LessThanOrEqual

from ..models import (
    CalendarEntry,
    Channel,
    ChannelKind,
    Delivery,
    DeliveryState,
    DeliveryStatus,
    EntryStatus,
    Unit,
)
from ..models.deliveries import expected_record, live_on_portal, with_carriers
from ..models.planning import served_here
from .queries import filter_entries
from .scope import ReportScope

STATES = tuple(DeliveryState.values)
EntryChannel = CalendarEntry.channels.through


def delivery_entries(scope: ReportScope) -> QuerySet[CalendarEntry]:
    """The plan's entries whose day is in the period, with the report's filters."""
    entries = CalendarEntry.objects.filter(plan=scope.plan).filter(
        Q(planned_at__gte=scope.start, planned_at__lt=scope.end)
        | Q(planned_at__isnull=True, due_date__gte=scope.first, due_date__lte=scope.last)
    )
    return filter_entries(entries, scope).order_by()


def entry_links(scope: ReportScope) -> QuerySet:
    """The link-table rows of the entries in scope, with ``day`` (the entry's local day)."""
    links = EntryChannel.objects.filter(calendarentry__in=delivery_entries(scope).values("pk"))
    if scope.channel is not None:
        # Filtered by a channel, the report is about what went out there.
        links = links.filter(channel_id=scope.channel.pk)
    return links.alias(
        day=Coalesce(scope.local_date("calendarentry__planned_at"), F("calendarentry__due_date"))
    ).order_by()


def portal_links(scope: ReportScope) -> QuerySet:
    """One row per (entry in scope, portal served here), annotated with ``state``."""
    went_live = Coalesce("calendarentry__published_at", "calendarentry__page__first_published_at")
    # As the article's own state in the reports: against the planned day only.
    on_time = (
        Q(calendarentry__planned_at__isnull=True)
        | Q(IsNull(went_live, True))
        | Q(
            LessThanOrEqual(
                scope.local_date(went_live), scope.local_date("calendarentry__planned_at")
            )
        )
    )
    live = live_on_portal("calendarentry__page_id", "channel__index_page__path")
    return (
        entry_links(scope)
        .filter(served_here("channel__"))
        .annotate(
            state=Case(
                When(
                    calendarentry__editorial_status=EntryStatus.CANCELLED,
                    then=Value(DeliveryState.CANCELLED),
                ),
                When(
                    live,
                    then=Case(
                        When(on_time, then=Value(DeliveryState.ON_TIME)),
                        default=Value(DeliveryState.LATE),
                    ),
                ),
                default=unconfirmed_state(scope),
                output_field=CharField(),
            ),
        )
    )


def expected_triples(scope: ReportScope) -> QuerySet:
    """One row per expected (entry, channel, carrying unit) in scope, as link-table rows
    annotated with ``carrier`` (the unit) and ``state``."""
    return (
        with_carriers(entry_links(scope))
        .alias(recorded=Subquery(recorded_state(scope)))
        .annotate(state=triple_state(scope))
        .order_by()
    )


def recorded_state(scope: ReportScope) -> QuerySet:
    """The state the triple's confirmation records (none when there is no row)."""
    day = OuterRef("day")
    on_time = Q(IsNull(day, True)) | Q(LessThanOrEqual(scope.local_date("delivered_at"), day))
    return (
        # A proposal of the collector is not a record: the triple still waits.
        expected_record(Delivery.objects.recorded())
        .order_by()
        .values(
            recorded=Case(
                When(status=DeliveryStatus.CANCELLED, then=Value(DeliveryState.CANCELLED)),
                When(on_time, then=Value(DeliveryState.ON_TIME)),
                default=Value(DeliveryState.LATE),
                output_field=CharField(),
            )
        )[:1]
    )


def unconfirmed_state(scope: ReportScope) -> Case:
    """Missed once the entry's day is over, planned until then."""
    today = scope.now.astimezone(scope.zone).date()
    return Case(
        When(LessThan(F("day"), Value(today)), then=Value(DeliveryState.MISSED)),
        default=Value(DeliveryState.PLANNED),
        output_field=CharField(),
    )


def triple_state(scope: ReportScope) -> Case:
    """A cancelled entry's deliveries are cancelled; else the confirmation's state;
    else missed once the entry's day is over, planned until then."""
    unconfirmed = unconfirmed_state(scope)
    return Case(
        When(
            calendarentry__editorial_status=EntryStatus.CANCELLED,
            then=Value(DeliveryState.CANCELLED),
        ),
        # The confirmation is looked up once: a Case on it would repeat the subquery.
        default=Coalesce(F("recorded"), unconfirmed),
        output_field=CharField(),
    )


@dataclass
class DeliveryCounts:
    """Expected deliveries by state, and the sums the reports show."""

    planned: int = 0
    on_time: int = 0
    late: int = 0
    missed: int = 0
    cancelled: int = 0

    @property
    def delivered(self) -> int:
        return self.on_time + self.late

    @property
    def expected(self) -> int:
        """Every expected delivery but the cancelled ones."""
        return self.planned + self.on_time + self.late + self.missed

    @property
    def completeness(self) -> int | None:
        """Delivered as a whole percentage of expected (rounded down)."""
        return self.delivered * 100 // self.expected if self.expected else None

    def add(self, other: DeliveryCounts) -> None:
        for state in STATES:
            setattr(self, state, getattr(self, state) + getattr(other, state))


def delivery_counts(
    scope: ReportScope, key: str, *, portals: bool = True
) -> dict[object, DeliveryCounts]:
    """Counts per ``key`` (``channel_id``, ``channel__kind`` or ``carrier``): one GROUP BY
    query on the confirmed channels, one more on the portals served here."""
    sources = [expected_triples(scope), *([portal_links(scope)] if portals else [])]
    counts: dict[object, DeliveryCounts] = defaultdict(DeliveryCounts)
    for links in sources:
        rows = (
            links.values(key, "state")
            .annotate(number=Count("*", output_field=IntegerField()))
            .values_list(key, "state", "number")
        )
        for value, state, number in rows:
            setattr(counts[value], state, getattr(counts[value], state) + number)
    return counts


@dataclass
class DeliveryRow(DeliveryCounts):
    name: str = ""
    kind: str = ""
    is_total: bool = False


def _with_total(rows: list[DeliveryRow], total_label: str) -> list[DeliveryRow]:
    total = DeliveryRow(name=total_label, is_total=True)
    for row in rows:
        total.add(row)
    return [*rows, total]


def channel_rows(scope: ReportScope, *, total_label: str) -> list[DeliveryRow]:
    """Every channel in use (and any other with deliveries expected in scope), with
    zeros when none are, and the totals row."""
    counts = delivery_counts(scope, "channel_id")
    channels = Channel.objects.filter(Q(active=True) | Q(pk__in=list(counts)))
    if scope.channel is not None:
        channels = channels.filter(pk=scope.channel.pk)
    kinds = dict(ChannelKind.choices)
    rows = []
    for channel in channels.order_by("kind", "name"):
        row = DeliveryRow(name=channel.name, kind=str(kinds.get(channel.kind, channel.kind)))
        row.add(counts.get(channel.pk, DeliveryCounts()))
        rows.append(row)
    return _with_total(rows, total_label)


def kind_rows(scope: ReportScope, *, total_label: str) -> list[DeliveryRow]:
    """Each kind of channel with deliveries expected in scope, in the kinds' order, and
    the totals row (two queries)."""
    counts = delivery_counts(scope, "channel__kind")
    rows = []
    for kind, label in ChannelKind.choices:
        if kind in counts:
            row = DeliveryRow(name=str(label), kind=kind)
            row.add(counts[kind])
            rows.append(row)
    return _with_total(rows, total_label)


def unit_rows(scope: ReportScope, *, total_label: str) -> list[DeliveryRow]:
    """Each carrying unit with deliveries expected in scope, and the totals row (the
    portals served here have no carrying unit)."""
    counts = delivery_counts(scope, "carrier", portals=False)
    units = sorted(Unit.objects.filter(pk__in=list(counts)), key=lambda unit: unit.name)
    rows = []
    for unit in units:
        row = DeliveryRow(name=unit.name)
        row.add(counts[unit.pk])
        rows.append(row)
    return _with_total(rows, total_label)
