"""The dashboard panel: what needs attention in the plan, and whether the runner runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from wagtail.admin.ui.components import Component

from ..conf import get_setting
from ..models import DONE_STATUSES, CalendarEntry, RunnerHeartbeat

LIMIT = 8


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
            "heartbeat": heartbeat,
            "runner_stale": heartbeat is None or heartbeat.finished_at < now - stale_after,
            "stale_minutes": get_setting("RUNNER_STALE_MINUTES"),
        }
