"""A plan with known entries for the report tests, and bulk data for query counts.

``NOW`` is 1 July 2026, 10:00 in Hà Nội; the reports read it through
``wagtail_borderplan.reports.scope.current_time`` (patched by the tests).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Revision

from tests.factories import at, make_article, make_entry
from wagtail_borderplan.actions.targets import SyncTargetsAction
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import CalendarEntry, ContentLine, Delivery

NOW = at(2026, 7, 1, 10, 0)


def publish(entry, index, when, *, treaties=(), user=None):
    """A live article for the entry, published at ``when``."""
    article = make_article(index, entry.title, treaties=treaties, published_at=when)
    CalendarEntry.objects.filter(pk=entry.pk).update(page=article, published_at=when)
    entry.refresh_from_db()
    if user is not None:
        SyncTargetsAction(entry, user).execute()
    return article


def aired(entry, channel, unit, when):
    """The unit's confirmation that it carried the entry at ``when``."""
    return Delivery.objects.create(entry=entry, channel=channel, unit=unit, delivered_at=when)


def schedule(entry, index, go_live):
    """A draft article approved to go live at ``go_live`` (Wagtail's schedule)."""
    article = make_article(index, entry.title, live=False)
    Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=str(article.pk)
    ).update(approved_go_live_at=go_live)
    CalendarEntry.objects.filter(pk=entry.pk).update(page=article)
    entry.refresh_from_db()
    return article


def known_plan(world, taxonomy, portals, user):
    """The entries of the tests, each named for what it checks.

    Content lines: ``china`` (target 5, treaty 1999), ``laos`` (target 2, protocol),
    ``empty`` (China section, no target, no entries).
    """
    plan, china, laos = world["plan"], world["china"], world["laos"]
    ContentLine.objects.filter(pk=china.pk).update(target=5, sort_order=1)
    ContentLine.objects.filter(pk=laos.pk).update(target=2)
    laos.treaties.add(taxonomy["protocol"])
    empty = ContentLine.objects.create(
        plan=plan, section=taxonomy["china"], text="Không có mục", sort_order=2
    )
    ict, division = world["ict"], world["division"]
    provincial, department, radio = world["provincial"], world["department"], world["radio"]
    treaty = taxonomy["treaty"]
    home = portals["provincial"]
    e = {}

    def entry(name, line, unit, planned_at, channels=(provincial,), **fields):
        e[name] = make_entry(
            plan,
            name,
            content_line=line,
            unit=unit,
            planned_at=planned_at,
            channels=channels,
            **fields,
        )
        return e[name]

    # Live on both portals (an alias on the department's), the day it was planned.
    publish(
        entry("two_portals", china, ict, at(2026, 3, 10, 9, 0), channels=(provincial, department)),
        home,
        at(2026, 3, 10, 15, 0),
        treaties=[treaty],
        user=user,
    )
    # Live two days after its planned day: late. Also on the radio, which is no portal:
    # the unit aired it on the day (the radio has no carriers, so the entry's unit).
    publish(
        entry("late", china, ict, at(2026, 3, 20, 8, 0), channels=(provincial, radio)),
        home,
        at(2026, 3, 22, 9, 0),
        treaties=[treaty],
    )
    aired(e["late"], radio, ict, at(2026, 3, 20, 18, 0))
    # 00:30 on 1 January local (17:30 UTC on 31 December): in 2026, past, not done: missed.
    entry("new_year", china, division, at(2026, 1, 1, 0, 30), editorial_status="assigned")
    # 23:30 on 31 December 2025 local: outside the 2026 plan period.
    entry("old_year", china, division, at(2025, 12, 31, 23, 30), editorial_status="assigned")
    # 23:30 on 31 December 2026 local (16:30 UTC): last day of the period, an idea.
    entry("year_end", china, ict, at(2026, 12, 31, 23, 30), editorial_status="idea")
    # Future and being written (no article yet): in progress.
    entry("drafting", laos, division, at(2026, 8, 5, 9, 0), editorial_status="drafting")
    # Cancelled: counted apart, never as planned.
    entry("cancelled", laos, ict, at(2026, 4, 1, 9, 0), editorial_status="cancelled")
    # Scheduled for an hour ago, still not live: missed.
    schedule(
        entry("missed_schedule", laos, division, at(2026, 7, 1, 9, 0)),
        home,
        NOW - timedelta(hours=1),
    )
    # Scheduled in two days: scheduled.
    schedule(entry("scheduled", china, ict, at(2026, 7, 3, 9, 0)), home, at(2026, 7, 3, 9, 0))
    # No content line, on the commune radio only (no portal): aired on its day (its
    # article, the script, is live too).
    publish(
        entry("no_line", None, ict, at(2026, 5, 5, 7, 0), channels=(radio,)),
        home,
        at(2026, 5, 5, 8, 0),
    )
    aired(e["no_line"], radio, ict, at(2026, 5, 5, 18, 0))
    # Planned in February, moved to September (by the move endpoint in the tests), ready.
    entry("moved", laos, division, at(2026, 2, 10, 9, 0), editorial_status="ready")
    # Never planned, live on 1 June: dated by its publication, on time.
    publish(
        entry("unplanned_live", china, ict, None), home, at(2026, 6, 1, 10, 0), treaties=[treaty]
    )
    # Never planned, never published: in no period.
    entry("undated", china, ict, None, editorial_status="drafting")
    # Planned 22:00 on 30 June local, live 01:00 on 1 July local: the same UTC day
    # (15:00 and 18:00 UTC on 30 June) but the next local day: late, published in July.
    publish(
        entry("midnight", china, division, at(2026, 6, 30, 22, 0)),
        home,
        at(2026, 7, 1, 1, 0),
        treaties=[treaty],
    )
    # No unit, in progress with an article in draft.
    draft = make_article(home, "Bản nháp", live=False)
    entry("no_unit", laos, None, at(2026, 9, 1, 9, 0), editorial_status="idea", page=draft)
    return {"entries": e, "empty": empty}


def bulk_entries(plan, lines, units, channels, count: int, *, live_pages=(), draft_pages=()):
    """``count`` entries over the plan's year, in every state a report counts, fast."""
    states = ["idea", "assigned", "drafting", "in_review", "ready", "cancelled"]
    made = CalendarEntry.objects.bulk_create(
        CalendarEntry(
            plan=plan,
            title=f"Mục {n}",
            content_line=lines[n % len(lines)] if n % 11 else None,
            unit=units[n % len(units)] if n % 13 else None,
            planned_at=at(2026, 1 + n % 12, 1 + n % 28, n % 24, 0) if n % 17 else None,
            editorial_status=states[n % len(states)],
            page=(live_pages[n % len(live_pages)] if live_pages and n % 3 == 0 else None)
            or (draft_pages[n % len(draft_pages)] if draft_pages and n % 5 == 0 else None),
            published_at=at(2026, 1 + n % 12, 2 + n % 27, 8, 0)
            if live_pages and n % 3 == 0
            else None,
        )
        for n in range(count)
    )
    ids = [entry.pk for entry in made] or list(
        CalendarEntry.objects.order_by("-pk").values_list("pk", flat=True)[:count]
    )
    through = CalendarEntry.channels.through
    through.objects.bulk_create(
        through(calendarentry_id=pk, channel_id=channels[i % len(channels)].pk)
        for i, pk in enumerate(ids)
    )
    return ids
