"""Admin views of the editorial calendar."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from ..conf import get_setting
from ..models import CalendarEntry, Channel, ChannelKind, EntryStatus
from ..permissions import entry_policy, unit_ids_for
from ..times import (
    EARLIEST,
    LATEST,
    format_with_zone,
    validate_day,
    zone_key,
    zone_label,
    zone_offset,
)
from .cards import EntryCard, EntryUrls, make_card, section_legend
from .filters import CalendarFilterForm
from .periods import VIEWS, Period, parse_day, period_for
from .preferences import names_filters, remember_filters, remembered_filters, restore_filters


def entry_queryset():
    return CalendarEntry.objects.with_status().select_related(
        "plan", "content_line__section", "unit", "page"
    )


def card_queryset():
    """Just what a card shows: no plan, no article row, no long texts."""
    return (
        CalendarEntry.objects.with_status()
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


def with_channels(entries) -> list[CalendarEntry]:
    """The entries with their channels attached in one query.

    Django's prefetch_related clones a queryset per instance, which costs more than the
    query itself on a month of cards; a plain join on the through table does not.
    """
    entries = list(entries)
    through = CalendarEntry.channels.through
    channels: dict[int, list[Channel]] = defaultdict(list)
    links = through.objects.filter(calendarentry_id__in=[e.pk for e in entries])
    for link in links.select_related("channel").order_by("channel__kind", "channel__name"):
        channels[link.calendarentry_id].append(link.channel)
    for entry in entries:
        entry.channel_list = channels[entry.pk]
    return entries


class CardMaker:
    """Builds cards with the user's rights, checked once per request, not per entry."""

    def __init__(self, user) -> None:
        policy = entry_policy()
        self.change_all = policy.user_has_global_permission(user, "change")
        self.units = unit_ids_for(user) if policy.user_has_permission(user, "view") else frozenset()
        self.today = timezone.localdate()
        self.urls = EntryUrls()

    def __call__(self, entry: CalendarEntry) -> EntryCard:
        can_change = self.change_all or entry.unit_id in self.units
        return make_card(entry, can_change, self.today, self.urls)


def require_view(request: HttpRequest) -> None:
    if not entry_policy().user_has_permission(request.user, "view"):
        raise PermissionDenied


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class CalendarAccessMixin:
    """Requires the view permission on calendar entries."""

    def dispatch(self, request, *args, **kwargs):
        require_view(request)
        return super().dispatch(request, *args, **kwargs)


class EntryChangeMixin(CalendarAccessMixin):
    """Loads the entry of the URL and requires the right to change that entry."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.entry = get_object_or_404(entry_queryset(), pk=kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        # Changing an entry implies seeing the calendar (checked by the parent class).
        if not entry_policy().user_has_permission_for_instance(request.user, "change", self.entry):
            return self.change_denied()
        return super().dispatch(request, *args, **kwargs)

    def change_denied(self) -> HttpResponse:
        raise PermissionDenied


class CalendarBreadcrumbsMixin:
    """Home › Editorial calendar › [the entry ›] this page: without it Wagtail's header
    shows only "Home", not the page's own title."""

    def get_breadcrumbs_items(self):
        items = [
            *super().get_breadcrumbs_items(),
            {"url": reverse("borderplan_calendar:index"), "label": _("Editorial calendar")},
        ]
        if entry := getattr(self, "entry", None):
            edit = "wagtailsnippets_wagtail_borderplan_calendarentry:edit"
            items.append({"url": reverse(edit, args=[entry.pk]), "label": entry.title})
        return [*items, {"url": "", "label": self.get_page_title()}]


