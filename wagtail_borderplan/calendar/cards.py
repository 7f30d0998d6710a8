"""What the calendar shows of an entry: one small object per card, rendered to HTML.

A busy month shows hundreds of cards; rendering each through a template include cost
about 0.2 ms, most of the month view's time, so a card renders itself with
``format_html`` (every value escaped) and ``{{ card }}`` in a template outputs it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape as html_escape

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models import (
    OUT_STATUSES,
    CalendarEntry,
    Channel,
    Delivery,
    DeliveryStatus,
    EntryStatus,
    Section,
)
from ..models.deliveries import expected_unit_ids
from ..permissions import entry_policy, unit_ids_for
from .edition_badges import EditionBadge, edition_badges, translated_language_names

NEUTRAL_COLOUR = "#6b7280"


# reverse() is slow next to everything else a card does; a busy month shows hundreds
# of cards, so their URLs are built from one reversed pattern per request.
_PLACEHOLDER = 987654321


def escape(value: object) -> str:
    # What django.utils.html.escape does, without its lazy-string wrapper: that wrapper
    # was a third of a card's rendering time.
    return html_escape(str(value))


class EntryUrls:
    def __init__(self) -> None:
        self.edit = reverse(
            "wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[_PLACEHOLDER]
        )
        self.move = reverse("borderplan_calendar:move", args=[_PLACEHOLDER])

    @staticmethod
    def fill(pattern: str, pk: int) -> str:
        return pattern.replace(str(_PLACEHOLDER), str(pk))


@dataclass
class EntryCard:
    entry: CalendarEntry
    local: datetime | None
    can_change: bool
    overdue: bool
    urls: EntryUrls
    missed: bool = False
    # (confirmed delivered, expected) on the entry's confirmed channels, if it has any,
    # and its label's escaped template (translated once for all the cards).
    delivery: tuple[int, int] | None = None
    delivery_label: str = ""
    # The planned editions in other languages, and the languages' names.
    editions: tuple[EditionBadge, ...] = ()
    language_names: dict[str, str] | None = None

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
        # Published or delivered entries stay where they are; a scheduled one may be
        # dragged, and the server then explains that its schedule lives on the article.
        return self.can_change and self.entry.status not in OUT_STATUSES

    @property
    def edit_url(self) -> str:
        return self.urls.fill(self.urls.edit, self.entry.pk)

    @property
    def move_url(self) -> str:
        return self.urls.fill(self.urls.move, self.entry.pk)

    @property
    def classname(self) -> str:
        return (
            f"bp-entry bp-entry--{self.entry.status}"
            + (" bp-entry--overdue" if self.overdue else "")
            + (" bp-entry--missed" if self.missed else "")
        )

    def meta_html(self) -> str:
        """The line under the title: status, flags, unit, portals, deliveries, editions
        (also sent after a move, which may change them)."""
        entry = self.entry
        meta = [
            f'<span class="bp-entry__status" data-bp-status>'
            f"{escape(entry.get_status_display())}</span>"
        ]
        # Labels outside the f-strings: xgettext does not look inside them.
        flags = [_("Overdue")] * self.overdue + [_("Missed")] * self.missed
        meta.extend(f'<strong class="bp-entry__overdue">{escape(flag)}</strong>' for flag in flags)
        if entry.unit:
            meta.append(f'<span class="bp-entry__unit">{escape(entry.unit.label)}</span>')
        meta.extend(f'<span class="bp-entry__portal">{escape(p)}</span>' for p in self.portals)
        if self.delivery:
            meta.append(self.delivery_html())
        if self.editions:
            meta.append(self.editions_html())
        section = (
            f'<span class="w-sr-only"> · {escape(self.section)}</span>' if self.section else ""
        )
        return f"{' · '.join(meta)}{section}"

    def __html__(self) -> str:
        # Plain escape() and one f-string: format_html per part cost twice as much.
        entry = self.entry
        drag = move = ""
        if self.draggable:
            move_url = escape(self.move_url)
            # No data-action here: the calendar's container delegates the drag events.
            drag = f' draggable="true" data-move-url="{move_url}"'
            move_label = escape(_("Move"))
            move = f'<a class="bp-entry__move" href="{move_url}">{move_label}</a>'
        time = (
            f'<span class="bp-entry__time" data-bp-time>{self.local:%H:%M}</span> '
            if self.local
            else ""
        )
        return mark_safe(  # every value above is escaped
            f'<li class="{self.classname}" style="--bp-section: {escape(self.colour)}" '
            f'data-entry-id="{entry.pk}"{drag}>'
            f'<a class="bp-entry__title" href="{escape(self.edit_url)}">{time}'
            f"{escape(entry.title)}</a>"
            f'<span class="bp-entry__meta">{self.meta_html()}</span>{move}</li>'
        )

    def delivery_html(self) -> str:
        done, expected = self.delivery
        label = (self.delivery_label or delivery_label()) % {"done": done, "expected": expected}
        complete = " bp-entry__delivery--complete" if done == expected else ""
        return (
            f'<span class="bp-entry__delivery{complete}" aria-label="{label}" '
            f'title="{label}">{done}/{expected}</span>'
        )

    def editions_html(self) -> str:
        names = self.language_names or {}
        badges = "".join(
            f'<abbr class="bp-edition bp-edition--{escape(badge.state)}" '
            f'title="{escape(badge.label(names))}">{escape(badge.short)}'
            f'<span class="w-sr-only"> {escape(badge.label(names))}</span></abbr>'
            for badge in self.editions
        )
        return f'<span class="bp-entry__editions">{badges}</span>'

    # Django's templates call str() before escaping; the result is already safe.
    __str__ = __html__

    def as_json(self) -> dict:
        return {
            "id": self.entry.pk,
            "title": self.entry.title,
            "date": self.local.date().isoformat() if self.local else None,
            "time": self.local.strftime("%H:%M") if self.local else None,
            "status": self.entry.status,
            "statusLabel": str(EntryStatus(self.entry.status).label),
            "overdue": self.overdue,
            "missed": self.missed,
            # Escaped HTML, as on the page: a move may change the flags and the
            # editions' states (their due days move with the entry).
            "className": self.classname,
            "metaHtml": self.meta_html(),
        }


def make_card(
    entry: CalendarEntry, can_change: bool, today: date, urls: EntryUrls | None = None
) -> EntryCard:
    local = timezone.localtime(entry.planned_at) if entry.planned_at else None
    return EntryCard(
        entry, local, can_change, entry.is_overdue(today), urls or EntryUrls(), entry.is_missed()
    )


def delivery_label() -> str:
    """The escaped template of a card's delivery label (numbers need no escaping)."""
    return escape(_("confirmed %(done)s/%(expected)s"))


