"""Calendar entries: one planned item each, and every query the admin, the feeds, the
runner and the reports make of them (on :class:`CalendarEntryQuerySet`).

A calendar entry's *planned* date is a plan, not a schedule: only a scheduled revision
of its article publishes anything. The statuses that follow from the linked article
(in review, scheduled, published) are derived from Wagtail's own records, never stored.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta, tzinfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import Revision, WorkflowState
from wagtail.search import index

from ..compat import Page
from ..conf import get_setting
from ..times import fixed_offset, local_dates
from .local_date import VENDORS as LOCAL_DATE_VENDORS
from .local_date import LocalDate
from .planning import Channel, ContentLine, Plan, Unit


class EntryStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    COLLECTED = "collected", _("Collected")
    ASSIGNED = "assigned", _("Assigned")
    DRAFTING = "drafting", _("Drafting")
    IN_REVIEW = "in_review", _("In review")
    READY = "ready", _("Ready")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    # Done on channels this install does not publish to: every carrying unit confirmed.
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class TranslationRule(models.TextChoices):
    """When an entry's translations (its planned editions) publish."""

    WITH_ORIGINAL = "with_original", _("Publish with the original")
    WHEN_READY = "when_ready", _("Publish each translation when it is ready")


# What an editor sets; the rest follows from the linked article.
EDITORIAL_STATUSES = [
    EntryStatus.IDEA,
    EntryStatus.COLLECTED,
    EntryStatus.ASSIGNED,
    EntryStatus.DRAFTING,
    EntryStatus.IN_REVIEW,
    EntryStatus.READY,
    EntryStatus.CANCELLED,
]
# Statuses that no longer need work before their due date.
DONE_STATUSES = [
    EntryStatus.READY,
    EntryStatus.SCHEDULED,
    EntryStatus.PUBLISHED,
    EntryStatus.DELIVERED,
    EntryStatus.CANCELLED,
]
# Gone out: a card that can no longer move.
OUT_STATUSES = [EntryStatus.PUBLISHED, EntryStatus.DELIVERED]


def _page_object_id(page_id: str = "page_id") -> Cast:
    return Cast(OuterRef(page_id), output_field=models.CharField())


def scheduled_revision(page_id: str = "page_id") -> models.QuerySet:
    """The revision of the page ``page_id`` names (on the outer rows) approved to go
    live: the linked article's, on entry rows."""
    return Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=_page_object_id(page_id),
        approved_go_live_at__isnull=False,
    )


