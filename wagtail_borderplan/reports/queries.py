"""The reports' numbers, counted by the database.

Every entry in scope falls in exactly one *report state*, computed in SQL from the
article's and the deliveries' records, as ``CalendarEntry.objects.with_status()`` reads
them (see ``docs/reference/reports.md``):

An entry is *done* when it went out on every channel: each portal served here by its
article being live there (the original or its alias under that portal's index), each
other channel by every carrying unit's record (``models.deliveries``); an entry with no
channel, by its article being live.

``cancelled``
    the editor cancelled it; not counted as planned.
``on_time`` / ``late``
    done; on time when the article went live and every delivery was made no later than
    the local day the entry was planned for (or it had no planned date), late otherwise.
``missed``
    not done, and its time has passed: the article's scheduled go-live time is more
    than ``MISSED_THRESHOLD_MINUTES`` ago (``CalendarEntry.is_missed``), or, when it is
    not scheduled, its planned day is over.
``scheduled``
    on Wagtail's schedule, go-live time not yet missed.
``in_progress``
    an article is linked (a draft, collected news, in moderation, or live with
    deliveries still to come), a delivery is recorded, or the editor's status is
    drafting, in review or ready.
``not_started``
    no article and no work recorded yet (an idea, assigned).

The counts are grouped by (row, state) in one query per table: each row of the result
is already a number, and the number of queries does not depend on the number of entries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..models import (
    CalendarEntry,
    Channel,
    ChannelKind,
    ContentLine,
    EntryStatus,
    Treaty,
    TreatyTaggedPage,
    Unit,
)
from ..models.calendar import missed_before
from ..models.deliveries import (
    Delivery,
    awaits_confirmation,
    expected_links,
    expected_record,
    has_delivery,
    live_on_portal,
)
from ..models.planning import served_here
from .scope import ReportScope

NEVER = datetime.max.replace(tzinfo=UTC)


class ReportState(models.TextChoices):
    """Where an entry stands against the plan (see the module docstring)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SCHEDULED = "scheduled"
    MISSED = "missed"
    ON_TIME = "on_time"
    LATE = "late"
    CANCELLED = "cancelled"


STATES = tuple(ReportState.values)


def published_when() -> Case:
    """When a live article went live: the entry's ``published_at`` (set by Wagtail's
    ``page_published`` signal, kept on republishing), else the page's own
    ``first_published_at``."""
    return Case(
        When(page__live=True, then=Coalesce("published_at", "page__first_published_at")),
        default=None,
        output_field=DateTimeField(),
    )


def awaits_portal() -> Exists:
    """On entry rows: a portal served here where the article is not live, neither the
    original nor its alias under that portal's index."""
    return Exists(
        CalendarEntry.channels.through.objects.filter(
            served_here("channel__"), calendarentry_id=OuterRef("pk")
        ).filter(~live_on_portal("calendarentry__page_id", "channel__index_page__path"))
    )


def late_delivery(scope: ReportScope) -> Exists:
    """On entry rows: an expected unit delivered after the entry's local day (its
    planned day, else its due date)."""
    day = Coalesce(
        scope.local_date(
            ExpressionWrapper(OuterRef("calendarentry__planned_at"), output_field=DateTimeField())
        ),
        OuterRef("calendarentry__due_date"),
    )
    late = expected_record(Delivery.objects.delivered()).filter(
        GreaterThan(scope.local_date("delivered_at"), day)
    )
    return Exists(expected_links().filter(Exists(late)))


LIVE = Q(page__live=True)


