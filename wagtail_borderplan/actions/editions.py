"""Planned editions as work: their due days follow the entry when it moves, and those
that publish with the original go live with it.

When an entry's article goes live, its
translations in the entry's planned languages go live too.

The original's go-live is the moment, whatever made it (an editor, the runner at the
scheduled time, Wagtail's ``publish_scheduled``): so a schedule set on the original, or
moved with the entry, carries over to its translations without a second schedule to
keep in step. A translation still in a moderation workflow is left to its reviewers.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import WorkflowState

from ..compat import Page
from ..models import CalendarEntry, EntryStatus, PlannedEdition, TranslationRule
from .base import Action


class PublishWithOriginalAction(Action):
    """Publish the translations of ``original`` that entries publishing with the
    original have planned. ``execute()`` returns the translated pages it published.
    Run by the system (``user=None``), as Wagtail's scheduled publishing is."""

    def __init__(self, original: Page, user: Any = None) -> None:
        super().__init__(user)
        self.original = original

    def planned_locale_ids(self) -> set[int]:
        entries = CalendarEntry.objects.filter(
            page_id=self.original.pk, translation_rule=TranslationRule.WITH_ORIGINAL
        ).exclude(editorial_status=EntryStatus.CANCELLED)
        return set(
            PlannedEdition.objects.filter(entry__in=entries).values_list("locale_id", flat=True)
        )

    def waiting_translations(self, locale_ids: set[int]) -> list[Page]:
        """Translations not live, or with changes not yet live, outside moderation."""
        pages = list(
            Page.objects.filter(
                translation_key=self.original.translation_key, locale_id__in=locale_ids
            ).filter(Q(live=False) | Q(has_unpublished_changes=True))
        )
        in_moderation = set(
            WorkflowState.objects.active()
            .filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=[str(page.pk) for page in pages],
            )
            .values_list("object_id", flat=True)
        )
        return [page.specific for page in pages if str(page.pk) not in in_moderation]

    def _execute(self) -> list[Page]:
        if not self.original.live:
            return []
        locale_ids = self.planned_locale_ids()
        if not locale_ids:
            return []
        published = []
        for page in self.waiting_translations(locale_ids):
            revision = page.latest_revision or page.save_revision(log_action=False)
            revision.publish(user=self.user)
            published.append(page)
        return published


def shift_edition_due_dates(entry: CalendarEntry, days: timedelta) -> None:
    """The plan's schedule carries over to the entry's editions: their own due days move
    by as many days as the entry did."""
    if not days:
        return
    # A handful of rows: date arithmetic in SQL differs by database (SQLite returns a
    # datetime string for a date plus a duration).
    for edition in PlannedEdition.objects.filter(entry=entry, due_date__isnull=False):
        edition.due_date += days
        edition.save(update_fields=["due_date"])
