"""A collected draft: the article and its calendar entry, made the same way for a feed
item and for pasted HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from ..articles import available_slug
from ..listing import article_model
from ..models import CalendarEntry, Channel, ChannelKind, ContentLine, EntryStatus, Plan, Unit
from ..models.planning import PlanStatus, UnitKind


@dataclass
class Draft:
    title: str
    intro: str
    body: str  # sanitised rich text
    source_name: str = ""
    source_url: str = ""
    source_date: datetime | None = None
    sections: list = field(default_factory=list)
    treaties: list = field(default_factory=list)
    topics: list = field(default_factory=list)  # Tag instances or names
    lead_image: object | None = None


def active_plan(day=None) -> Plan | None:
    """The active plan whose period includes ``day`` (today in the app's zone)."""
    day = day or timezone.localdate()
    return (
        Plan.objects.filter(status=PlanStatus.ACTIVE, period_start__lte=day, period_end__gte=day)
        .order_by("-period_start", "pk")
        .first()
    )


def ict_centre() -> Unit | None:
    return Unit.objects.filter(kind=UnitKind.ICT_CENTRE).order_by("pk").first()


def portal_channels(index: Page) -> list[Channel]:
    return list(Channel.objects.filter(index_page=index, kind=ChannelKind.PORTAL, active=True))


def create_draft(
    draft: Draft,
    *,
    index: Page,
    plan: Plan,
    content_line: ContentLine | None,
    unit: Unit | None,
    channels: list[Channel],
    user=None,
    log_data: dict | None = None,
) -> tuple[Page, CalendarEntry]:
    """The draft article under ``index`` (which the caller has locked, see
    :func:`lock_index`) and its "collected" calendar entry; logged on both."""
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
    # Saving a new page logs "wagtail.create" (Wagtail's own behaviour); the first
    # revision is part of that creation, as in Wagtail's create view.
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=False)
    entry = CalendarEntry.objects.create(
        plan=plan,
        content_line=content_line,
        title=draft.title,
        brief=draft.intro,
        unit=unit,
        editorial_status=EntryStatus.COLLECTED,
        page=page,
        created_by=user,
        updated_by=user,
    )
    if channels:
        entry.channels.set(channels)
    log(
        instance=entry,
        action="wagtail_borderplan.collect",
        user=user,
        data={
            "page_id": page.pk,
            "source": draft.source_name,
            "url": draft.source_url,
            **(log_data or {}),
        },
    )
    return page, entry


def lock_index(index: Page) -> Page:
    """The index row, locked for the transaction and fresh: two collectors adding
    children to one index at once would otherwise compute the same tree path."""
    assert transaction.get_connection().in_atomic_block
    return Page.objects.select_for_update().get(pk=index.pk)