def report_state(scope: ReportScope) -> Case:
    """The entry's report state (see the module docstring), on ``with_schedule()`` rows.

    Built from the records themselves, not from ``with_status()``'s ``current_status``:
    the database would evaluate that whole expression, subqueries and all, at each of
    the many places the states test it (measured: a third of the time on PostgreSQL,
    and most of its JIT compilation).
    """
    # Live with no known time (a page made live without Wagtail's publish): on time, as
    # nothing says otherwise. Not live and done: delivered on the other channels only.
    article_on_time = (
        ~LIVE
        | Q(planned_at__isnull=True)
        | Q(published_at__isnull=True, page__first_published_at__isnull=True)
        | LessThanOrEqual(scope.local_date(published_when()), scope.local_date("planned_at"))
    )
    # Out on every channel: ``published`` with nothing awaited, or ``delivered``.
    done = (LIVE | has_delivery()) & ~awaits_portal() & ~awaits_confirmation()
    waiting_on_schedule = ~LIVE & Q(scheduled_for__isnull=False)
    return Case(
        When(editorial_status=EntryStatus.CANCELLED, then=Value(ReportState.CANCELLED)),
        # Nested, so that the database tests ``done`` once per entry.
        When(
            done,
            then=Case(
                When(
                    article_on_time & ~late_delivery(scope),
                    then=Value(ReportState.ON_TIME),
                ),
                default=Value(ReportState.LATE),
            ),
        ),
        When(
            waiting_on_schedule & Q(scheduled_for__lt=missed_before(scope.now)),
            then=Value(ReportState.MISSED),
        ),
        When(waiting_on_schedule, then=Value(ReportState.SCHEDULED)),
        When(planned_at__lt=scope.today_start, then=Value(ReportState.MISSED)),
        # Any linked article is work under way (a draft, collected news, in moderation,
        # live but not yet carried everywhere), and so is a first delivery.
        When(
            Q(page__isnull=False)
            | Q(
                editorial_status__in=[
                    EntryStatus.DRAFTING,
                    EntryStatus.IN_REVIEW,
                    EntryStatus.READY,
                ]
            )
            | has_delivery(),
            then=Value(ReportState.IN_PROGRESS),
        ),
        default=Value(ReportState.NOT_STARTED),
        output_field=CharField(),
    )


def filter_entries(entries: QuerySet, scope: ReportScope) -> QuerySet:
    """The report's section, treaty and unit filters, as every report applies them."""
    if scope.section is not None:
        entries = entries.filter(content_line__section=scope.section)
    if scope.treaty is not None:
        # About a treaty: planned under a content line that cites it, or an article
        # tagged with it (what the treaty views count), so that filtering by a treaty
        # never changes that treaty's own figures.
        entries = entries.filter(
            Exists(
                ContentLine.treaties.through.objects.filter(
                    contentline_id=OuterRef("content_line_id"), treaty=scope.treaty
                )
            )
            | Exists(
                TreatyTaggedPage.objects.filter(
                    content_object_id=OuterRef("page_id"), tag_id=scope.treaty.pk
                )
            )
        )
    if scope.unit is not None:
        entries = entries.filter(unit=scope.unit)
    return entries


def scoped_entries(scope: ReportScope) -> QuerySet[CalendarEntry]:
    """The plan's entries dated in the period, with the filters applied.

    An entry's date is its planned date, or, when it has none, when its article went
    live; an entry with neither is in no period.
    """
    entries = (
        CalendarEntry.objects.filter(plan=scope.plan)
        .with_schedule()
        .alias(report_at=Coalesce("planned_at", published_when()))
        .filter(report_at__gte=scope.start, report_at__lt=scope.end)
    )
    entries = filter_entries(entries, scope)
    if scope.channel is not None:
        entries = entries.filter(
            Exists(
                CalendarEntry.channels.through.objects.filter(
                    calendarentry_id=OuterRef("pk"), channel=scope.channel
                )
            )
        )
    return entries.order_by()


def published_entries(scope: ReportScope) -> QuerySet[CalendarEntry]:
    """Entries in scope whose article is live, with ``portal``: a join on their portal
    channels that keeps (as NULL) an entry without one. Filtered by a portal, only that
    portal is joined: the report is then about what went out there."""
    portal = Q(channels__kind=ChannelKind.PORTAL)
    if scope.channel is not None and scope.channel.kind == ChannelKind.PORTAL:
        portal &= Q(channels__id=scope.channel.pk)
    return (
        scoped_entries(scope)
        .filter(LIVE)
        .exclude(editorial_status=EntryStatus.CANCELLED)
        .alias(portal=FilteredRelation("channels", condition=portal))
    )


