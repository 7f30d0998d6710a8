"""Admin views of the editorial calendar.

The view is thin: it reads the filters and the period from the URL, asks the QuerySet
for the entries, hands their cards to :mod:`.grid` for the layout and returns context.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..conf import get_setting
from ..models import CalendarEntry, EntryStatus
from ..permissions import entry_policy
from ..times import EARLIEST, LATEST, zone_key, zone_offset
from .access import CalendarAccessMixin
from .cards import CardMaker, EntryCard, add_editions, section_legend
from .filters import CalendarFilterForm
from .grid import build_grid, make_drawer, shown_per_day
from .periods import VIEWS, Period, parse_day, period_for
from .preferences import restore_filters


class CalendarView(CalendarAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Reads the calendar; never writes (the filters are remembered by a POST to the
    ``preferences`` view)."""

    template_name = "wagtail_borderplan/calendar/calendar.html"
    page_title = gettext_lazy("Editorial calendar")
    header_icon = "calendar"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return restore_filters(request) or super().get(request, *args, **kwargs)

    @cached_property
    def active_filters(self) -> dict[str, str]:
        return self.filters.active()

    @cached_property
    def index_url(self) -> str:
        return reverse("borderplan_calendar:index")

    def url(self, **params: Any) -> str:
        # Called for every busy day's "more" link: reverse() and active() once only.
        query = {**self.active_filters, "view": self.period.view, **params}
        return (
            self.index_url
            + "?"
            + urlencode({k: v for k, v in query.items() if v not in (None, "")})
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        view = self.request.GET.get("view")
        asked = self.anchor(today)
        self.period: Period = period_for(view if view in VIEWS else "month", asked)
        self.filters = CalendarFilterForm(self.request.GET, user=self.request.user)
        cards, counts, unplanned = self.load_cards(CardMaker(self.request.user))
        grid = build_grid(
            self.period,
            cards,
            today,
            counts=counts,
            limit=get_setting("CALENDAR_DAY_LIMIT"),
            more_url=lambda day: self.url(view="list", date=day.isoformat()) + f"#day-{day}",
            add_url=self.add_url(),
        )
        drawer = make_drawer(unplanned, get_setting("CALENDAR_DRAWER_LIMIT"))
        context = super().get_context_data(**kwargs)
        context.update(self.navigation(asked, today), **self.furniture())
        context.update(grid=grid, days=grid.days, drawer=drawer)
        return context

    def load_cards(
        self, card: CardMaker
    ) -> tuple[list[EntryCard], dict[date, int] | None, list[EntryCard]]:
        """The cards of the period; for a month, how many entries each day has; and the
        cards of the drawer (one more than it shows, to tell there are more).

        Light queries (ids only) pick the entries, and one query loads them in full: a
        busy month may hold thousands of entries but shows a few per day."""
        start, end = self.period.bounds()
        light = self.filters.filter(CalendarEntry.objects.all())
        unplanned = light.filter(planned_at__isnull=True).exclude(
            editorial_status=EntryStatus.CANCELLED
        )
        drawer = list(
            unplanned.order_by("due_date", "pk").values_list("pk", flat=True)[
                : get_setting("CALENDAR_DRAWER_LIMIT") + 1
            ]
        )
        base = CalendarEntry.objects.for_cards()
        counts = None
        if self.period.view == "month":
            rows = light.local_days(start, end, timezone.get_current_timezone())
            shown, counts = shown_per_day(rows, get_setting("CALENDAR_DAY_LIMIT"))
            wanted = base.filter(pk__in=[*shown, *drawer])
        else:
            in_period = Q(planned_at__gte=start, planned_at__lt=end)
            wanted = self.filters.filter(base).filter(in_period | Q(pk__in=drawer))
        loaded = [card(e) for e in wanted.order_by("planned_at", "pk").with_channel_lists()]
        card.add_deliveries(loaded)
        add_editions(loaded)
        planned = [c for c in loaded if c.local is not None]
        position = {pk: n for n, pk in enumerate(drawer)}
        waiting = sorted((c for c in loaded if c.local is None), key=lambda c: position[c.entry.pk])
        return planned, counts, waiting

    def add_url(self):
        """Adds an entry on a day, on the plan the calendar is filtered on."""
        base = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add")
        plan = self.active_filters.get("plan")
        extra = "&" + urlencode({"plan": plan}) if plan else ""
        return lambda day: f"{base}?planned_date={day.isoformat()}{extra}"

    def navigation(self, asked: date, today: date) -> dict[str, Any]:
        focus = self.focus(asked, today).isoformat()
        names = (("month", _("Month")), ("week", _("Week")), ("list", _("List")))
        return {
            "period": self.period,
            "view": self.period.view,
            "views": [
                {
                    "name": name,
                    "label": label,
                    "url": self.url(view=name, date=focus),
                    "active": name == self.period.view,
                }
                for name, label in names
            ],
            "title": self.period_title(),
            "previous_url": self.url(date=self.period.shift(-1).isoformat()),
            "next_url": self.url(date=self.period.shift(1).isoformat()),
            "today_url": self.url(date=today.isoformat()),
        }

    def furniture(self) -> dict[str, Any]:
        """The filters, legend, time zone and the script's settings around the grid."""
        zone = timezone.get_current_timezone()
        active = self.active_filters
        return {
            "filter_form": self.filters,
            "active_filters": active,
            "legend": section_legend(),
            "zone_name": zone_key(zone),
            "zone_offset": zone_offset(zone, timezone.localtime()),
            "can_add": entry_policy().user_has_permission(self.request.user, "add"),
            "calendar_messages": json.dumps(
                {
                    "moved": _("Moved."),
                    "failed": _("The entry could not be moved; it is back where it was."),
                    "network": _(
                        "The server could not be reached; the entry is back where it was."
                    ),
                }
            ),
            "feeds_url": reverse("borderplan_calendar:feeds") + "?" + urlencode(active),
        }

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
