"""Target portals: an article appears on every portal of its entry as a Wagtail alias.

Wagtail publishes, unpublishes and moves aliases with their original, so the calendar
only has to keep the set of aliases equal to the entry's portal channels other than the
article's home portal. Idempotent: running it twice changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from ..models import CalendarEntry, Channel


def target_indexes(entry: CalendarEntry, page: Page) -> dict[int, Page]:
    """The receiving index pages of the entry's portals, except the article's own."""
    home = page.get_parent()
    return {
        channel.index_page_id: channel.index_page
        for channel in entry.channels.select_related("index_page")
        if channel.is_publishable and channel.index_page_id != home.pk
    }


@transaction.atomic
def sync_targets(entry: CalendarEntry, user) -> tuple[list[Page], list[Page]]:
    """Create the missing aliases and delete those of portals no longer targeted.

    Returns (created, removed). Refuses, without changing anything, when the user may
    not add pages under a target index or delete an alias.
    """
    if entry.page_id is None:
        return [], []
    page = entry.page.specific
    wanted = target_indexes(entry, page)
    # Only aliases under portal indexes are the calendar's; others are left alone.
    portal_indexes = set(
        Channel.objects.filter(kind="portal", index_page__isnull=False).values_list(
            "index_page_id", flat=True
        )
    )
    existing = {
        alias.get_parent().pk: alias
        for alias in Page.objects.filter(alias_of=page)
        if alias.get_parent().pk in portal_indexes
    }
    to_create = [index for pk, index in wanted.items() if pk not in existing]
    to_remove = [alias for pk, alias in existing.items() if pk not in wanted]
    for index in to_create:
        if not index.permissions_for_user(user).can_add_subpage():
            raise PermissionDenied(
                _("You may not add pages under “%(index)s”.") % {"index": index.title}
            )
    for alias in to_remove:
        if not alias.permissions_for_user(user).can_delete():
            raise PermissionDenied(
                _("You may not remove the article from “%(index)s”.")
                % {"index": alias.get_parent().title}
            )
    created = [
        page.create_alias(parent=index, update_slug=page.slug, user=user) for index in to_create
    ]
    for alias in to_remove:
        alias.delete()
    return created, to_remove
