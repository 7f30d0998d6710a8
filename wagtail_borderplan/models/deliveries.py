"""Deliveries: an entry carried out on a channel that this install does not publish to.

A radio relay, a press agency, a bulletin or another organisation's portal delivers an
entry when a person confirms it: a :class:`Delivery` row per (entry, channel, carrying
unit). Only confirmations are stored; an entry still waiting has no row, so ten thousand
entries and fifty stations cost nothing until the stations answer. Portals served by
this install deliver by publishing and have no rows (``Channel.is_publishable``).

A carrying unit confirms in the admin, or without an account through a secret
:class:`CarrierLink`, hashed like the calendar's ICS feeds.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connections, models
from django.db.models import Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..compat import Page
from .calendar import CalendarEntry
from .feeds import hash_token
from .planning import Channel, Unit, served_here


class DeliveryStatus(models.TextChoices):
    """What a person recorded, or what the collector proposes for a person to confirm."""

    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    PROPOSED = "proposed", _("Proposed by the collector")


class DeliveryState(models.TextChoices):
    """Where a delivery stands, read from its record and its day."""

    PLANNED = "planned", _("Planned")
    ON_TIME = "on_time", _("Delivered on time")
    LATE = "late", _("Delivered late")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


def entry_day(entry: CalendarEntry) -> date | None:
    """The local day an entry is due on its channels: its planned day, else its due date."""
    if entry.planned_at:
        return timezone.localtime(entry.planned_at).date()
    return entry.due_date


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` in the current zone."""
    zone = timezone.get_current_timezone()
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def expected_units(channel: Channel, entry: CalendarEntry) -> list[int]:
    """The units that must confirm ``entry`` on ``channel``: the channel's carrying
    units, else the unit that manages it, else the entry's own unit (prefetch
    ``carriers`` when asking for many)."""
    carriers = [unit.pk for unit in channel.carriers.all()]
    return expected_unit_ids(carriers, channel.unit_id, entry.unit_id)


def expected_unit_ids(
    carriers: list[int], channel_unit: int | None, entry_unit: int | None
) -> list[int]:
    """The rule of :func:`expected_units` on ids, for callers that loaded them."""
    if carriers:
        return carriers
    fallback = channel_unit or entry_unit
    return [fallback] if fallback else []


def pending_deliveries(entries: models.QuerySet) -> list[tuple[CalendarEntry, Channel, int]]:
    """``(entry, channel, unit id)`` of every expected delivery of ``entries`` that has no
    record yet, in the entries' order; cancelled entries and portals served here have
    none. Three queries, whatever the number of entries."""
    loaded = list(
        entries.exclude(editorial_status="cancelled").prefetch_related(
            models.Prefetch("channels", queryset=Channel.objects.prefetch_related("carriers"))
        )
    )
    recorded = set(
        Delivery.objects.recorded()
        .filter(entry__in=[e.pk for e in loaded])
        .values_list("entry_id", "channel_id", "unit_id")
    )
    return [
        (entry, channel, unit_id)
        for entry in loaded
        for channel in entry.channels.all()
        if channel.is_confirmed
        for unit_id in expected_units(channel, entry)
        if (entry.pk, channel.pk, unit_id) not in recorded
    ]


def expected_links(entry: str = "pk") -> models.QuerySet:
    """The expected (channel, carrying unit) of the calendar entry ``OuterRef(entry)`` on
    its confirmed channels, as its link-table rows annotated with ``carrier``: the rule
    of :func:`expected_units`, in SQL."""
    links = CalendarEntry.channels.through.objects.filter(calendarentry_id=OuterRef(entry))
    return with_carriers(links)


def with_carriers(links: models.QuerySet) -> models.QuerySet:
    """Link-table rows on confirmed channels, one per carrying unit, annotated with
    ``carrier``: a LEFT JOIN on the channel's carriers, a channel without any keeping
    one row carried by its managing unit, else by the entry's unit."""
    return (
        links.exclude(served_here("channel__"))
        .annotate(
            carrier=Coalesce(
                "channel__carriers",
                "channel__unit",
                "calendarentry__unit",
                output_field=IntegerField(),
            )
        )
        .filter(carrier__isnull=False)
        .order_by()
    )


def expected_record(records: models.QuerySet) -> models.QuerySet:
    """``records`` of the expected delivery of an :func:`expected_links` row."""
    return records.filter(
        entry_id=OuterRef("calendarentry_id"),
        channel_id=OuterRef("channel_id"),
        unit_id=OuterRef("carrier"),
    )


def awaits_confirmation(entry: str = "pk") -> Exists:
    """On calendar entry rows: an expected delivery on a confirmed channel has no
    record yet (a proposal of the collector is not one)."""
    record = expected_record(Delivery.objects.recorded())
    return Exists(expected_links(entry).filter(~Exists(record)))


def has_delivery(entry: str = "pk") -> Q:
    """On calendar entry rows: an expected carrying unit confirmed delivering it (the
    record of a unit that no longer carries the channel counts nowhere)."""
    delivered = Delivery.objects.delivered()
    # Most entries have no record at all: the cheap test first.
    return Exists(delivered.filter(entry_id=OuterRef(entry))) & Exists(
        expected_links(entry).filter(Exists(expected_record(delivered)))
    )


def live_on_portal(page: str, index_path: str) -> Exists:
    """The article ``OuterRef(page)`` is live under the portal index whose path is
    ``OuterRef(index_path)``: itself, or its Wagtail alias there."""
    article = OuterRef(page)
    return Exists(
        Page.objects.filter(
            Q(pk=article) | Q(alias_of_id=article),
            live=True,
            path__startswith=OuterRef(index_path),
        )
    )


