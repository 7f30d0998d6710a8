"""Admin viewsets: the plan's data as snippets and the calendar, under one "Planning" menu."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .actions.editions import shift_edition_due_dates
from .actions.status import SetStatusAction
from .actions.targets import SyncTargetsAction
from .calendar.article_view import CreateArticleView
from .calendar.feeds_admin import FeedsView, revoke_feed
from .calendar.move_view import MoveEntryView
from .calendar.periods import parse_day
from .calendar.preferences import RememberFiltersView
from .calendar.views import CalendarView
from .choosers import PolicyChooserViewSet
from .collect.viewsets import CollectedItemViewSet, CollectViewSet, FeedSourceViewSet
from .conf import get_setting
from .deliveries.bulletins import BulletinEditView, PublishBulletinView
from .forms import CalendarEntryForm, EditionFormSet, TreatyForm
from .line_chooser import ContentLineChooserViewSet
from .models import (
    BulletinIssue,
    CalendarEntry,
    Channel,
    ContentLine,
    Plan,
    Section,
    SectionTaggedPage,
    Treaty,
    TreatyTaggedPage,
    Unit,
)
from .permissions import entry_policy
from .publishing.views import ScheduleView, UnscheduleView


def count_of(rows) -> Coalesce:
    """How many ``rows`` a subquery finds: a translation of a section or treaty counts
    the pages and treaties of its default-locale row, which is what they point at."""
    # COUNT as a plain function: one row for the whole subquery, no GROUP BY.
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted), 0, output_field=IntegerField())


class SectionViewSet(SnippetViewSet):
    model = Section
    icon = "site"
    menu_order = 700
    list_display = [
        "name",
        "neighbour_country",
        Column("treaty_count", label=_("Treaties"), sort_key="treaty_count"),
        Column("article_count", label=_("Tagged pages"), sort_key="article_count"),
        "sort_order",
    ]
    search_fields = ["name", "neighbour_country", "description"]
    ordering = ["sort_order", "name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        # Through the treaties' originals only: a translation's sections are not read.
        treaties = Treaty.sections.through.objects.filter(
            section__translation_key=OuterRef("translation_key"),
            treaty__in=Treaty.objects.canonical(),
        )
        return Section.objects.annotate(
            treaty_count=count_of(treaties),
            article_count=count_of(
                SectionTaggedPage.objects.filter(tag__translation_key=OuterRef("translation_key"))
            ),
        )


class TreatyFilterSet(WagtailFilterSet):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Sections by slug: a section id too large for SQLite answered 500.
        sections = self.filters["sections"]
        sections.extra["to_field_name"] = "slug"
        sections.field_name = "sections__slug"

    class Meta:
        model = Treaty
        fields = ["kind", "sections"]


class TreatyViewSet(SnippetViewSet):
    model = Treaty
    icon = "doc-full"
    menu_order = 800
    list_display = [
        "name",
        "kind",
        "signed_on",
        Column("article_count", label=_("Tagged pages"), sort_key="article_count"),
    ]
    filterset_class = TreatyFilterSet
    edit_handler = ObjectList(
        [
            FieldPanel(name)
            for name in (
                "name",
                "slug",
                "sort_order",
                "full_title",
                "kind",
                "sections",
                "signed_on",
                "effective_on",
                "summary",
                "official_text_url",
            )
        ],
        base_form_class=TreatyForm,
    )
    search_fields = ["name", "full_title", "summary"]
    ordering = ["sort_order", "name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Treaty.objects.annotate(
            article_count=count_of(
                TreatyTaggedPage.objects.filter(tag__translation_key=OuterRef("translation_key"))
            )
        )


class PlanViewSet(SnippetViewSet):
    model = Plan
    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("reference_number"), FieldPanel("issuing_body")]),
        FieldPanel("guidance"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldPanel("status"),
        FieldPanel("notes"),
    ]
    chooser_viewset_class = PolicyChooserViewSet
    icon = "list-ul"
    menu_order = 200
    list_display = ["title", "reference_number", "period_start", "period_end", "status"]
    list_filter = ["status"]
    # No search_fields: an indexed model is searched on its own index (SQLite's backend
    # answers 500 when given fields other than title).


class ContentLineViewSet(SnippetViewSet):
    model = ContentLine
    panels = [
        # A plain select: the snippet chooser would offer the sections' translations too.
        FieldRowPanel([FieldPanel("plan"), FieldPanel("section", widget=forms.Select)]),
        FieldPanel("text"),
        FieldPanel("treaties", widget=forms.CheckboxSelectMultiple),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("target"), FieldPanel("sort_order")]),
    ]
    chooser_viewset_class = ContentLineChooserViewSet
    icon = "list-ol"
    menu_order = 300
    list_display = ["__str__", "plan", "section", "target"]
    list_filter = ["plan", "section"]
    # No search_fields: an indexed model is searched on its own index (SQLite's backend
    # answers 500 when given fields other than title).

    def get_queryset(self, request):
        return ContentLine.objects.select_related("plan", "section")


class UnitViewSet(SnippetViewSet):
    model = Unit
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
        FieldPanel("email"),
        FieldPanel("members", widget=forms.CheckboxSelectMultiple),
        FieldPanel("member_groups", widget=forms.CheckboxSelectMultiple),
    ]
    chooser_viewset_class = PolicyChooserViewSet
    icon = "group"
    menu_order = 400
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    # No search_fields: an indexed model is searched on its own index (SQLite's backend
    # answers 500 when given fields other than title).

    def get_queryset(self, request):
        return Unit.objects.select_related("parent")


class ChannelViewSet(SnippetViewSet):
    model = Channel
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name"), FieldPanel("kind")]),
        MultiFieldPanel([FieldPanel("site"), FieldPanel("index_page")], heading=_("Web portal")),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("active")]),
        # The help text (who confirms, "in full") comes from the model field.
        FieldPanel("carriers", widget=forms.CheckboxSelectMultiple),
    ]
    chooser_viewset_class = PolicyChooserViewSet
    icon = "globe"
    menu_order = 500
    list_display = [
        "name",
        "kind",
        "site",
        "unit",
        BooleanColumn(
            "active",
            label=capfirst(Channel._meta.get_field("active").verbose_name),
            sort_key="active",
        ),
    ]
    list_filter = ["kind", "active"]
    # No search_fields: an indexed model is searched on its own index (SQLite's backend
    # answers 500 when given fields other than title).

    def get_queryset(self, request):
        return Channel.objects.select_related("site", "unit")


def _pk(value: str | None) -> int | None:
    """A primary key from the query string, or None for anything else."""
    return int(value) if value and value.isdigit() and len(value) <= 18 else None


def preselected_plan(params) -> tuple[Plan | None, ContentLine | None]:
    """The plan (and line) a new entry starts on: the line's plan when a content line
    is given, else the plan the calendar is filtered on, else the latest plan with
    entries (not an empty plan just made for next year)."""
    line_pk = _pk(params.get("content_line"))
    line = (
        ContentLine.objects.select_related("plan").filter(pk=line_pk).first() if line_pk else None
    )
    if line is not None:
        return line.plan, line
    plan_pk = _pk(params.get("plan"))
    plan = Plan.objects.filter(pk=plan_pk).first() if plan_pk else None
    return plan or Plan.objects.latest_with_data(), None


class EntryCreateView(snippet_views.CreateView):
    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or CalendarEntry()
        if not instance.plan_id:
            plan, line = preselected_plan(self.request.GET)
            if plan is not None:
                instance.plan, instance.content_line = plan, line
        day = parse_day(self.request.GET.get("planned_date"), None)
        if day is not None:
            clock = time.fromisoformat(get_setting("CALENDAR_DEFAULT_TIME"))
            instance.planned_at = datetime.combine(
                day, clock, tzinfo=timezone.get_current_timezone()
            )
        return instance

    def save_instance(self):
        self.form.instance.created_by = self.form.instance.updated_by = self.request.user
        return super().save_instance()


class EntryEditView(snippet_views.EditView):
    def get_object(self, queryset=None):
        entry = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", entry
        ):
            raise PermissionDenied
        return entry

    @cached_property
    def header_more_buttons(self):
        entry = self.object
        buttons = list(super().header_more_buttons)
        if entry.page_id:
            label, url = (
                _("Open the article"),
                reverse("wagtailadmin_pages:edit", args=[entry.page_id]),
            )
        else:
            label = _("Create the draft article")
            url = reverse("borderplan_calendar:create_article", args=[entry.pk])
        buttons.append(Button(label, url=url, icon_name="doc-full", priority=5))
        if entry.page_id:
            buttons.append(
                Button(
                    _("Schedule the article"),
                    url=reverse("borderplan_calendar:schedule", args=[entry.pk]),
                    icon_name="calendar-check",
                    priority=5,
                )
            )
        buttons.append(
            Button(
                _("Move in the calendar"),
                url=reverse("borderplan_calendar:move", args=[entry.pk]),
                icon_name="calendar",
                priority=6,
            )
        )
        if entry.planned_at:
            day = timezone.localtime(entry.planned_at).date().isoformat()
            buttons.append(
                Button(
                    _("Show in the calendar"),
                    url=reverse("borderplan_calendar:index") + f"?date={day}",
                    icon_name="date",
                    priority=7,
                )
            )
        return buttons

    def editions_set_now(self) -> set[int]:
        """Editions added, or whose due day was typed, in this form."""
        formset = self.form.formsets.get("editions")
        forms = formset.forms if formset is not None else []
        return {
            form.instance.pk
            for form in forms
            if form.instance.pk and ("due_date" in form.changed_data or not form.initial)
        }

    def save_instance(self):
        user, entry = self.request.user, self.form.instance
        entry.updated_by = user
        with transaction.atomic():
            instance = super().save_instance()
            # Editions' due days move with the planned day, but for those just set.
            shift_edition_due_dates(
                instance,
                self.form.initial.get("planned_at"),
                instance.planned_at,
                keep=self.editions_set_now(),
            )
            # Target portals follow the channels (permissions checked by the form).
            SyncTargetsAction(instance, user).execute()
            SetStatusAction(
                instance,
                user,
                status=instance.editorial_status,
                previous=self.form.initial.get("editorial_status"),
            ).execute()
        return instance


class EditionsPanel(InlinePanel):
    """Wagtail's inline panel, with the editions' own formset (its messages)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = EditionFormSet
        return options


