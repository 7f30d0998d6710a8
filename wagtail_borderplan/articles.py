"""Creating an entry's draft article: the one place that turns a plan into a page."""

from __future__ import annotations

from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Page

from .listing import article_model
from .models import CalendarEntry, EntryStatus
from .models.taxonomy import vietnamese_slugify


def available_slug(parent: Page, title: str) -> str:
    base = vietnamese_slugify(title)[:200] or "bai-viet"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def create_draft_article(entry: CalendarEntry, index: Page, user) -> Page:
    """A draft article under ``index`` with the entry's title, brief, section, treaties
    and topics, linked to the entry; logged on both."""
    page = article_model()(
        title=entry.title,
        slug=available_slug(index, entry.title),
        intro=entry.brief,
        owner=user,
        live=False,
    )
    line = entry.content_line
    if line is not None:
        page.sections.add(line.section)
        page.treaties.add(*line.treaties.all())
        page.topics.add(*line.topics.all())
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
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
