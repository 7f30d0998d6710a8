"""Creating a draft article: the one path from the calendar, a feed and pasted HTML.

The page is created as Wagtail's own create view does (``add_child`` logs
``wagtail.create``, the first revision is part of that creation), under its index locked
for the transaction; the entry is then linked to it, or created for collected news, and
logged once: ``wagtail_borderplan.article`` for a planned entry, ``..collect`` for news.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..compat import Page
from ..listing import article_model
from ..models import CalendarEntry, Channel, ContentLine, EntryStatus, Plan, Unit
from ..models.taxonomy import vietnamese_slugify
from .base import Action, ActionPermissionError, ActionStateError
from .entries import EntryAction


@dataclass
class Draft:
    """What a new draft article holds."""

    title: str
    intro: str = ""
    body: str = ""  # sanitised rich text
    source_name: str = ""
    source_url: str = ""
    source_date: datetime | None = None
    sections: list = field(default_factory=list)
    treaties: list = field(default_factory=list)
    topics: list = field(default_factory=list)  # Tag instances or names
    lead_image: Any = None

    @classmethod
    def for_entry(cls, entry: CalendarEntry) -> Draft:
        """The entry's title and brief, tagged like its content line."""
        line = entry.content_line
        return cls(
            title=entry.title,
            intro=entry.brief,
            sections=[line.section] if line else [],
            treaties=list(line.treaties.all()) if line else [],
            topics=list(line.topics.all()) if line else [],
        )


def available_slug(parent: Page, title: str) -> str:
    base = vietnamese_slugify(title)[:200] or "bai-viet"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def lock_index(index: Page) -> Page:
    """The index row, locked for the transaction and fresh: two writers adding children
    to one index at once would otherwise compute the same tree path."""
    assert transaction.get_connection().in_atomic_block
    return Page.objects.select_for_update().get(pk=index.pk)


def create_page(draft: Draft, index: Page, user, *, index_locked: bool = False) -> Page:
    """The draft page under ``index`` (locked here unless the caller already holds the
    lock on that fresh row), with its first revision."""
    if not index_locked:
        index = lock_index(index)
    page = article_model()(
        title=draft.title,
        slug=available_slug(index, draft.title),
        intro=draft.intro,
        body=draft.body,
        source_name=draft.source_name,
        source_url=draft.source_url,
        source_date=draft.source_date,
        lead_image=draft.lead_image,
        owner=user,
        live=False,
    )
    page.sections.add(*draft.sections)
    page.treaties.add(*draft.treaties)
    page.topics.add(*draft.topics)
    index.add_child(instance=page)  # logs wagtail.create, as Wagtail's create view does
    page.save_revision(user=user, log_action=False)
    return page


def check_can_add_under(index: Page, user) -> None:
    if not index.permissions_for_user(user).can_add_subpage():
        raise ActionPermissionError(_("You may not add pages under this portal's index."))


class CreateEntryArticleAction(EntryAction):
    """The planned entry's draft article under ``index``, linked to the entry, which
    moves on from idea or assigned to drafting. ``execute()`` returns the page."""

    def __init__(self, entry: CalendarEntry, index: Page, user=None) -> None:
        super().__init__(entry, user)
        self.index = index

    def check_permission(self) -> None:
        super().check_permission()
        check_can_add_under(self.index, self.user)

    def check_state(self) -> None:
        if self.entry.page_id:
            raise ActionStateError(_("This entry already has its article."))

    def _execute(self) -> Page:
        entry, user = self.entry, self.user
        page = create_page(Draft.for_entry(entry), self.index, user)
        entry.page = page
        if entry.editorial_status in (EntryStatus.IDEA, EntryStatus.ASSIGNED):
            entry.editorial_status = EntryStatus.DRAFTING
        entry.updated_by = user
        entry.save(update_fields=["page", "editorial_status", "updated_by", "updated_at"])
        log(
            instance=entry,
            action="wagtail_borderplan.article",
            user=user,
            data={"page_id": page.pk, "title": page.title},
        )
        return page


class CollectArticleAction(Action):
    """Collected news (a feed item or pasted HTML): the draft article under ``index``
    and its "collected" calendar entry. ``execute()`` returns (page, entry). ``user`` is
    None for the collector run by cron."""

    def __init__(
        self,
        draft: Draft,
        index: Page,
        user=None,
        *,
        plan: Plan,
        content_line: ContentLine | None = None,
        unit: Unit | None = None,
        channels: list[Channel] = (),
        log_data: dict | None = None,
        index_locked: bool = False,
    ) -> None:
        super().__init__(user)
        self.draft, self.index, self.plan = draft, index, plan
        self.content_line, self.unit, self.channels = content_line, unit, list(channels)
        self.log_data = log_data or {}
        # The collector locks the index before claiming the item, and passes that row.
        self.index_locked = index_locked

    def check_permission(self) -> None:
        check_can_add_under(self.index, self.user)

    def _execute(self) -> tuple[Page, CalendarEntry]:
        draft, user = self.draft, self.user
        page = create_page(draft, self.index, user, index_locked=self.index_locked)
        entry = CalendarEntry.objects.create(
            plan=self.plan,
            content_line=self.content_line,
            title=draft.title,
            brief=draft.intro,
            unit=self.unit,
            editorial_status=EntryStatus.COLLECTED,
            page=page,
            created_by=user,
            updated_by=user,
        )
        if self.channels:
            entry.channels.set(self.channels)
        log(
            instance=entry,
            action="wagtail_borderplan.collect",
            user=user,
            data={
                "page_id": page.pk,
                "source": draft.source_name,
                "url": draft.source_url,
                **self.log_data,
            },
        )
        return page, entry
