"""Admin views of the editorial calendar."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..conf import get_setting
from ..models import CalendarEntry, EntryStatus
from ..permissions import entry_policy
from ..times import (
    EARLIEST,
    LATEST,
    zone_key,
    zone_offset,
)
from .access import CalendarAccessMixin
from .cards import CardMaker, section_legend
from .filters import CalendarFilterForm
from .periods import VIEWS, Period, parse_day, period_for
from .preferences import names_filters, remember_filters, restore_filters


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
        entries = self.filters.filter(CalendarEntry.objects.for_cards())
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
            in_period = (
                CalendarEntry.objects.for_cards().filter(pk__in=shown).order_by("planned_at", "pk")
            )
        by_day: dict = defaultdict(list)
        for entry in in_period.with_channel_lists():
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
        drawer = [card(entry) for entry in unplanned[: drawer_limit + 1].with_channel_lists()]
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
