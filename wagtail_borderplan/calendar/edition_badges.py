"""The editions a calendar card shows: one badge per planned language, coloured by the
edition's state (``models.editions.edition_state``), for all the cards in one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import EditionState, PlannedEdition
from ..models.editions import edition_state, translated_language_names
from ..times import plan_zone


@dataclass(frozen=True)
class EditionBadge:
    language: str  # the language code, e.g. "zh-hans"
    state: str

    @property
    def short(self) -> str:
        """What the card shows: the language's first letters, e.g. "ZH"."""
        return self.language.split("-")[0].upper()

    def label(self, names: dict[str, str]) -> str:
        return _("Edition in %(language)s: %(state)s") % {
            "language": names.get(self.language, self.language),
            "state": EditionState(self.state).label,
        }


def edition_badges(entry_ids: Iterable[int]) -> dict[int, list[EditionBadge]]:
    """The badges of each entry that plans editions, in one query; days are the plan's
    (its zone), as in the report by language, whatever the viewer's admin zone."""
    zone = plan_zone()
    today = timezone.now().astimezone(zone).date()
    badges: dict[int, list[EditionBadge]] = defaultdict(list)
    editions = PlannedEdition.objects.for_state().filter(entry_id__in=list(entry_ids))
    for edition in editions.order_by("locale__language_code"):
        badges[edition.entry_id].append(
            EditionBadge(edition.locale.language_code, edition_state(edition, today, zone))
        )
    return badges


__all__ = ["EditionBadge", "edition_badges", "translated_language_names"]