@dataclass
class Counts:
    """Entries by report state, and the sums the reports show."""

    not_started: int = 0
    in_progress: int = 0
    scheduled: int = 0
    missed: int = 0
    on_time: int = 0
    late: int = 0
    cancelled: int = 0

    @property
    def published(self) -> int:
        return self.on_time + self.late

    @property
    def pending(self) -> int:
        """Not live and not missed yet."""
        return self.not_started + self.in_progress + self.scheduled

    @property
    def planned(self) -> int:
        """Every entry in scope but the cancelled ones."""
        return self.pending + self.missed + self.published

    def add(self, other: Counts) -> None:
        for state in STATES:
            setattr(self, state, getattr(self, state) + getattr(other, state))


def state_counts(scope: ReportScope, key: str) -> dict[object, Counts]:
    """Counts per value of ``key`` (a column of the entry), one GROUP BY query."""
    rows = (
        scoped_entries(scope)
        .values(key, state=report_state(scope))
        .annotate(number=Count("pk"))
        .values_list(key, "state", "number")
    )
    counts: dict[object, Counts] = defaultdict(Counts)
    for value, state, number in rows:
        setattr(counts[value], state, number)
    return counts


@dataclass
class LineRow(Counts):
    """One content line of the coverage report (or the totals row)."""

    section: str = ""
    text: str = ""
    target: int | None = None
    is_total: bool = False
    # On the totals row: published items of the lines that have a target, the only
    # ones the targets can be set against.
    published_with_target: int | None = None

    @property
    def target_percent(self) -> int | None:
        """Published items as a whole percentage of the target (rounded down)."""
        if not self.target:
            return None
        published = self.published
        if self.published_with_target is not None:
            published = self.published_with_target
        return published * 100 // self.target


def content_lines(scope: ReportScope) -> QuerySet[ContentLine]:
    lines = ContentLine.objects.filter(plan=scope.plan).select_related("section")
    if scope.section is not None:
        lines = lines.filter(section=scope.section)
    if scope.treaty is not None:
        lines = lines.filter(treaties=scope.treaty)
    return lines.order_by("section__sort_order", "section__name", "sort_order", "pk")


def coverage_rows(scope: ReportScope, *, no_line_label: str, total_label: str) -> list[LineRow]:
    """Every content line of the plan in scope (with zeros when nothing is planned),
    the entries without a content line if any, and the totals row."""
    counts = state_counts(scope, "content_line_id")
    rows = []
    for line in content_lines(scope):
        row = LineRow(section=line.section.name, text=line.full_text, target=line.target)
        row.add(counts.get(line.pk, Counts()))
        rows.append(row)
    if None in counts:
        row = LineRow(text=no_line_label)
        row.add(counts[None])
        rows.append(row)
    total = LineRow(text=total_label, is_total=True)
    targets = [row.target for row in rows if row.target is not None]
    total.target = sum(targets) if targets else None
    total.published_with_target = sum(row.published for row in rows if row.target)
    for row in rows:
        total.add(row)
    return [*rows, total]


@dataclass
class UnitRow(Counts):
    unit: str = ""
    is_total: bool = False


def unit_rows(scope: ReportScope, *, no_unit_label: str, total_label: str) -> list[UnitRow]:
    """Each unit with entries in scope: assigned (``planned``) and delivered."""
    counts = state_counts(scope, "unit_id")
    units = {u.pk: u.name for u in Unit.objects.filter(pk__in=[k for k in counts if k])}
    rows = []
    for unit_id, name in sorted(units.items(), key=lambda item: item[1]):
        row = UnitRow(unit=name)
        row.add(counts[unit_id])
        rows.append(row)
    if None in counts:
        row = UnitRow(unit=no_unit_label)
        row.add(counts[None])
        rows.append(row)
    total = UnitRow(unit=total_label, is_total=True)
    for row in rows:
        total.add(row)
    return [*rows, total]


@dataclass
class PublishedRow:
    portal: str
    unit: str
    month: date | None
    articles: int
    is_total: bool = False

    @property
    def month_label(self) -> str:
        """The local month as mm/yyyy, as Vietnamese reports write it."""
        return f"{self.month:%m/%Y}" if self.month else ""


