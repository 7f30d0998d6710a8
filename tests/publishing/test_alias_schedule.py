"""An article's aliases on the other portals follow what is live, not what is scheduled.

Wagtail's publish action updates every alias, and makes it live, even for a revision
that is only approved to go live later; and an alias made before its original went live
is published without a first publication time. Both showed on the department portal in
the editor's journey: the article there before its time, then last in the index.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Revision

from tests.factories import make_article, make_entry
from wagtail_borderplan.actions.scheduling import ScheduleArticleAction
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import CalendarEntry
from wagtail_borderplan.publishing.runner import run


@pytest.fixture
def entry(world, portals):
    page = make_article(portals["provincial"], "Bài có bản sao", live=False)
    return make_entry(
        world["plan"],
        "Mục có bản sao",
        page=page,
        unit=world["ict"],
        channels=[world["provincial"], world["department"]],
        planned_at=timezone.now() + timedelta(days=1),
    )


def make_due(page: Page) -> None:
    """Bring the scheduled revision's time to now, as the clock would."""
    revision = page.scheduled_revision
    past = timezone.now() - timedelta(seconds=1)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past)
    revision.refresh_from_db()
    revision.content = {**revision.content, "go_live_at": past.isoformat()}
    revision.save(update_fields=["content"])


def test_a_scheduled_article_has_no_live_alias_before_its_time(world, entry, portals):
    user = world["users"]["superuser"]
    ScheduleArticleAction(entry, user, go_live_at=timezone.now() + timedelta(days=2)).execute()
    alias = Page.objects.get(alias_of=entry.page_id)
    assert not alias.live
    department = portals["department"].specific
    assert not department.get_articles().filter(pk=alias.pk).exists()

    make_due(Page.objects.get(pk=entry.page_id).specific)
    run()
    original = Page.objects.get(pk=entry.page_id)
    alias.refresh_from_db()
    assert original.live and alias.live
    # It went live with the original, so it sorts and dates as the original does.
    assert alias.first_published_at == original.first_published_at
    assert department.get_articles().first().pk == alias.pk


def test_a_scheduled_change_stays_off_the_aliases_until_its_time(world, entry):
    user = world["users"]["superuser"]
    original = Page.objects.get(pk=entry.page_id).specific
    original.save_revision(user=user).publish()
    entry = CalendarEntry.objects.get(pk=entry.pk)  # as a request reads it
    ScheduleArticleAction(
        entry, user, go_live_at=timezone.now() + timedelta(days=2)
    ).execute()  # makes the alias
    alias = Page.objects.get(alias_of=original)
    assert alias.live and alias.title == "Bài có bản sao"

    draft = Page.objects.get(pk=original.pk).specific.get_latest_revision_as_object()
    draft.title = "Tiêu đề mới, chưa đến giờ"
    draft.go_live_at = timezone.now() + timedelta(days=3)
    draft.save_revision(user=user).publish()
    alias.refresh_from_db()
    assert alias.live
    assert alias.title == "Bài có bản sao", "the scheduled title leaked onto the alias"

    make_due(Page.objects.get(pk=original.pk).specific)
    run()
    alias.refresh_from_db()
    assert alias.title == "Tiêu đề mới, chưa đến giờ"


def test_the_migration_repairs_aliases_published_before(world, entry, portals):
    from importlib import import_module

    from django.apps import apps

    repair = import_module("wagtail_borderplan.migrations.0006_alias_publication").repair_aliases
    user = world["users"]["superuser"]
    original = Page.objects.get(pk=entry.page_id)
    early = original.create_alias(parent=portals["department"], update_slug="som", user=user)
    Page.objects.filter(pk=early.pk).update(live=True, has_unpublished_changes=False)
    live = make_article(portals["provincial"], "Bài đã đăng")
    undated = live.create_alias(parent=portals["department"], update_slug="chua-ngay", user=user)
    Page.objects.filter(pk=undated.pk).update(first_published_at=None)

    repair(apps, None)
    early.refresh_from_db()
    undated.refresh_from_db()
    assert not early.live
    assert undated.live and undated.first_published_at == live.first_published_at
