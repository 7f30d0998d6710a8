"""The report of editions by language: for each language, the editions planned, published
on time or late, missed, waiting and cancelled.

An edition counts in the period that holds its due day (``PlannedEdition.due_day``: the
entry's planned day when it publishes with the original, else its own due date); its
state is ``models.editions.edition_state``, the one rule the calendar's badges show, in
the report's zone and at the report's time. The unit filter is the translating unit's
(else the entry's). One query reads the editions that may be due in the period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from django.db.models import Q

from ..models import CalendarEntry, EditionState, PlannedEdition
from ..models.editions import edition_state
from .queries import filter_entries
from .scope import ReportScope

WAITING = {EditionState.PLANNED, EditionState.DRAFT, EditionState.SCHEDULED}


@dataclass
class LanguageRow:
    name: str
    language: str = ""
    is_total: bool = False
    counts: Counter = field(default_factory=Counter)

    @property
    def planned(self) -> int:
        return sum(self.counts.values()) - self.counts[EditionState.CANCELLED]

    @property
    def published(self) -> int:
        return self.counts[EditionState.PUBLISHED] + self.counts[EditionState.LATE]

    @property
    def on_time(self) -> int:
        return self.counts[EditionState.PUBLISHED]

    @property
    def late(self) -> int:
        return self.counts[EditionState.LATE]

    @property
    def missed(self) -> int:
        return self.counts[EditionState.MISSED]

    @property
    def waiting(self) -> int:
        return sum(self.counts[state] for state in WAITING)

    @property
    def cancelled(self) -> int:
        return self.counts[EditionState.CANCELLED]

    @property
    def on_time_percent(self) -> int | None:
        """Of the editions whose day has passed or that went out, the share on time."""
        decided = self.published + self.missed
        return round(100 * self.on_time / decided) if decided else None


def edition_rows(
    scope: ReportScope, *, names: dict[str, str], total_label: str
) -> list[LanguageRow]:
    """One row per language with editions due in the period, then the totals row."""
    # The unit filter reads the translating unit (else the entry's), not the entry's.
    entries = filter_entries(
        CalendarEntry.objects.filter(plan=scope.plan), replace(scope, unit=None)
    )
    editions = (
        PlannedEdition.objects.for_state()
        .filter(entry__in=entries.values("pk"))
        .due_between(scope.first, scope.last, scope.zone)
    )
    if scope.unit is not None:
        editions = editions.filter(
            Q(unit=scope.unit) | Q(unit__isnull=True, entry__unit=scope.unit)
        )
    today = scope.now.astimezone(scope.zone).date()
    rows: dict[str, LanguageRow] = {}
    for edition in editions:
        due = edition.due_day(scope.zone)
        if due is None or not scope.first <= due <= scope.last:
            continue
        code = edition.locale.language_code
        row = rows.setdefault(code, LanguageRow(name=names.get(code, code), language=code))
        row.counts[edition_state(edition, today, scope.zone)] += 1
    total = LanguageRow(name=total_label, is_total=True)
    for row in rows.values():
        total.counts.update(row.counts)
    return [*sorted(rows.values(), key=lambda row: row.name), total]