def _month(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def published_rows(
    scope: ReportScope, *, no_portal_label: str, no_unit_label: str, total_label: str
) -> list[PublishedRow]:
    """Articles that went live, by portal, unit and local month of publication.

    An article on two portals (its Wagtail alias on the second) is one entry with two
    portal channels: it counts once on each portal's row and once in the total, which
    counts distinct articles.
    """
    month = scope.local_month(published_when())
    any_portal = CalendarEntry.channels.through.objects.filter(
        calendarentry_id=OuterRef("pk"), channel__kind=ChannelKind.PORTAL
    )
    grouped = (
        published_entries(scope)
        # The join on portal channels is a LEFT JOIN through the link table: an entry's
        # other channels (a radio) give rows without a portal, kept only for an entry
        # that has no portal at all.
        .filter(Q(portal__isnull=False) | ~Exists(any_portal))
        .values(portal_name=F("portal__name"), month=month, unit_name=F("unit__name"))
        .annotate(articles=Count("page_id", distinct=True))
        .values_list("portal_name", "unit_name", "month", "articles")
    )
    rows = [
        PublishedRow(
            portal=portal or no_portal_label,
            unit=unit or no_unit_label,
            month=_month(when),
            articles=articles,
        )
        for portal, unit, when, articles in grouped
    ]
    rows.sort(key=lambda r: (r.portal == no_portal_label, r.portal, r.unit, r.month or date.min))
    total = (
        scoped_entries(scope)
        .filter(LIVE)
        .exclude(editorial_status=EntryStatus.CANCELLED)
        .aggregate(articles=Count("page_id", distinct=True))["articles"]
    )
    return [
        *rows,
        PublishedRow(portal=total_label, unit="", month=None, articles=total, is_total=True),
    ]


@dataclass
class TreatyRow:
    treaty: str
    kind: str
    full_title: str
    signed_on: date | None
    lines: int
    articles: int
    by_portal: dict[int, int] = field(default_factory=dict)
    is_total: bool = False

    @property
    def covered(self) -> bool:
        return self.articles > 0

    @property
    def signed_on_label(self) -> str:
        return f"{self.signed_on:%d/%m/%Y}" if self.signed_on else ""

    @property
    def covered_label(self) -> str:
        if self.is_total:
            return ""
        return pgettext("treaty coverage", "Covered") if self.covered else _("Not covered")

    def __getattr__(self, name: str) -> int:
        # ``portal_<id>``: the articles on that portal (one export column per portal).
        if name.startswith("portal_") and name[7:].isdigit():
            return self.by_portal.get(int(name[7:]), 0)
        raise AttributeError(name)


def portal_channels() -> list[Channel]:
    return list(Channel.objects.portals().order_by("name"))


def plan_treaties(scope: ReportScope) -> QuerySet[Treaty]:
    """The treaties the plan's content lines (in scope) ask to explain, with how many
    of those lines cite each."""
    lines = ContentLine.treaties.through.objects.filter(
        treaty_id=OuterRef("pk"), contentline__plan=scope.plan
    )
    if scope.section is not None:
        lines = lines.filter(contentline__section=scope.section)
    treaties = Treaty.objects.filter(Exists(lines))
    if scope.treaty is not None:
        treaties = treaties.filter(pk=scope.treaty.pk)
    line_filter = Q(content_lines__plan=scope.plan)
    if scope.section is not None:
        line_filter &= Q(content_lines__section=scope.section)
    return treaties.annotate(line_count=Count("content_lines", filter=line_filter)).order_by(
        "sort_order", "name"
    )


def uncovered_treaties(scope: ReportScope) -> QuerySet[Treaty]:
    """The plan's treaties (in scope) with no live article in the period: one query,
    an ``EXISTS`` per treaty that stops at its first article."""
    articles = published_entries(scope).filter(page__borderplan_treaty_items__tag_id=OuterRef("pk"))
    return plan_treaties(scope).filter(~Exists(articles))


def treaty_rows(scope: ReportScope, *, total_label: str) -> list[TreatyRow]:
    """Every treaty of the plan with the live articles tagged with it, in total and by
    portal; a treaty with none is *not covered*. The totals row counts distinct
    articles about any of the plan's treaties."""
    treaties = list(plan_treaties(scope))
    ids = [t.pk for t in treaties]
    tagged = published_entries(scope).filter(page__borderplan_treaty_items__tag_id__in=ids)
    per_treaty = dict(
        tagged.values(treaty=F("page__borderplan_treaty_items__tag_id"))
        .annotate(n=Count("page_id", distinct=True))
        .values_list("treaty", "n")
    )
    per_portal: dict[int, dict[int, int]] = defaultdict(dict)
    for treaty_id, portal_id, number in (
        tagged.filter(portal__isnull=False)
        .values(treaty=F("page__borderplan_treaty_items__tag_id"), portal_key=F("portal__id"))
        .annotate(n=Count("page_id", distinct=True))
        .values_list("treaty", "portal_key", "n")
    ):
        per_portal[treaty_id][portal_id] = number
    kinds = dict(Treaty._meta.get_field("kind").flatchoices)
    rows = [
        TreatyRow(
            treaty=t.name,
            kind=str(kinds.get(t.kind, t.kind)),
            full_title=t.full_title,
            signed_on=t.signed_on,
            lines=t.line_count,
            articles=per_treaty.get(t.pk, 0),
            by_portal=per_portal.get(t.pk, {}),
        )
        for t in treaties
    ]
    total_portals = dict(
        tagged.filter(portal__isnull=False)
        .values(portal_key=F("portal__id"))
        .annotate(n=Count("page_id", distinct=True))
        .values_list("portal_key", "n")
    )
    total = TreatyRow(
        treaty=total_label,
        kind="",
        full_title="",
        signed_on=None,
        lines=sum(r.lines for r in rows),
        articles=tagged.aggregate(n=Count("page_id", distinct=True))["n"],
        by_portal=total_portals,
        is_total=True,
    )
    return [*rows, total]


@dataclass
class ArticleRow:
    treaty: str
    title: str
    published_at: datetime | None
    unit: str
    portals: str
    zone: object = None
    order: int = 0

    @property
    def published_label(self) -> str:
        """Local date and time, dd/mm/yyyy HH:MM."""
        if self.published_at is None:
            return ""
        return f"{self.published_at.astimezone(self.zone):%d/%m/%Y %H:%M}"


def treaty_articles(scope: ReportScope, *, no_unit_label: str) -> list[ArticleRow]:
    """Each treaty of the plan with its live articles in scope, one row per article
    (an alias on a second portal adds a portal to the row, never a row)."""
    treaties = list(plan_treaties(scope).values_list("pk", "name"))
    order = {pk: number for number, (pk, _name) in enumerate(treaties)}
    names = dict(treaties)
    published = scoped_entries(scope).filter(LIVE).exclude(editorial_status=EntryStatus.CANCELLED)
    grouped = list(
        published.filter(page__borderplan_treaty_items__tag_id__in=list(order))
        .values(treaty=F("page__borderplan_treaty_items__tag_id"), article=F("page_id"))
        .annotate(title=Min("page__title"), when=Min(published_when()), unit_name=Min("unit__name"))
        .values_list("treaty", "article", "title", "when", "unit_name")
    )
    portals: dict[int, set[str]] = defaultdict(set)
    through = CalendarEntry.channels.through
    for page_id, name in through.objects.filter(
        # A subquery, not a list of page ids: one bound parameter whatever the count.
        calendarentry__in=published.values("pk"),
        channel__kind=ChannelKind.PORTAL,
    ).values_list("calendarentry__page_id", "channel__name"):
        portals[page_id].add(name)
    rows = [
        ArticleRow(
            treaty=names[treaty],
            title=title,
            published_at=when,
            unit=unit_name or no_unit_label,
            portals=", ".join(sorted(portals[page_id])),
            zone=scope.zone,
            order=order[treaty],
        )
        for treaty, page_id, title, when, unit_name in grouped
    ]
    # A live page with no known publication time sorts last within its treaty.
    rows.sort(key=lambda r: (r.order, r.published_at is None, r.published_at or NEVER, r.title))
    return rows
