"""A press agency's feed as evidence of delivery: an item that matches an entry planned
on the agency's channel (by link, or by a similar title) becomes a proposed delivery,
which a person confirms or rejects."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from difflib import SequenceMatcher

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..actions.deliveries import ProposeDeliveryAction
from ..models import CalendarEntry, Channel, Delivery, EntryStatus, FeedSource, Unit
from ..models.deliveries import expected_units
from .items import FeedItem

# Titles this alike are taken for the same article (an agency edits a word or two).
TITLE_RATIO = 0.8
# How far an item may come after the entry's planned day, and before it.
AFTER, BEFORE = timedelta(days=7), timedelta(days=1)


def words(title: str) -> list[str]:
    """The title's words, case and punctuation aside; Vietnamese tone marks kept (they
    change the word, so titles are compared word by word, not letter by letter)."""
    return re.findall(r"\w+", unicodedata.normalize("NFC", title).casefold())


def similar(a: str, b: str) -> bool:
    matcher = SequenceMatcher(None, words(a), words(b))
    return matcher.quick_ratio() >= TITLE_RATIO and matcher.ratio() >= TITLE_RATIO


def matches(item: FeedItem, entry: CalendarEntry) -> bool:
    linked = bool(item.link) and item.link in f"{entry.brief}\n{entry.notes}"
    return linked or similar(item.title, entry.title)


def candidates(channel: Channel, items: list[FeedItem]) -> list[CalendarEntry]:
    """The entries on ``channel`` planned around the items' dates."""
    now = timezone.now()
    moments = [item.published or now for item in items]
    start, end = min(moments) - AFTER, max(moments) + BEFORE
    return list(
        CalendarEntry.objects.filter(channels=channel)
        .exclude(editorial_status=EntryStatus.CANCELLED)
        .filter(
            Q(planned_at__gte=start, planned_at__lt=end)
            | Q(planned_at__isnull=True, due_date__gte=start.date(), due_date__lt=end.date())
        )
    )


def propose_deliveries(source: FeedSource, items: list[FeedItem]) -> list[Delivery]:
    """Propose a delivery for every entry an item of ``source`` matches."""
    if source.channel_id is None or not items:
        return []
    channel = Channel.objects.filter(pk=source.channel_id).prefetch_related("carriers").first()
    if channel is None or not channel.is_confirmed:
        return []
    proposed = []
    entries = candidates(channel, items)
    for item in items:
        for entry in entries:
            if not matches(item, entry):
                continue
            note = _("Seen in the feed of %(source)s: “%(title)s”") % {
                "source": source.name,
                "title": item.title,
            }
            for unit in _units(channel, entry):
                action = ProposeDeliveryAction(entry, channel, unit, link=item.link, note=note)
                if delivery := action.execute():
                    proposed.append(delivery)
    return proposed


def _units(channel: Channel, entry: CalendarEntry) -> list[Unit]:
    """The units expected to confirm: the carriers (prefetched), else the manager."""
    carriers = list(channel.carriers.all())
    return carriers or list(Unit.objects.filter(pk__in=expected_units(channel, entry)))
