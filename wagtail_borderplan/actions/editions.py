"""Planned editions as work: their due days follow the entry when it moves, and those
that publish with the original go live with it.

When an entry's article first goes live, whatever made it (an editor, the runner at the
scheduled time, Wagtail's ``publish_scheduled``), its translations in the entry's
planned languages that were never published go live too: a schedule set on the
original, or moved with the entry, carries over to them without a second schedule to
keep in step. Left alone, for their own editors to publish: a translation submitted for
moderation, a locked one, and any once the original has gone out (a later republish of
the original never pushes a translator's draft). One translation that
fails never stops the original or the others.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from wagtail.log_actions import log

from ..compat import Page
from ..models import CalendarEntry, EntryStatus, PlannedEdition, TranslationRule
from ..times import plan_zone
from .base import Action

logger = logging.getLogger(__name__)


def entries_publishing_with(original: Page):
    """The entries of ``original`` whose translations publish with it."""
    return CalendarEntry.objects.filter(
        page_id=original.pk, translation_rule=TranslationRule.WITH_ORIGINAL
    ).exclude(editorial_status=EntryStatus.CANCELLED)


def is_first_go_live(page: Page) -> bool:
    """Wagtail sets both times to the same moment when a page first goes live."""
    return page.live and page.first_published_at == page.last_published_at


class PublishWithOriginalAction(Action):
    """Publish the never-published translations of ``original`` that entries publishing
    with the original have planned. ``execute()`` returns the pages it published.
    Run by the system (``user=None``), as Wagtail's scheduled publishing is."""

    def __init__(self, original: Page, user: Any = None) -> None:
        super().__init__(user)
        self.original = original

    def planned_locale_ids(self) -> set[int]:
        entries = entries_publishing_with(self.original)
        return set(
            PlannedEdition.objects.filter(entry__in=entries)
            .order_by()
            .values_list("locale_id", flat=True)
        )

    def waiting_translations(self, locale_ids: set[int]) -> list[Page]:
        pages = Page.objects.filter(
            translation_key=self.original.translation_key,
            locale_id__in=locale_ids,
            alias_of__isnull=True,
            live=False,
            expired=False,
            first_published_at__isnull=True,
        )
        return [page.specific for page in pages if self.may_publish(page)]

    @staticmethod
    def may_publish(page: Page) -> bool:
        # A translation submitted for moderation is its reviewers' to publish; a lock is
        # a person's claim on the page. (Who may set the rule is checked by the entry's
        # form: someone who may publish pages in those languages.)
        workflow_state = page.current_workflow_state
        return workflow_state is None and not page.get_lock()

    def _execute(self) -> list[Page]:
        locale_ids = self.planned_locale_ids()
        if not locale_ids:
            return []
        return [page for page in self.waiting_translations(locale_ids) if self.publish_one(page)]

    def publish_one(self, page: Page) -> bool:
        try:
            with transaction.atomic():
                revision = page.latest_revision or page.save_revision(log_action=False)
                revision.publish(user=self.user)
                log(
                    instance=page,
                    action="wagtail_borderplan.publish_with_original",
                    user=self.user,
                    data={"original": self.original.pk, "title": self.original.title},
                )
        except Exception:  # a broken translation must not stop the original or the others
            logger.exception("Translation %s not published with its original", page.pk)
            return False
        return True


def publish_translations_with(original: Page) -> list[Page]:
    """``page_published``: the translations that publish with ``original``, on its first
    go-live only; one query for any other page."""
    if original.alias_of_id is not None or not is_first_go_live(original):
        return []
    if not entries_publishing_with(original).exists():
        return []
    return PublishWithOriginalAction(original).execute()


def moved_days(old: datetime | None, new: datetime | None) -> timedelta:
    """How many of the plan's days (in its zone) an entry moved from ``old`` to ``new``."""
    if old is None or new is None:
        return timedelta()
    zone = plan_zone()
    return new.astimezone(zone).date() - old.astimezone(zone).date()


def shift_edition_due_dates(
    entry: CalendarEntry,
    old: datetime | None,
    new: datetime | None,
    *,
    keep: set[int] = frozenset(),
) -> None:
    """The plan's schedule carries over to the entry's editions: their own due days move
    by as many of the plan's days as the entry did (but ``keep``, ids of editions whose
    day a person has just set)."""
    days = moved_days(old, new)
    if not days:
        return
    # A handful of rows: date arithmetic in SQL differs by database (SQLite returns a
    # datetime string for a date plus a duration).
    editions = PlannedEdition.objects.filter(entry=entry, due_date__isnull=False)
    for edition in editions.exclude(pk__in=keep):
        edition.due_date += days
        edition.save(update_fields=["due_date"])
