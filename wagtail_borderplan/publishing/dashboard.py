"""The dashboard panel: what needs attention in the plan, and whether the runner runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from ..conf import get_setting
from ..models import DONE_STATUSES, CalendarEntry, Channel, RunnerHeartbeat
from ..models.deliveries import pending_deliveries

LIMIT = 8
# How far back the panel looks for deliveries still unconfirmed (the reports cover all).
LOOKBACK_DAYS = 14


@dataclass
class Unconfirmed:
    """An entry on a channel whose day is over, and how many units have not confirmed."""

    entry: CalendarEntry
    channel: Channel
    units: int


def unconfirmed_deliveries(today: date) -> tuple[list[Unconfirmed], int]:
    """The first entries (by day) of the last ``LOOKBACK_DAYS`` days with a delivery
    still unconfirmed, and how many such deliveries there are."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(today - timedelta(days=LOOKBACK_DAYS), time.min, tzinfo=zone)
    end = datetime.combine(today, time.min, tzinfo=zone)
    past = Q(planned_at__gte=start, planned_at__lt=end) | Q(
        planned_at__isnull=True, due_date__gte=start.date(), due_date__lt=today
    )
    entries = CalendarEntry.objects.filter(past).order_by("planned_at", "due_date", "pk")
    pending = pending_deliveries(entries)
    rows: dict[tuple[int, int], Unconfirmed] = {}
    for entry, channel, _unit in pending:
        row = rows.setdefault((entry.pk, channel.pk), Unconfirmed(entry, channel, 0))
        row.units += 1
    return list(rows.values())[:LIMIT], len(pending)


class PlanningPanel(Component):
    name = "borderplan_planning"
    order = 90
    template_name = "wagtail_borderplan/dashboard/panel.html"

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        now = timezone.now()
        today = timezone.localdate()
        entries = CalendarEntry.objects.with_status().select_related("unit")
        groups = {
            "missed": entries.missed(now),
            "overdue": entries.filter(due_date__lt=today).exclude(current_status__in=DONE_STATUSES),
            "due_this_week": entries.filter(
                due_date__gte=today, due_date__lte=today + timedelta(days=6)
            ).exclude(current_status__in=DONE_STATUSES),
            "scheduled_soon": entries.scheduled_between(now, now + timedelta(hours=48)),
        }
        rows, count = unconfirmed_deliveries(today)
        unconfirmed = {"rows": rows, "count": count}
        heartbeat = RunnerHeartbeat.objects.filter(name="publish").first()
        stale_after = timedelta(minutes=get_setting("RUNNER_STALE_MINUTES"))
        return {
            "groups": {
                name: {
                    "entries": list(queryset.order_by("due_date", "planned_at")[:LIMIT]),
                    "count": queryset.count(),
                }
                for name, queryset in groups.items()
            },
            "unconfirmed": unconfirmed,
            "lookback_days": LOOKBACK_DAYS,
            "heartbeat": heartbeat,
            "runner_stale": heartbeat is None or heartbeat.finished_at < now - stale_after,
            "stale_minutes": get_setting("RUNNER_STALE_MINUTES"),
        }
