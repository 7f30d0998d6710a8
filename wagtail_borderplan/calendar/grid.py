"""The calendar's layout: which cards go on which day, the "more" links and the drawer.

Plain functions and dataclasses on cards and a :class:`~.periods.Period`: no database,
so the layout is tested with simple objects. A card needs only ``local`` (its aware
local datetime, or ``None`` when unplanned).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .periods import Period

DayUrl = Callable[[date], str]


@dataclass
class Day:
    date: date
    iso: str
    in_period: bool
    is_today: bool
    number: str  # what the grid's cell shows: "8" in a month, "08/05" in a week
    label: str  # the day in full, "Thứ sáu, 08/05/2026", for phones and screen readers
    cards: list[Any] = field(default_factory=list)
    more: int = 0  # entries of the day not shown in the cell
    more_url: str = ""
    add_url: str = ""
    add_label: str = ""

    @property
    def cards_html(self) -> SafeString:
        """The cards, each escaped or rendering itself: one template variable instead of
        a loop, which cost more than the cards on a busy month."""
        return mark_safe("".join(conditional_escape(card) for card in self.cards))

    @property
    def css_class(self) -> str:
        classes = ["bp-cal__day", "bp-cal__drop"]
        if not self.in_period:
            classes.append("bp-cal__day--outside")
            if not self.cards:
                classes.append("bp-cal__day--empty")
        if self.is_today:
            classes.append("bp-cal__day--today")
        return " ".join(classes)


@dataclass
class Grid:
    days: list[Day]

    @property
    def weeks(self) -> list[list[Day]]:
        return [self.days[i : i + 7] for i in range(0, len(self.days), 7)]

    @property
    def list_days(self) -> list[Day]:
        """The list view's days: those with cards, and today."""
        return [day for day in self.days if day.cards or day.is_today]


@dataclass
class Drawer:
    """The unplanned entries beside the grid: at most ``limit`` cards, and whether
    there were more."""

    cards: list[Any]
    more: bool

    def __iter__(self) -> Iterator[Any]:
        return iter(self.cards)

    def __len__(self) -> int:
        return len(self.cards)


def make_drawer(cards: Sequence[Any], limit: int) -> Drawer:
    """``cards`` holds up to ``limit + 1`` cards: the extra one says there are more."""
    return Drawer(list(cards[:limit]), len(cards) > limit)


def shown_per_day(rows: Iterable[tuple[int, date]], limit: int) -> tuple[list[int], Counter[date]]:
    """From ``(pk, local day)`` rows in display order: the pks of the first ``limit``
    entries of each day, and how many entries each day has."""
    counts: Counter[date] = Counter()
    shown = []
    for pk, day in rows:
        counts[day] += 1
        if counts[day] <= limit:
            shown.append(pk)
    return shown, counts


def by_day(cards: Iterable[Any]) -> dict[date, list[Any]]:
    """Cards by their local day, in the order given; unplanned cards are left out."""
    days: dict[date, list[Any]] = defaultdict(list)
    for card in cards:
        if card.local is not None:
            days[card.local.date()].append(card)
    return days


def build_grid(
    period: Period,
    cards: Iterable[Any],
    today: date,
    *,
    counts: Mapping[date, int] | None = None,
    limit: int | None = None,
    more_url: DayUrl | None = None,
    add_url: DayUrl | None = None,
) -> Grid:
    """Every day of ``period`` with its cards. ``counts`` (entries per day, shown or
    not) and ``limit`` give each busy day its "+n more" link to ``more_url(day)``;
    without them every card is shown. ``add_url(day)`` adds an entry on that day."""
    placed = by_day(cards)
    add_label = _("Add an entry on %(day)s")
    days = []
    for day in period.days:
        hidden = max(0, counts.get(day, 0) - limit) if counts and limit else 0
        days.append(
            Day(
                date=day,
                iso=day.isoformat(),
                in_period=period.contains(day),
                is_today=day == today,
                number=f"{day:%d/%m}" if period.view == "week" else str(day.day),
                label=date_format(day, "l, d/m/Y"),
                cards=placed.get(day, []),
                more=hidden,
                more_url=more_url(day) if hidden and more_url else "",
                add_url=add_url(day) if add_url else "",
                add_label=add_label % {"day": f"{day:%d/%m/%Y}"},
            )
        )
    return Grid(days)
