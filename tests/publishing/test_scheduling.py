"""Scheduling entries' articles on Wagtail's own schedule; target portals as aliases;
entries following their articles through Wagtail's signals."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, Workflow

from tests.factories import NO_EDITIONS
from wagtail_borderplan.actions.base import ActionError
from wagtail_borderplan.actions.scheduling import ScheduleArticleAction
from wagtail_borderplan.actions.targets import SyncTargetsAction
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import CalendarEntry, EntryStatus
from wagtail_borderplan.publishing.runner import run

JSON = {"HTTP_ACCEPT": "application/json"}


def scheduled(entry):
    """The article's scheduled revision, read afresh (Page caches scheduled_revision)."""
    return Page.objects.get(pk=entry.page_id).specific.scheduled_revision


def status_of(entry):
    return CalendarEntry.objects.with_status().get(pk=entry.pk).current_status


def login_role(client, world, editors, role):
    """Log in as a calendar role; "portal_editor" is a member of the entry's unit who
    publishes on the department portal, not on the article's provincial one."""
    user = editors["department"] if role == "portal_editor" else world["users"][role]
    if role == "portal_editor":
        user.user_permissions.add(*world["users"]["member"].user_permissions.all())
        world["ict"].members.add(user)
    if user is not None:
        client.force_login(user)


@pytest.fixture
def article_entry(article_entry, world):
    """The shared entry with a draft article, planned for tomorrow on both portals and
    the radio."""
    article_entry.planned_at = timezone.now() + timedelta(days=1)
    article_entry.save(update_fields=["planned_at"])
    article_entry.channels.set([world["provincial"], world["department"], world["radio"]])
    return article_entry


def test_schedule_uses_wagtails_own_schedule(world, article_entry):
    user = world["users"]["superuser"]
    when = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    assert ScheduleArticleAction(article_entry, user, go_live_at=when).execute() == "scheduled"
    page = article_entry.page.specific
    page.refresh_from_db()
    assert not page.live
    assert scheduled(article_entry).approved_go_live_at == when
    assert status_of(article_entry) == EntryStatus.SCHEDULED
    article_entry.refresh_from_db()
    assert article_entry.planned_at == when  # plan and schedule agree
    assert article_entry.published_at is None  # scheduled is not published
    # Wagtail's own command sees the schedule when its time comes.
    revision = scheduled(article_entry)
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - timedelta(seconds=1)
    )
    revision.refresh_from_db()
    revision.content = {
        **revision.content,
        "go_live_at": (timezone.now() - timedelta(seconds=1)).isoformat(),
    }
    revision.save(update_fields=["content"])
    before = timezone.now()
    run()
    page.refresh_from_db()
    assert page.live
    article_entry.refresh_from_db()
    assert status_of(article_entry) == EntryStatus.PUBLISHED
    # When it went live (the first publish of this run; its aliases follow after).
    assert before <= article_entry.published_at <= page.last_published_at


def test_target_portals_become_aliases_idempotently(world, article_entry):
    user = world["users"]["superuser"]
    created, removed = SyncTargetsAction(article_entry, user).execute()
    assert [a.get_parent().pk for a in created] == [world["department"].index_page_id]
    assert removed == []
    assert SyncTargetsAction(article_entry, user).execute() == (
        [],
        [],
    )  # nothing more the second time
    alias = Page.objects.get(alias_of=article_entry.page)
    # Publishing the original publishes the alias too (Wagtail's own mechanism).
    article_entry.page.specific.save_revision().publish()
    alias.refresh_from_db()
    assert alias.live
    # Dropping the portal removes the alias.
    article_entry.channels.remove(world["department"])
    created, removed = SyncTargetsAction(article_entry, user).execute()
    assert created == [] and [a.pk for a in removed] == [alias.pk]
    assert not Page.objects.filter(alias_of=article_entry.page).exists()


def test_targets_need_the_right_permission_on_the_target_index(world, editors, article_entry):
    from django.core.exceptions import PermissionDenied

    provincial_editor = editors["provincial"]  # may not add under the department index
    with pytest.raises(PermissionDenied):
        SyncTargetsAction(article_entry, provincial_editor).execute()
    assert not Page.objects.filter(alias_of=article_entry.page).exists()


def test_an_article_in_moderation_is_scheduled_on_approval(world, article_entry):
    user = world["users"]["superuser"]
    page = article_entry.page.specific
    Workflow.objects.get(name="Moderators approval").start(page, user)
    when = timezone.now() + timedelta(days=3)
    assert ScheduleArticleAction(article_entry, user, go_live_at=when).execute() == "on_approval"
    assert scheduled(article_entry) is None
    assert status_of(article_entry) == EntryStatus.IN_REVIEW


def test_locked_article_cannot_be_scheduled_by_others(world, editors, article_entry):
    page = article_entry.page.specific
    page.locked = True
    page.locked_by = editors["provincial"]
    page.locked_at = timezone.now()
    page.save()
    with pytest.raises(ActionError):
        ScheduleArticleAction(
            article_entry,
            world["users"]["superuser"],
            go_live_at=timezone.now() + timedelta(days=1),
        ).execute()
    assert scheduled(article_entry) is None