class CalendarView(CalendarAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_borderplan/calendar/calendar.html"
    page_title = gettext_lazy("Editorial calendar")
    header_icon = "calendar"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return restore_filters(request) or super().get(request, *args, **kwargs)

    def url(self, **params: Any) -> str:
        query = {**self.filters.active(), "view": self.period.view, **params}
        return (
            reverse("borderplan_calendar:index")
            + "?"
            + urlencode({k: v for k, v in query.items() if v not in (None, "")})
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request = self.request
        view = request.GET.get("view")
        view = view if view in VIEWS else "month"
        today = timezone.localdate()
        asked = self.anchor(today)
        self.period: Period = period_for(view, asked)
        self.filters = CalendarFilterForm(request.GET, user=request.user)
        if names_filters(request):
            remember_filters(request.user, self.filters.active())
        entries = self.filters.filter(card_queryset())
        start, end = self.period.bounds()
        card = CardMaker(request.user)

        limit = get_setting("CALENDAR_DAY_LIMIT")
        in_period = entries.filter(planned_at__gte=start, planned_at__lt=end).order_by(
            "planned_at", "pk"
        )
        per_day: Counter = Counter()
        if view == "month":
            # A busy month may hold thousands of entries but shows a few per day: count
            # them all from a light query, and load in full only those shown.
            zone = timezone.get_current_timezone()
            shown = []
            light = self.filters.filter(CalendarEntry.objects.all()).filter(
                planned_at__gte=start, planned_at__lt=end
            )
            for pk, planned_at in light.order_by("planned_at", "pk").values_list(
                "pk", "planned_at"
            ):
                day = planned_at.astimezone(zone).date()
                per_day[day] += 1
                if per_day[day] <= limit:
                    shown.append(pk)
            in_period = card_queryset().filter(pk__in=shown).order_by("planned_at", "pk")
        by_day: dict = defaultdict(list)
        for entry in with_channels(in_period):
            item = card(entry)
            by_day[item.local.date()].append(item)

        add_url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add")
        # A new entry starts on the plan the calendar is filtered on.
        plan_filter = self.filters.active().get("plan")
        add_query = "&" + urlencode({"plan": plan_filter}) if plan_filter else ""
        add_label = _("Add an entry on %(day)s")
        days = [
            {
                "date": day,
                "iso": day.isoformat(),
                "in_period": self.period.contains(day),
                "is_today": day == today,
                "cards": by_day[day],
                "more": max(0, per_day[day] - limit),
                "more_url": self.url(view="list", date=day.isoformat()) + f"#day-{day.isoformat()}"
                if per_day[day] > limit
                else "",
                "add_url": f"{add_url}?planned_date={day.isoformat()}{add_query}",
                "add_label": add_label % {"day": f"{day:%d/%m/%Y}"},
                "number": f"{day:%d/%m}" if view == "week" else str(day.day),
            }
            for day in self.period.days
        ]
        unplanned = (
            entries.filter(planned_at__isnull=True)
            .exclude(current_status=EntryStatus.CANCELLED)
            .order_by("due_date", "pk")
        )
        drawer_limit = get_setting("CALENDAR_DRAWER_LIMIT")
        drawer = [card(entry) for entry in with_channels(unplanned[: drawer_limit + 1])]
        zone = timezone.get_current_timezone()
        now = timezone.localtime()
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "period": self.period,
                "view": view,
                "views": [
                    {
                        "name": name,
                        "label": label,
                        "url": self.url(view=name, date=self.focus(asked, today).isoformat()),
                        "active": name == view,
                    }
                    for name, label in (
                        ("month", _("Month")),
                        ("week", _("Week")),
                        ("list", _("List")),
                    )
                ],
                "title": self.period_title(),
                "previous_url": self.url(date=self.period.shift(-1).isoformat()),
                "next_url": self.url(date=self.period.shift(1).isoformat()),
                "today_url": self.url(date=today.isoformat()),
                "days": days,
                "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
                "list_days": [d for d in days if d["cards"] or d["is_today"]],
                "drawer": drawer[:drawer_limit],
                "drawer_more": len(drawer) > drawer_limit,
                "filter_form": self.filters,
                "legend": section_legend(),
                "zone_name": zone_key(zone),
                "zone_offset": zone_offset(zone, now),
                "can_add": entry_policy().user_has_permission(request.user, "add"),
                "calendar_config": {
                    "messages": {
                        "moved": _("Moved."),
                        "failed": _("The entry could not be moved; it is back where it was."),
                        "network": _(
                            "The server could not be reached; the entry is back where it was."
                        ),
                    },
                },
                "feeds_url": reverse("borderplan_calendar:feeds")
                + "?"
                + urlencode(self.filters.active()),
            }
        )
        return context

    def focus(self, asked: date, today: date) -> date:
        """The day another view opens on: the one asked for, or today when it is in this
        month (the month view's anchor is its 1st, whose week is rarely the one wanted)."""
        if asked != self.period.anchor:
            return asked
        month = (self.period.anchor.year, self.period.anchor.month)
        return today if (today.year, today.month) == month else asked

    def anchor(self, today) -> date:
        """The day asked for, else today, saying why when a day was asked for."""
        asked = self.request.GET.get("date", "")
        day = parse_day(asked, None)
        if day is None and asked:
            messages.warning(
                self.request,
                _(
                    "“%(value)s” is not a day the calendar can show (from %(first)s to "
                    "%(last)s); it shows today instead."
                )
                % {
                    "value": asked[:40],
                    "first": date_format(EARLIEST, "d/m/Y"),
                    "last": date_format(LATEST, "d/m/Y"),
                },
            )
        return day or today

    def period_title(self) -> str:
        if self.period.view == "week":
            return _("Week of %(first)s – %(last)s") % {
                "first": date_format(self.period.first, "d/m"),
                "last": date_format(self.period.last, "d/m/Y"),
            }
        return _("Month %(month)s") % {"month": self.period.anchor.strftime("%m/%Y")}


class MoveForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("New date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_day],
    )
    reschedule = forms.BooleanField(
        label=gettext_lazy("Also move the article's schedule"),
        required=False,
        help_text=gettext_lazy("Needed when the article is already scheduled."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].help_text = _(
            "The entry keeps its time of day, in %(zone)s. Leave empty to take the entry "
            "off the calendar."
        ) % {"zone": zone_label()}


class MoveEntryView(EntryChangeMixin, View):
    """Plan an entry on a day (keeping its time), move it, or unplan it.

    Answers JSON to the calendar's script and redirects a plain form; refuses, with a
    message, to move a published entry or one whose article is already scheduled.
    """

    template_name = "wagtail_borderplan/calendar/move.html"

    def change_denied(self) -> HttpResponse:
        return self.refuse(_("You may not change this entry."), status=403)

    def get(self, request, *args, **kwargs):
        return self.render(
            MoveForm(
                initial={
                    "date": timezone.localtime(self.entry.planned_at).date()
                    if self.entry.planned_at
                    else None
                }
            )
        )

    def render(self, form, status=200):
        return TemplateResponse(
            request=self.request,
            template=self.template_name,
            context={
                "entry": self.entry,
                "form": form,
                "card": CardMaker(self.request.user)(self.entry),
                "planned_label": format_with_zone(self.entry.planned_at),
            },
            status=status,
        )

    def refuse(
        self, message: str, status: int = 409, link: str | None = None, confirm: str = ""
    ) -> HttpResponse:
        if wants_json(self.request):
            return JsonResponse(
                {"ok": False, "error": message, "link": link, "confirm": confirm}, status=status
            )
        if status == 403:
            raise PermissionDenied
        buttons = [messages.button(link, _("Open the article"))] if link else None
        messages.error(self.request, message, buttons=buttons)
        return redirect(reverse("borderplan_calendar:move", args=[self.entry.pk]))

    def post(self, request, *args, **kwargs):
        entry = self.entry
        form = MoveForm(request.POST)
        if not form.is_valid():
            if wants_json(request):
                # Say why (a day outside the accepted years, a malformed date).
                error = form.errors.get("date", [_("Enter a valid date.")])[0]
                return JsonResponse({"ok": False, "error": error}, status=400)
            return self.render(form, status=400)
        status = entry.status
        if status == EntryStatus.PUBLISHED:
            return self.refuse(_("A published entry cannot be moved."))
        if status == EntryStatus.SCHEDULED:
            return self.move_schedule(form.cleaned_data["date"], form.cleaned_data["reschedule"])
        new_date = form.cleaned_data["date"]
        old = entry.planned_at
        if new_date is None:
            new = None
        else:
            zone = timezone.get_current_timezone()
            keep = (
                timezone.localtime(old).time()
                if old
                else time.fromisoformat(get_setting("CALENDAR_DEFAULT_TIME"))
            )
            new = datetime.combine(new_date, keep, tzinfo=zone)
        if new != old:
            with transaction.atomic():
                entry.planned_at = new
                entry.updated_by = request.user
                entry.save(update_fields=["planned_at", "updated_by", "updated_at"])
                action = (
                    "wagtail_borderplan.unplan"
                    if new is None
                    else "wagtail_borderplan.plan"
                    if old is None
                    else "wagtail_borderplan.move"
                )
                log(
                    instance=entry,
                    action=action,
                    user=request.user,
                    data={
                        "old": old.isoformat() if old else None,
                        "new": new.isoformat() if new else None,
                    },
                )
        return self.moved()

    def move_schedule(self, new_date, confirmed: bool) -> HttpResponse:
        """A scheduled entry moves with its article's schedule, once the editor confirms;
        the planned date and Wagtail's schedule never disagree."""
        from ..publishing.scheduling import ScheduleError, schedule_article

        entry = self.entry
        page = entry.page.specific
        revision = page.scheduled_revision  # a fresh page of this request: not cached
        when = timezone.localtime(revision.approved_go_live_at)
        link = reverse("wagtailadmin_pages:edit", args=[page.pk])
        if new_date is None:
            return self.refuse(
                _(
                    "Its article is scheduled: unschedule it before taking the entry off the calendar."
                ),
                link=link,
            )
        new = datetime.combine(new_date, when.timetz().replace(tzinfo=None), tzinfo=when.tzinfo)
        if not confirmed:
            return self.refuse(
                _(
                    "Its article is scheduled to go live on %(time)s. Change the schedule "
                    "on the article; the calendar follows it."
                )
                % {"time": format_with_zone(when)},
                link=link,
                confirm=_("Its article is scheduled. Move its schedule to %(time)s as well?")
                % {"time": format_with_zone(new)},
            )
        try:
            schedule_article(entry, self.request.user, new, expire_at=page.expire_at)
        except PermissionDenied as error:
            return self.refuse(str(error), status=403 if wants_json(self.request) else 409)
        except ScheduleError as error:
            return self.refuse(str(error))
        entry.refresh_from_db()
        self.entry = entry_queryset().get(pk=entry.pk)
        return self.moved()

    def moved(self) -> HttpResponse:
        request, entry = self.request, self.entry
        card = CardMaker(request.user)(entry)
        if entry.planned_at:
            done = _("“%(title)s” was moved to %(time)s.") % {
                "title": entry.title,
                "time": format_with_zone(entry.planned_at),
            }
        else:
            done = _("“%(title)s” was taken off the calendar.") % {"title": entry.title}
        if wants_json(request):
            return JsonResponse({"ok": True, "entry": card.as_json(), "message": done})
        messages.success(request, done)
        target = card.local.date().isoformat() if card.local else timezone.localdate().isoformat()
        query = {**remembered_filters(request.user), "date": target}
        return redirect(reverse("borderplan_calendar:index") + "?" + urlencode(query))


class ArticleForm(forms.Form):
    channel = forms.ModelChoiceField(
        Channel.objects.none(), label=gettext_lazy("Portal"), empty_label=None
    )

    def __init__(self, *args, entry: CalendarEntry, **kwargs):
        super().__init__(*args, **kwargs)
        portals = Channel.objects.filter(
            kind=ChannelKind.PORTAL, site__isnull=False, index_page__isnull=False, active=True
        ).select_related("site")
        chosen = [c.pk for c in entry.portal_channels() if c.is_publishable]
        self.fields["channel"].queryset = portals.filter(pk__in=chosen) if chosen else portals


class CreateArticleView(
    EntryChangeMixin, CalendarBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Create the entry's draft article under the chosen portal's index, and link them."""

    template_name = "wagtail_borderplan/calendar/create_article.html"
    page_title = gettext_lazy("Create the draft article")
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        return self.existing_article() or super().get(request, *args, **kwargs)

    def existing_article(self) -> HttpResponse | None:
        if self.entry.page_id:
            messages.info(self.request, _("This entry already has its article."))
            return redirect("wagtailadmin_pages:edit", self.entry.page_id)
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ArticleForm(entry=self.entry))
        context["entry"] = self.entry
        return context

    def post(self, request, *args, **kwargs):
        from ..articles import create_draft_article

        if existing := self.existing_article():
            return existing
        form = ArticleForm(request.POST, entry=self.entry)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        index = form.cleaned_data["channel"].index_page.specific
        if not index.permissions_for_user(request.user).can_add_subpage():
            form.add_error("channel", _("You may not add pages under this portal's index."))
            return self.render_to_response(self.get_context_data(form=form), status=403)
        page = create_draft_article(self.entry, index, request.user)
        messages.success(request, _("The draft article was created and linked to the entry."))
        return redirect("wagtailadmin_pages:edit", page.pk)