class CalendarEntryQuerySet(models.QuerySet):
    def with_schedule(self) -> CalendarEntryQuerySet:
        """Annotate ``scheduled_for``: when the article is approved to go live (Wagtail's
        scheduled publishing), else None."""
        return self.annotate(
            scheduled_for=Subquery(scheduled_revision().values("approved_go_live_at")[:1])
        )

    def with_status(self, *, deliveries: bool = True) -> CalendarEntryQuerySet:
        """Annotate ``current_status`` (:func:`entry_status`); ``deliveries=False``
        leaves ``delivered`` to a caller that reads the deliveries anyway (the cards)."""
        # One annotate() and one revision subquery: built for every calendar request,
        # their cloning showed in the month view's profile.
        scheduled = scheduled_revision()
        return self.annotate(
            scheduled_for=Subquery(scheduled.values("approved_go_live_at")[:1]),
            current_status=entry_status(deliveries=deliveries, scheduled=scheduled),
        )

    def for_admin(self) -> CalendarEntryQuerySet:
        """With their status and what the admin screens show of the plan and article."""
        return self.with_status().select_related("plan", "content_line__section", "unit", "page")

    def for_cards(self) -> CalendarEntryQuerySet:
        """Just what a calendar card shows: no plan, no article row, no long texts. The
        cards read their deliveries anyway and tell ``delivered`` from them
        (``calendar.cards.CardMaker.add_deliveries``): the database's test of every card
        cost a tenth of the month view (measured with ``bench/calendar_month.py``)."""
        return (
            self.with_status(deliveries=False)
            .select_related("content_line__section", "unit")
            .only(
                "title",
                "planned_at",
                "due_date",
                "editorial_status",
                "page_id",
                "content_line__section__name",
                "content_line__section__colour",
                "unit__name",
                "unit__short_name",
            )
        )

    def with_channel_lists(self) -> list[CalendarEntry]:
        """The entries, each with ``channel_list`` attached, in one more query.

        Django's prefetch_related clones a queryset per instance, which costs more than the
        query itself on a month of cards (measured); a plain join on the through table
        does not.
        """
        entries = list(self)
        through = CalendarEntry.channels.through
        pk = Channel._meta.pk.attname
        fields = [pk, *(f.attname for f in Channel._meta.concrete_fields if f.attname != pk)]
        links = (
            through.objects.filter(calendarentry_id__in=[e.pk for e in entries])
            .order_by("channel__kind", "channel__name")
            .values_list("calendarentry_id", *(f"channel__{name}" for name in fields))
        )
        # A month of cards shares a handful of channels: one object each, not one (and a
        # link object) per card, which was half of the query's cost (profiled).
        shared: dict[int, Channel] = {}
        channels: dict[int, list[Channel]] = defaultdict(list)
        for entry_id, *values in links:
            channel = shared.get(values[0])
            if channel is None:
                channel = shared[values[0]] = Channel.from_db(self.db, fields, values)
            channels[entry_id].append(channel)
        for entry in entries:
            entry.channel_list = channels[entry.pk]
        return entries

    def local_days(self, start: datetime, end: datetime, zone: tzinfo) -> list[tuple[int, date]]:
        """``(pk, local day in zone)`` of the entries planned in [start, end), in time
        order. The database tells the days when the zone's offset is fixed over the span
        (always, for Vietnam); otherwise Python does, from the times."""
        rows = self.filter(planned_at__gte=start, planned_at__lt=end).order_by("planned_at", "pk")
        offset = fixed_offset(zone, start, end)
        if offset is not None and connections[self.db].vendor in LOCAL_DATE_VENDORS:
            return list(rows.values_list("pk", LocalDate("planned_at", offset)))
        return list(local_dates(rows.values_list("pk", "planned_at"), zone))

    def missed(self, now: datetime | None = None) -> CalendarEntryQuerySet:
        """Scheduled, and still not live ``MISSED_THRESHOLD_MINUTES`` after the go-live
        time (a runner that stopped); on ``with_status()`` rows."""
        return self.filter(missed_schedule(now))

    def scheduled_between(self, start: datetime, end: datetime) -> CalendarEntryQuerySet:
        """Entries whose article is approved to go live in [start, end)."""
        return self.filter(
            Exists(
                Revision.objects.filter(
                    base_content_type=ContentType.objects.get_for_model(Page),
                    object_id=_page_object_id(),
                    approved_go_live_at__gte=start,
                    approved_go_live_at__lt=end,
                )
            )
        )


def entry_status(*, deliveries: bool = True, scheduled: models.QuerySet | None = None) -> Case:
    """The entry's current status, on entry rows: the stored editorial status,
    overridden by what Wagtail records about the linked article (live, scheduled, in
    moderation), or, for an entry on no portal served here, by its deliveries:
    ``delivered`` once every carrying unit has recorded its own and one delivered."""
    # The deliveries module builds on this one (a delivery names its entry).
    from .deliveries import awaits_confirmation, has_delivery, on_served_portal

    in_review = WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=_page_object_id(),
    )
    delivered = (
        # The cheap test first: most entries have no delivery at all.
        [
            When(
                has_delivery() & ~on_served_portal() & ~awaits_confirmation(),
                then=Value(EntryStatus.DELIVERED),
            )
        ]
        if deliveries
        else []
    )
    return Case(
        When(editorial_status=EntryStatus.CANCELLED, then=Value(EntryStatus.CANCELLED)),
        When(page__live=True, then=Value(EntryStatus.PUBLISHED)),
        *delivered,
        When(
            Exists(scheduled_revision() if scheduled is None else scheduled),
            then=Value(EntryStatus.SCHEDULED),
        ),
        When(Exists(in_review), then=Value(EntryStatus.IN_REVIEW)),
        When(
            page__isnull=False,
            editorial_status__in=[EntryStatus.IDEA, EntryStatus.ASSIGNED],
            then=Value(EntryStatus.DRAFTING),
        ),
        default=F("editorial_status"),
        output_field=models.CharField(),
    )