@pytest.mark.parametrize("delta", [timedelta(minutes=-5), timedelta(0)])
def test_past_times_are_refused(world, article_entry, delta):
    with pytest.raises(ActionError):
        ScheduleArticleAction(
            article_entry, world["users"]["superuser"], go_live_at=timezone.now() + delta
        ).execute()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("admin_only", False),
        ("viewer", False),
        ("member", False),
        ("other_member", False),
        ("superuser", True),
        ("portal_editor", False),
    ],
)
def test_schedule_view_permissions(client, world, editors, article_entry, role, allowed):
    user = editors["provincial"] if role == "portal_editor" else world["users"][role]
    if (
        role == "portal_editor"
    ):  # may publish on its portal, is in the unit, but not on the other portal's index
        user.user_permissions.add(*world["users"]["member"].user_permissions.all())
        world["ict"].members.add(user)
    if user is not None:
        client.force_login(user)
    when = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        reverse("borderplan_calendar:schedule", args=[article_entry.pk]),
        {"go_live_at": when, "expire_at": ""},
    )
    assert (scheduled(article_entry) is not None) is allowed
    if allowed:
        assert response.status_code == 302
    else:
        assert response.status_code in (302, 400, 403)


def test_unschedule_is_wagtails_unschedule(client, world, article_entry):
    user = world["users"]["superuser"]
    ScheduleArticleAction(
        article_entry, user, go_live_at=timezone.now() + timedelta(days=2)
    ).execute()
    client.force_login(user)
    url = reverse("borderplan_calendar:unschedule", args=[article_entry.pk])
    assert client.get(url).status_code == 405
    client.post(url)
    assert scheduled(article_entry) is None
    assert PageLogEntry.objects.filter(
        page=article_entry.page, action="wagtail.schedule.cancel"
    ).exists()


def test_dragging_a_scheduled_entry_moves_the_schedule_after_confirmation(
    client, world, article_entry
):
    user = world["users"]["superuser"]
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    ScheduleArticleAction(article_entry, user, go_live_at=when).execute()
    client.force_login(user)
    url = reverse("borderplan_calendar:move", args=[article_entry.pk])
    new_day = (when + timedelta(days=3)).date()
    refused = client.post(url, {"date": new_day.isoformat()}, **JSON)
    assert refused.status_code == 409 and refused.json()["confirm"]
    assert scheduled(article_entry).approved_go_live_at == when
    moved = client.post(url, {"date": new_day.isoformat(), "reschedule": "on"}, **JSON)
    assert moved.status_code == 200, moved.content
    expected = when + timedelta(days=3)
    assert scheduled(article_entry).approved_go_live_at == expected
    article_entry.refresh_from_db()
    assert article_entry.planned_at == expected


def test_any_publish_marks_the_entry_and_unpublish_takes_it_back(world, article_entry):
    page = article_entry.page.specific
    page.save_revision().publish()  # an editor pressing Publish
    article_entry.refresh_from_db()
    page.refresh_from_db()
    went_live = page.last_published_at
    assert article_entry.published_at == went_live
    # A correction republishes the article: it still went live when it did.
    page.save_revision().publish()
    page.refresh_from_db()
    article_entry.refresh_from_db()
    assert page.last_published_at > went_live
    assert article_entry.published_at == went_live
    page.unpublish()
    article_entry.refresh_from_db()
    assert article_entry.published_at is None
    assert status_of(article_entry) != EntryStatus.PUBLISHED
    # Published again after being taken down: it went live again then.
    page.save_revision().publish()
    page.refresh_from_db()
    article_entry.refresh_from_db()
    assert article_entry.published_at == page.last_published_at


def test_editing_the_channels_updates_the_aliases(client, world, article_entry):
    user = world["users"]["superuser"]
    client.force_login(user)
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[article_entry.pk])
    data = {
        "plan": world["plan"].pk,
        "title": article_entry.title,
        "editorial_status": "drafting",
        **NO_EDITIONS,
        "page": article_entry.page_id,
        "unit": world["ict"].pk,
        "channels": [world["provincial"].pk, world["department"].pk],
    }
    assert client.post(url, data).status_code == 302
    assert Page.objects.filter(alias_of=article_entry.page).count() == 1
    data["channels"] = [world["provincial"].pk]
    assert client.post(url, data).status_code == 302
    assert not Page.objects.filter(alias_of=article_entry.page).exists()


def test_adding_a_portal_one_may_not_publish_to_is_refused(client, world, editors, article_entry):
    """A member of the unit who edits the provincial portal but not the department's."""
    editor = editors["provincial"]
    editor.user_permissions.add(*world["users"]["member"].user_permissions.all())
    world["ict"].members.add(editor)
    article_entry.channels.set([world["provincial"]])
    client.force_login(editor)
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[article_entry.pk])
    response = client.post(
        url,
        {
            "plan": world["plan"].pk,
            "title": "Đổi tên",
            "editorial_status": "drafting",
            **NO_EDITIONS,
            "page": article_entry.page_id,
            "unit": world["ict"].pk,
            "channels": [world["provincial"].pk, world["department"].pk],
        },
    )
    assert response.status_code == 200
    assert "channels" in response.context["form"].errors
    article_entry.refresh_from_db()
    assert article_entry.title == "Mục có bài"  # nothing half-written
    assert not Page.objects.filter(alias_of=article_entry.page).exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("admin_only", False),
        ("viewer", False),
        ("member", False),
        ("other_member", False),
        ("superuser", True),
        ("portal_editor", False),
    ],
)
def test_unschedule_view_permissions(client, world, editors, article_entry, role, allowed):
    ScheduleArticleAction(
        article_entry, world["users"]["superuser"], go_live_at=timezone.now() + timedelta(days=2)
    ).execute()
    login_role(client, world, editors, role)
    client.post(reverse("borderplan_calendar:unschedule", args=[article_entry.pk]))
    assert (scheduled(article_entry) is None) is allowed


def test_move_form_links_to_scheduling(client, world, article_entry):
    client.force_login(world["users"]["superuser"])
    html = client.get(reverse("borderplan_calendar:move", args=[article_entry.pk])).content.decode()
    assert reverse("borderplan_calendar:schedule", args=[article_entry.pk]) in html
