"""Target portals: an article appears on every portal of its entry as a Wagtail alias.

Wagtail publishes, unpublishes and moves aliases with their original, so the calendar
only has to keep the set of aliases equal to the entry's portal channels other than the
article's home portal. Idempotent: running it twice changes nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..compat import Page
from ..models import CalendarEntry, Channel
from .base import Action, ActionPermissionError


def target_indexes(entry: CalendarEntry, page: Page) -> dict[int, Page]:
    """The receiving index pages of the entry's portals, except the article's own."""
    home = page.get_parent()
    return {
        channel.index_page_id: channel.index_page
        for channel in entry.channels.select_related("index_page")
        if channel.is_publishable and channel.index_page_id != home.pk
    }


class SyncTargetsAction(Action):
    """Create the missing aliases and delete those of portals no longer targeted.

    ``execute()`` returns (created, removed). Refuses, without changing anything, when
    the user may not add pages under a target index or delete an alias.
    """

    def __init__(self, entry: CalendarEntry, user=None) -> None:
        super().__init__(user)
        self.entry = entry
        self.to_create: list[Page] = []
        self.to_remove: list[Page] = []
        if entry.page_id is not None:
            self.page = entry.page.specific
            self._plan()

    def _plan(self) -> None:
        wanted = target_indexes(self.entry, self.page)
        # Only aliases under portal indexes are the calendar's; others are left alone.
        portal_indexes = Channel.objects.portal_index_ids()
        existing = {
            alias.get_parent().pk: alias
            for alias in Page.objects.filter(alias_of=self.page)
            if alias.get_parent().pk in portal_indexes
        }
        self.to_create = [index for pk, index in wanted.items() if pk not in existing]
        self.to_remove = [alias for pk, alias in existing.items() if pk not in wanted]

    def check_permission(self) -> None:
        for index in self.to_create:
            if not index.permissions_for_user(self.user).can_add_subpage():
                raise ActionPermissionError(
                    _("You may not add pages under “%(index)s”.") % {"index": index.title}
                )
        for alias in self.to_remove:
            if not alias.permissions_for_user(self.user).can_delete():
                raise ActionPermissionError(
                    _("You may not remove the article from “%(index)s”.")
                    % {"index": alias.get_parent().title}
                )

    def _execute(self) -> tuple[list[Page], list[Page]]:
        created = [
            self.page.create_alias(parent=index, update_slug=self.page.slug, user=self.user)
            for index in self.to_create
        ]
        for alias in self.to_remove:
            alias.delete()
        return created, self.to_remove