def edition_panels() -> list:
    """The entry's editions in other languages, where the site has them."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return []
    return [
        MultiFieldPanel(
            [
                FieldPanel("translation_rule", widget=forms.RadioSelect),
                EditionsPanel(
                    "editions",
                    label=_("Edition"),
                    panels=[
                        FieldRowPanel(
                            [FieldPanel("locale"), FieldPanel("unit"), FieldPanel("due_date")]
                        )
                    ],
                ),
            ],
            heading=_("Editions in other languages"),
        )
    ]


class CalendarEntryViewSet(SnippetViewSet):
    model = CalendarEntry
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("plan"), FieldPanel("content_line")]),
            FieldPanel("title"),
            FieldPanel("brief"),
            FieldRowPanel([FieldPanel("unit"), FieldPanel("assignee")]),
            FieldPanel("channels", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel([FieldPanel("planned_at"), FieldPanel("due_date")]),
            FieldPanel("editorial_status"),
            FieldPanel("page"),
            FieldPanel("notes"),
            *edition_panels(),
        ],
        base_form_class=CalendarEntryForm,
    )
    chooser_viewset_class = PolicyChooserViewSet
    icon = "date"
    menu_order = 100

    @cached_property
    def permission_policy(self):
        # The registered instance, looked up when first needed: at import time the
        # registry may not hold it yet (Wagtail 7.4 reads it from here).
        return entry_policy()

    add_view_class = EntryCreateView
    edit_view_class = EntryEditView
    list_display = [
        "title",
        DateColumn("planned_at", label=_("Planned"), sort_key="planned_at"),
        "due_date",
        Column("get_status_display", label=_("Status"), sort_key="editorial_status"),
        "unit",
        "plan",
    ]
    list_filter = ["plan", "unit", "editorial_status"]
    # No search_fields: an indexed model is searched on its own index (SQLite's backend
    # answers 500 when given fields other than title).
    copy_view_enabled = False

    def get_queryset(self, request):
        return CalendarEntry.objects.with_status().select_related("unit", "plan")


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return entry_policy().user_has_permission(request.user, "view")


class CalendarViewSet(ViewSet):
    name = "borderplan_calendar"
    url_prefix = "borderplan/calendar"
    icon = "calendar"
    menu_label = _("Editorial calendar")
    menu_order = 50

    def get_urlpatterns(self):
        return [
            path("", CalendarView.as_view(), name="index"),
            path("preferences/", RememberFiltersView.as_view(), name="preferences"),
            path("entries/<int:pk>/move/", MoveEntryView.as_view(), name="move"),
            path("entries/<int:pk>/article/", CreateArticleView.as_view(), name="create_article"),
            path("entries/<int:pk>/schedule/", ScheduleView.as_view(), name="schedule"),
            path("entries/<int:pk>/unschedule/", UnscheduleView.as_view(), name="unschedule"),
            path("feeds/", FeedsView.as_view(), name="feeds"),
            path("feeds/<int:pk>/revoke/", revoke_feed, name="revoke_feed"),
        ]

    def get_menu_item(self, order=None):
        return CalendarMenuItem(
            label=self.menu_label,
            url=reverse("borderplan_calendar:index"),
            name=self.name,
            icon_name=self.icon,
            order=order if order is not None else self.menu_order,
        )


class BulletinIssueViewSet(SnippetViewSet):
    """Bulletin issues; publishing one delivers its entries on the bulletin."""

    model = BulletinIssue
    panels = [
        FieldRowPanel([FieldPanel("channel"), FieldPanel("number"), FieldPanel("issue_date")]),
        FieldPanel("entries"),
        FieldPanel("document"),
    ]
    icon = "doc-full-inverse"
    menu_order = 550
    edit_view_class = BulletinEditView
    list_display = [
        "__str__",
        DateColumn("issue_date", label=_("Issue date"), sort_key="issue_date"),
        DateColumn("published_at", label=_("Published at"), sort_key="published_at"),
    ]
    list_filter = ["channel"]
    copy_view_enabled = False

    @property
    def publish_view(self):
        return PublishBulletinView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("publish/<int:pk>/", self.publish_view, name="publish"),
        ]

    def get_queryset(self, request):
        return BulletinIssue.objects.select_related("channel")


class PlanningViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Planning")
    menu_icon = "calendar"
    menu_name = "borderplan-planning"
    menu_order = 250
    items = (
        CalendarViewSet,
        CalendarEntryViewSet,
        PlanViewSet,
        ContentLineViewSet,
        UnitViewSet,
        ChannelViewSet,
        BulletinIssueViewSet,
        SectionViewSet,
        TreatyViewSet,
        FeedSourceViewSet,
        CollectedItemViewSet,
        CollectViewSet,
    )