def missed_before(now: datetime | None = None) -> datetime:
    """Go-live times before this one are missed if their article is still not live."""
    threshold = timedelta(minutes=get_setting("MISSED_THRESHOLD_MINUTES"))
    return (now or timezone.now()) - threshold


def missed_schedule(now: datetime | None = None) -> Q:
    """The condition of a missed schedule on ``with_status()`` rows (for filters and for
    the reports' ``Case``)."""
    return Q(current_status=EntryStatus.SCHEDULED, scheduled_for__lt=missed_before(now))


class CalendarEntry(index.Indexed, ClusterableModel):
    """One planned item of the editorial calendar."""

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, related_name="entries", on_delete=models.CASCADE, verbose_name=_("plan")
    )
    content_line = models.ForeignKey(
        ContentLine,
        null=True,
        blank=True,
        related_name="entries",
        on_delete=models.SET_NULL,
        verbose_name=_("content line"),
    )
    title = models.CharField(_("title"), max_length=255)
    brief = models.TextField(_("brief"), blank=True)
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        related_name="entries",
        on_delete=models.SET_NULL,
        verbose_name=_("unit"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="borderplan_assignments",
        on_delete=models.SET_NULL,
        verbose_name=_("assignee"),
    )
    channels = models.ManyToManyField(
        Channel, related_name="entries", blank=True, verbose_name=_("channels")
    )
    planned_at = models.DateTimeField(
        _("planned date and time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A plan, not a schedule: publishing is scheduled on the article."),
    )
    due_date = models.DateField(_("draft due date"), null=True, blank=True)
    editorial_status = models.CharField(
        _("status"),
        max_length=20,
        choices=[(s.value, s.label) for s in EDITORIAL_STATUSES],
        default=EntryStatus.IDEA,
        help_text=_("Scheduled and published follow from the article and are not set here."),
    )
    page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        related_name="borderplan_entries",
        on_delete=models.SET_NULL,
        verbose_name=_("article"),
    )
    notes = models.TextField(_("notes"), blank=True)
    translation_rule = models.CharField(
        _("translations publish"),
        max_length=20,
        choices=TranslationRule.choices,
        default=TranslationRule.WHEN_READY,
        help_text=_(
            "With the original: when the article goes live, its translations in the planned "
            "languages go live too, and are due that day. When ready: each on its own due day."
        ),
    )
    # The missed go-live time and the due date already emailed about: one email each,
    # not one per run of borderplan_notify.
    missed_notified_for = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the article went live, whatever published it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = CalendarEntryQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("brief"),
        index.FilterField("plan_id"),
        index.FilterField("unit_id"),
    ]

    class Meta:
        ordering = ["planned_at", "pk"]
        verbose_name = _("calendar entry")
        verbose_name_plural = _("calendar entries")
        indexes = [models.Index(fields=["plan", "planned_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        """The current status; reads the ``with_status()`` annotation when present."""
        annotated = getattr(self, "current_status", None)
        if annotated is not None:
            return annotated
        return (
            CalendarEntry.objects.with_status()
            .values_list("current_status", flat=True)
            .get(pk=self.pk)
        )

    def get_status_display(self) -> str:
        return EntryStatus(self.status).label

    def is_missed(self, now=None) -> bool:
        """Scheduled, but still not live well after its time (``with_status()`` rows)."""

        when = getattr(self, "scheduled_for", None)
        if when is None or self.status != EntryStatus.SCHEDULED:
            return False
        threshold = timedelta(minutes=get_setting("MISSED_THRESHOLD_MINUTES"))
        return when < (now or timezone.now()) - threshold

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and self.status not in DONE_STATUSES)

    def portal_channels(self) -> list[Channel]:
        """The entry's web-portal channels (from ``channel_list`` when a view attached
        it, see ``CalendarEntryQuerySet.with_channel_lists``)."""
        channels = getattr(self, "channel_list", None)
        if channels is None:
            channels = self.channels.all()
        return [channel for channel in channels if channel.is_portal]

    def clean(self) -> None:
        if self.content_line_id and self.plan_id and self.content_line.plan_id != self.plan_id:
            raise ValidationError({"content_line": _("The content line belongs to another plan.")})