def delivery_progress(entries: Iterable[CalendarEntry]) -> dict[int, tuple[int, int]]:
    """(delivered, expected) per entry with confirmed channels, from the ``channel_list``
    that ``with_channel_lists()`` attached: two queries for all the cards (the carriers
    of their channels, the entries' confirmations), none when no card needs them.

    Expected units follow ``actions.deliveries.expected_units``; a unit that recorded
    it will not carry the entry is not expected; a cancelled entry expects nothing.
    """
    # (entry id, its fallback unit, its confirmed channels): ids, not model instances,
    # as keys; hashing a model costs more than the rest on a month of cards.
    wanted = [
        (entry.pk, entry.unit_id, channels)
        for entry in entries
        if entry.editorial_status != EntryStatus.CANCELLED
        and (channels := [c for c in getattr(entry, "channel_list", ()) if c.is_confirmed])
    ]
    if not wanted:
        return {}
    carriers: dict[int, list[int]] = defaultdict(list)
    for channel_id, unit_id in Channel.carriers.through.objects.filter(
        channel_id__in={c.pk for _pk, _unit, channels in wanted for c in channels}
    ).values_list("channel_id", "unit_id"):
        carriers[channel_id].append(unit_id)
    records = {
        (entry_id, channel_id, unit_id): status
        for entry_id, channel_id, unit_id, status in Delivery.objects.records_for(
            [pk for pk, _unit, _channels in wanted]
        )
    }
    progress = {}
    for pk, entry_unit, channels in wanted:
        done = expected = 0
        for channel in channels:
            units = expected_unit_ids(carriers.get(channel.pk, []), channel.unit_id, entry_unit)
            for unit_id in units:
                status = records.get((pk, channel.pk, unit_id))
                if status != DeliveryStatus.CANCELLED:
                    expected += 1
                    done += status == DeliveryStatus.DELIVERED
        if expected:
            progress[pk] = (done, expected)
    return progress


def section_legend() -> list[tuple[str, str]]:
    """(name, colour) of every section, and of entries without one, for the calendar's
    legend: the cards show a section by colour only."""
    sections = [(s.name, s.colour) for s in Section.objects.canonical().only("name", "colour")]
    return [*sections, (_("No section"), NEUTRAL_COLOUR)]


class CardMaker:
    """Builds cards with the user's rights, checked once per request, not per entry."""

    def __init__(self, user) -> None:
        self.user = user
        self.change_all = entry_policy().user_has_global_permission(user, "change")
        self.today = timezone.localdate()
        self.urls = EntryUrls()

    @cached_property
    def units(self) -> frozenset[int]:
        """The units whose entries the user may change: asked only when the user may
        not change them all (an editor's request saves the query)."""
        if not entry_policy().user_has_permission(self.user, "view"):
            return frozenset()
        return unit_ids_for(self.user)

    def __call__(self, entry: CalendarEntry) -> EntryCard:
        can_change = self.change_all or entry.unit_id in self.units
        return make_card(entry, can_change, self.today, self.urls)

    @staticmethod
    def add_deliveries(cards: list[EntryCard]) -> None:
        """Each card's delivery progress, for all the cards at once; a card loaded by
        ``for_cards()`` learns here that it is ``delivered``."""
        progress = delivery_progress(card.entry for card in cards)
        if not progress:
            return
        label = delivery_label()
        for card in cards:
            card.delivery = progress.get(card.entry.pk)
            card.delivery_label = label
            if card.delivery is not None and is_delivered(card.entry, *card.delivery):
                card.entry.current_status = EntryStatus.DELIVERED


def add_editions(cards: list[EntryCard]) -> None:
    """Each card's edition badges, for all the cards in one query."""
    badges = edition_badges(card.entry.pk for card in cards)
    if not badges:
        return
    names = translated_language_names()
    for card in cards:
        card.editions = tuple(badges.get(card.entry.pk, ()))
        card.language_names = names


def is_delivered(entry: CalendarEntry, done: int, expected: int) -> bool:
    """``with_status()``'s rule for ``delivered``, on a card's progress: every expected
    unit recorded (``expected`` leaves out the refusals) and one delivered, on no portal
    served here, and not already published or cancelled."""
    return (
        done == expected > 0
        and entry.status not in (EntryStatus.PUBLISHED, EntryStatus.CANCELLED)
        and not any(channel.is_publishable for channel in entry.channel_list)
    )
