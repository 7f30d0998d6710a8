"""The plan as data: plans, content lines, units, channels and calendar entries.

A calendar entry's *planned* date is a plan, not a schedule: only a scheduled revision
of its article publishes anything. The statuses that follow from the linked article
(in review, scheduled, published) are derived from Wagtail's own records, never stored.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page, Revision, Site, WorkflowState
from wagtail.search import index

from ..forms import CalendarEntryForm
from .taxonomy import Section, Treaty

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class PlanQuerySet(models.QuerySet):
    def latest_with_data(self) -> Plan | None:
        """The plan to open reports and new entries on, in one query: the latest plan
        that has entries (an active one first), so that an empty plan just created for
        next year does not hide this year's work; with no entries anywhere, the latest
        active plan, else the latest plan."""
        has_entries = Exists(CalendarEntry.objects.filter(plan=OuterRef("pk")))
        return (
            self.alias(
                has_entries=Case(When(has_entries, then=1), default=0),
                is_active=Case(When(status=PlanStatus.ACTIVE, then=1), default=0),
            )
            .order_by("-has_entries", "-is_active", "-period_start", "-pk")
            .first()
        )


class Plan(index.Indexed, models.Model):
    """A yearly communication plan (kế hoạch tuyên truyền)."""

    title = models.CharField(_("title"), max_length=255)
    reference_number = models.CharField(_("reference number"), max_length=100, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True)
    guidance = models.CharField(
        _("guidance followed"),
        max_length=500,
        blank=True,
        help_text=_("The guidance the plan follows, e.g. Hướng dẫn số 14-HD/BTGTU."),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = PlanQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("reference_number"), FieldPanel("issuing_body")]),
        FieldPanel("guidance"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldPanel("status"),
        FieldPanel("notes"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("reference_number"),
        index.SearchField("issuing_body"),
    ]

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.title

    @property
    def short_label(self) -> str:
        """The plan by its years ("Kế hoạch 2021"), where its title is too long to repeat
        (the content-line chooser shows it before each line)."""
        first, last = self.period_start.year, self.period_end.year
        years = str(first) if first == last else f"{first}–{last}"
        return _("Plan %(years)s") % {"years": years}

    def clean(self) -> None:
        from ..times import validate_day

        errors = {}
        for name in ("period_start", "period_end"):
            try:
                validate_day(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class ContentLine(index.Indexed, models.Model):
    """One line of section II of a plan: what to communicate about a border line."""

    plan = models.ForeignKey(
        Plan, related_name="content_lines", on_delete=models.CASCADE, verbose_name=_("plan")
    )
    section = models.ForeignKey(
        Section,
        related_name="content_lines",
        on_delete=models.PROTECT,
        verbose_name=_("section"),
    )
    text = models.TextField(_("text"))
    treaties = models.ManyToManyField(
        Treaty, related_name="content_lines", blank=True, verbose_name=_("treaties")
    )
    topics = models.ManyToManyField(
        Tag, related_name="borderplan_content_lines", blank=True, verbose_name=_("topics")
    )
    target = models.PositiveIntegerField(_("target number of items"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("plan"), FieldPanel("section")]),
        FieldPanel("text"),
        FieldPanel("treaties", widget=forms.CheckboxSelectMultiple),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("target"), FieldPanel("sort_order")]),
    ]
    search_fields = [index.SearchField("text"), index.FilterField("plan_id")]

    class Meta:
        ordering = ["plan", "section__sort_order", "sort_order", "pk"]
        verbose_name = _("content line")
        verbose_name_plural = _("content lines")

    def __str__(self) -> str:
        text = self.full_text
        return text if len(text) <= 90 else text[:89] + "…"

    @property
    def full_text(self) -> str:
        """The whole text on one line: what reports and their exports show (``str()``
        is cut at 90 characters for choosers and cards)."""
        return " ".join(self.text.split())

    @property
    def label(self) -> str:
        """The line with its plan and section, as choosers show it:
        "Kế hoạch 2021 · Việt Nam - Lào · …" (select_related("plan", "section"))."""
        return f"{self.plan.short_label} · {self.section.name} · {self}"


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Department division")
    ICT_CENTRE = "ict_centre", _("ICT centre")
    PRESS_AGENCY = "press_agency", _("Press agency")
    PORTAL_MANAGER = "portal_manager", _("Portal or bulletin manager")
    DISTRICT_COMMITTEE = "district_committee", _("District People's Committee")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
    OTHER = "other", _("Other")


class UnitQuerySet(models.QuerySet):
    def for_user(self, user: AbstractBaseUser) -> UnitQuerySet:
        """Units the user belongs to, directly or through a group."""
        if not user.is_authenticated:
            return self.none()
        member = Q(members=user) | Q(member_groups__in=user.groups.all())
        return self.filter(pk__in=Unit.objects.filter(member).values("pk"))


class Unit(index.Indexed, models.Model):
    """A body that carries the plan out (đơn vị thực hiện)."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.SET_NULL,
        verbose_name=_("parent unit"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="borderplan_units",
        blank=True,
        verbose_name=_("members"),
    )
    member_groups = models.ManyToManyField(
        Group,
        related_name="borderplan_units",
        blank=True,
        verbose_name=_("member groups"),
        help_text=_("Every user of these groups is a member of the unit."),
    )

    objects = UnitQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
        FieldPanel("members", widget=forms.CheckboxSelectMultiple),
        FieldPanel("member_groups", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("short_name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class ChannelKind(models.TextChoices):
    PORTAL = "portal", _("Web portal")
    BULLETIN = "bulletin", _("Bulletin")
    PRESS = "press", _("Press")
    DISTRICT_RADIO = "district_radio", _("District radio relay")
    COMMUNE_RADIO = "commune_radio", _("Commune radio relay")
    OTHER = "other", _("Other")


class Channel(index.Indexed, models.Model):
    """Where an item goes out; a web portal is a Wagtail Site and its receiving index."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=50, blank=True, help_text=_("Shown on calendar entries.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    site = models.ForeignKey(
        Site,
        null=True,
        blank=True,
        related_name="borderplan_channels",
        on_delete=models.SET_NULL,
        verbose_name=_("site"),
    )
    index_page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("receiving index page"),
        help_text=_("For a web portal: the index page under which its articles are created."),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        related_name="channels",
        on_delete=models.SET_NULL,
        verbose_name=_("managing unit"),
    )
    active = models.BooleanField(_("in use"), default=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name"), FieldPanel("kind")]),
        MultiFieldPanel([FieldPanel("site"), FieldPanel("index_page")], heading=_("Web portal")),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("active")]),
    ]
    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def is_portal(self) -> bool:
        return self.kind == ChannelKind.PORTAL

    @property
    def is_publishable(self) -> bool:
        """A portal served by this install: articles can be created and shown there."""
        return self.is_portal and bool(self.site_id and self.index_page_id)

    def clean(self) -> None:
        # A portal without a site is another organisation's (a district's portal):
        # planned for, but not published from here.
        errors = {}
        if self.site_id and not self.index_page_id:
            errors["index_page"] = _(
                "A portal served here needs the index page that receives articles."
            )
        elif self.index_page_id and not self.site_id:
            errors["site"] = _("Choose the site the index page belongs to.")
        elif self.site_id and not self.index_page.is_descendant_of(self.site.root_page):
            errors["index_page"] = _("The index page must belong to the portal's site.")
        if (self.site_id or self.index_page_id) and self.kind != ChannelKind.PORTAL:
            errors["kind"] = _("Only a web portal has a site and an index page.")
        if errors:
            raise ValidationError(errors)


class EntryStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    COLLECTED = "collected", _("Collected")
    ASSIGNED = "assigned", _("Assigned")
    DRAFTING = "drafting", _("Drafting")
    IN_REVIEW = "in_review", _("In review")
    READY = "ready", _("Ready")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


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
    EntryStatus.CANCELLED,
]


def _page_object_id() -> Cast:
    return Cast(OuterRef("page_id"), output_field=models.CharField())


class CalendarEntryQuerySet(models.QuerySet):
    def with_status(self) -> CalendarEntryQuerySet:
        """Annotate ``current_status``: the stored editorial status, overridden by what
        Wagtail records about the linked article (live, scheduled, in moderation)."""
        page_type = ContentType.objects.get_for_model(Page)
        scheduled = Revision.objects.filter(
            base_content_type=page_type,
            object_id=_page_object_id(),
            approved_go_live_at__isnull=False,
        )
        in_review = WorkflowState.objects.active().filter(
            base_content_type=page_type, object_id=_page_object_id()
        )
        return self.annotate(
            # When the article is scheduled to go live (to tell missed schedules).
            scheduled_for=Subquery(scheduled.values("approved_go_live_at")[:1]),
            current_status=Case(
                When(editorial_status=EntryStatus.CANCELLED, then=Value(EntryStatus.CANCELLED)),
                When(page__live=True, then=Value(EntryStatus.PUBLISHED)),
                When(Exists(scheduled), then=Value(EntryStatus.SCHEDULED)),
                When(Exists(in_review), then=Value(EntryStatus.IN_REVIEW)),
                When(
                    page__isnull=False,
                    editorial_status__in=[EntryStatus.IDEA, EntryStatus.ASSIGNED],
                    then=Value(EntryStatus.DRAFTING),
                ),
                default=F("editorial_status"),
                output_field=models.CharField(),
            ),
        )

    def visible_to(self, user: AbstractBaseUser) -> CalendarEntryQuerySet:
        """Entries the user may see: all of them with the view permission, else none."""
        from ..permissions import entry_policy

        return self if entry_policy().user_has_permission(user, "view") else self.none()


class CalendarEntry(index.Indexed, models.Model):
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

    base_form_class = CalendarEntryForm
    panels = [
        FieldRowPanel([FieldPanel("plan"), FieldPanel("content_line")]),
        FieldPanel("title"),
        FieldPanel("brief"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("assignee")]),
        FieldPanel("channels", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("planned_at"), FieldPanel("due_date")]),
        FieldPanel("editorial_status"),
        FieldPanel("page"),
        FieldPanel("notes"),
    ]

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
        from ..conf import get_setting

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
        it, see ``calendar.views.with_channels``)."""
        channels = getattr(self, "channel_list", None)
        if channels is None:
            channels = self.channels.all()
        return [channel for channel in channels if channel.is_portal]

    def clean(self) -> None:
        if self.content_line_id and self.plan_id and self.content_line.plan_id != self.plan_id:
            raise ValidationError({"content_line": _("The content line belongs to another plan.")})
