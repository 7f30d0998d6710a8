"""The plan as data: plans, content lines, units and channels (calendar entries are in
``models.calendar``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag
from wagtail.models import Site
from wagtail.search import index

from ..compat import Page
from .taxonomy import Section, Treaty, in_default_locale

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class PlanQuerySet(models.QuerySet):
    def active_on(self, day: date | None = None) -> Plan | None:
        """The active plan whose period includes ``day`` (today in the app's zone)."""
        day = day or timezone.localdate()
        return (
            self.filter(status=PlanStatus.ACTIVE, period_start__lte=day, period_end__gte=day)
            .order_by("-period_start", "pk")
            .first()
        )

    def latest_with_data(self) -> Plan | None:
        """The plan to open reports and new entries on, in one query: the latest plan
        that has entries (an active one first), so that an empty plan just created for
        next year does not hide this year's work; with no entries anywhere, the latest
        active plan, else the latest plan."""
        from .calendar import CalendarEntry

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
        limit_choices_to=in_default_locale,
    )
    text = models.TextField(_("text"))
    treaties = models.ManyToManyField(
        Treaty,
        related_name="content_lines",
        blank=True,
        verbose_name=_("treaties"),
        limit_choices_to=in_default_locale,
    )
    topics = models.ManyToManyField(
        Tag, related_name="borderplan_content_lines", blank=True, verbose_name=_("topics")
    )
    target = models.PositiveIntegerField(_("target number of items"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

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
    def ict_centre(self) -> Unit | None:
        """The ICT centre, which collected news is planned for by default."""
        return self.filter(kind=UnitKind.ICT_CENTRE).order_by("pk").first()

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
    email = models.EmailField(
        _("email address"),
        blank=True,
        help_text=_(
            "The unit's own address, e.g. a commune station's: reminders go to it as well "
            "as to the members."
        ),
    )
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


def served_here(prefix: str = "") -> Q:
    """A portal served by this install (a site and a receiving index), as a condition
    on the channel or, with ``prefix`` ("channel__"), on a relation's channel."""
    return Q(
        **{
            f"{prefix}kind": ChannelKind.PORTAL,
            f"{prefix}site__isnull": False,
            f"{prefix}index_page__isnull": False,
        }
    )


class ChannelQuerySet(models.QuerySet):
    def portals(self) -> ChannelQuerySet:
        """Web portals, ours or another organisation's (planned for, not published to)."""
        return self.filter(kind=ChannelKind.PORTAL)

    def publishable(self) -> ChannelQuerySet:
        """Portals served by this install and in use: articles can be created there."""
        return self.portals().filter(site__isnull=False, index_page__isnull=False, active=True)

    def confirmed(self) -> ChannelQuerySet:
        """Channels a person confirms delivery on (``Channel.is_confirmed``): all but
        the portals served here, which deliver by publishing."""
        return self.exclude(served_here())

    def receiving(self, index: Page) -> ChannelQuerySet:
        """The portals in use whose articles are created under ``index``."""
        return self.portals().filter(index_page=index, active=True)

    def portal_index_ids(self) -> set[int]:
        """The receiving index pages of every portal: aliases under them are the
        calendar's to keep in step with the entries."""
        return set(
            self.portals().filter(index_page__isnull=False).values_list("index_page_id", flat=True)
        )


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
    carriers = models.ManyToManyField(
        Unit,
        related_name="carried_channels",
        blank=True,
        verbose_name=_("carrying units"),
        help_text=_(
            "Units that must each carry this channel's items, e.g. every commune radio "
            "station: an item is delivered in full when every one has confirmed. Without "
            "them, the managing unit confirms."
        ),
    )

    objects = ChannelQuerySet.as_manager()

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

    @property
    def is_confirmed(self) -> bool:
        """Delivered when a person confirms it (everything but the portals served here,
        which deliver by publishing)."""
        return not self.is_publishable

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
