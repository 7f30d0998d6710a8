"""What the calendar shows of an entry: one small object per card, built once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from ..models import CalendarEntry, EntryStatus

NEUTRAL_COLOUR = "#6b7280"


@dataclass
class EntryCard:
    entry: CalendarEntry
    local: datetime | None
    can_change: bool
    overdue: bool

    @property
    def colour(self) -> str:
        line = self.entry.content_line
        return line.section.colour if line else NEUTRAL_COLOUR

    @property
    def section(self) -> str:
        line = self.entry.content_line
        return line.section.name if line else ""

    @property
    def portals(self) -> list[str]:
        return [channel.label for channel in self.entry.portal_channels()]

    @property
    def draggable(self) -> bool:
        # Published entries stay where they are; a scheduled one may be dragged, and
        # the server then explains that its schedule lives on the article.
        return self.can_change and self.entry.status != EntryStatus.PUBLISHED

    @property
    def edit_url(self) -> str:
        return reverse(
            "wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[self.entry.pk]
        )

    @property
    def move_url(self) -> str:
        return reverse("borderplan_calendar:move", args=[self.entry.pk])

    def as_json(self) -> dict:
        return {
            "id": self.entry.pk,
            "title": self.entry.title,
            "date": self.local.date().isoformat() if self.local else None,
            "time": self.local.strftime("%H:%M") if self.local else None,
            "status": self.entry.status,
            "statusLabel": str(EntryStatus(self.entry.status).label),
            "overdue": self.overdue,
        }


def make_card(entry: CalendarEntry, can_change: bool, today: date) -> EntryCard:
    local = timezone.localtime(entry.planned_at) if entry.planned_at else None
    return EntryCard(entry, local, can_change, entry.is_overdue(today))