def on_served_portal(entry: str = "pk") -> Exists:
    """On calendar entry rows: one of its channels is a portal served here, which
    delivers by publishing the article."""
    return Exists(
        CalendarEntry.channels.through.objects.filter(
            served_here("channel__"), calendarentry_id=OuterRef(entry)
        )
    )


class DeliveryQuerySet(models.QuerySet):
    def delivered(self) -> DeliveryQuerySet:
        return self.filter(status=DeliveryStatus.DELIVERED)

    def recorded(self) -> DeliveryQuerySet:
        """Confirmed by a person (delivered or cancelled): not a proposal."""
        return self.exclude(status=DeliveryStatus.PROPOSED)

    def for_units(self, unit_ids) -> DeliveryQuerySet:
        return self.filter(unit_id__in=unit_ids)

    def records_for(self, entry_ids: list[int]) -> list[tuple[int, int, int, str]]:
        """``(entry_id, channel_id, unit_id, status)`` of every confirmation of the
        entries: what the calendar's cards count, in one light query.

        Plain SQL on the whole table (this queryset's own filters do not apply): the
        ORM's preparing of each id cost ten times the query itself on a month of cards
        (measured with bench/calendar_month.py).
        """
        ids = [int(pk) for pk in entry_ids]
        if not ids:
            return []
        connection = connections[self.db]
        quote = connection.ops.quote_name
        meta = self.model._meta
        entry, *others = (
            quote(meta.get_field(name).column) for name in ("entry", "channel", "unit", "status")
        )
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT {entry}, {', '.join(others)} FROM {quote(meta.db_table)} "
            f"WHERE {entry} IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)
            return cursor.fetchall()


class Delivery(models.Model):
    """One carrying unit's record of an entry on a channel."""

    entry = models.ForeignKey(
        CalendarEntry,
        related_name="deliveries",
        on_delete=models.CASCADE,
        verbose_name=_("calendar entry"),
    )
    channel = models.ForeignKey(
        Channel, related_name="deliveries", on_delete=models.PROTECT, verbose_name=_("channel")
    )
    unit = models.ForeignKey(
        Unit,
        related_name="deliveries",
        # A record is evidence of work done: deleting its unit must not erase it.
        on_delete=models.PROTECT,
        verbose_name=_("carrying unit"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.DELIVERED,
    )
    delivered_at = models.DateTimeField(
        _("delivered at"),
        help_text=_("When it went out: the air time, the publication, the issue's date."),
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), null=True, blank=True, help_text=_("For a broadcast.")
    )
    evidence_url = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("Where it can be seen or heard.")
    )
    issue_number = models.CharField(
        _("issue number"), max_length=50, blank=True, help_text=_("For a bulletin.")
    )
    note = models.TextField(_("note"), blank=True)
    evidence_file = models.FileField(
        _("file"),
        upload_to="borderplan/deliveries/%Y/%m/",
        blank=True,
        help_text=_("A scan, a photo or a recording, if there is one."),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("confirmed by"),
    )
    confirmed_via = models.ForeignKey(
        "CarrierLink",
        null=True,
        blank=True,
        related_name="deliveries",
        on_delete=models.SET_NULL,
        verbose_name=_("confirmed through the link"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "channel", "unit"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "channel", "unit"], name="borderplan_one_delivery_per_carrier"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="borderplan_delivery_duration_within_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.channel} · {self.unit}"

    @property
    def state(self) -> str:
        if self.status == DeliveryStatus.CANCELLED:
            return DeliveryState.CANCELLED
        day = entry_day(self.entry)
        if self.status == DeliveryStatus.PROPOSED:  # not delivered until confirmed
            over = day is not None and timezone.now() >= end_of_day(day)
            return DeliveryState.MISSED if over else DeliveryState.PLANNED
        if day is None or self.delivered_at < end_of_day(day):
            return DeliveryState.ON_TIME
        return DeliveryState.LATE


class CarrierLinkQuerySet(models.QuerySet):
    def active(self) -> CarrierLinkQuerySet:
        return self.filter(revoked_at__isnull=True)

    def for_token(self, token: str) -> CarrierLink | None:
        """The active link of ``token``, else None (wrong, revoked: the same answer)."""
        if not token or len(token) > 200:
            return None
        return self.active().select_related("unit").filter(token_hash=hash_token(token)).first()


class CarrierLink(models.Model):
    """A carrying unit's secret address to confirm its deliveries without an account.

    Only a hash of the token is stored: the address is shown once, when it is made.
    Revoking keeps the row (the deliveries confirmed through it still name it) and the
    address then answers like any wrong one.
    """

    unit = models.ForeignKey(
        Unit, related_name="carrier_links", on_delete=models.CASCADE, verbose_name=_("unit")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Who holds it, e.g. the station's phone.")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
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
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = CarrierLinkQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "-created_at"]
        verbose_name = _("confirmation link")
        verbose_name_plural = _("confirmation links")

    def __str__(self) -> str:
        return f"{self.unit} · {self.name}"

    @classmethod
    def create_for(cls, unit: Unit, name: str, user=None) -> tuple[CarrierLink, str]:
        """A new link and its token (the only time the token is known)."""
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            unit=unit, name=name, created_by=user, token_hash=hash_token(token)
        )
        return link, token


class DeliveryReminder(models.Model):
    """The reminder a carrying unit was emailed for an entry: one per entry and unit,
    claimed by inserting this row before the email goes, so two notifiers never send
    it twice."""

    entry = models.ForeignKey(CalendarEntry, related_name="+", on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, related_name="+", on_delete=models.CASCADE)
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "unit", "day"], name="borderplan_one_reminder_per_day"
            )
        ]
