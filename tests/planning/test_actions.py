"""The actions layer: one permission check, one audit trail and one transaction per change,
whoever calls it (a view, a command, the collector)."""

import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from tests.factories import make_article, make_entry
from tests.processes import ROOT
from wagtail_borderplan.actions.articles import (
    CollectArticleAction,
    CreateEntryArticleAction,
    Draft,
)
from wagtail_borderplan.actions.base import (
    ActionInvalidError,
    ActionPermissionError,
    ActionStateError,
)
from wagtail_borderplan.actions.moves import MoveEntryAction
from wagtail_borderplan.actions.scheduling import ScheduleArticleAction
from wagtail_borderplan.actions.status import SetStatusAction
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import CalendarEntry, CollectedItem, EntryStatus
from wagtail_borderplan.permissions import (
    CalendarEntryPermissionPolicy,
    CollectedItemPermissionPolicy,
    policy_for,
)


def entry_log(entry) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(entry.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def page_log(page) -> list[str]:
    return list(
        PageLogEntry.objects.filter(page_id=page.pk).order_by("pk").values_list("action", flat=True)
    )


def with_status(entry) -> CalendarEntry:
    return CalendarEntry.objects.for_admin().get(pk=entry.pk)


# -- One path for a draft article: the same page trail from the calendar and the news.


def test_calendar_and_collected_articles_leave_the_same_page_trail(world, portals):
    user = world["users"]["superuser"]
    entry = make_entry(world["plan"], "Mốc 1116", content_line=world["china"])
    planned = CreateEntryArticleAction(entry, portals["provincial"], user).execute()
    collected, news_entry = CollectArticleAction(
        Draft(title="Tin thu thập", body="<p>Nội dung</p>", source_name="Báo Biên phòng"),
        portals["provincial"],
        user,
        plan=world["plan"],
        unit=world["ict"],
        channels=[world["provincial"]],
    ).execute()

    assert page_log(planned) == page_log(collected) == ["wagtail.create"]
    assert planned.revisions.count() == 1
    assert collected.revisions.count() == 1
    assert entry_log(entry) == ["wagtail_borderplan.article"]
    assert entry_log(news_entry) == ["wagtail_borderplan.collect"]
    entry.refresh_from_db()
    assert entry.page_id == planned.pk and entry.editorial_status == EntryStatus.DRAFTING
    # The content line's tags go onto the planned article.
    assert list(planned.sections.all()) == [world["china"].section]
    assert news_entry.editorial_status == EntryStatus.COLLECTED
    assert list(news_entry.channels.all()) == [world["provincial"]]


def test_an_entry_gets_one_article_only(world, portals):
    user = world["users"]["superuser"]
    entry = make_entry(world["plan"], "Một bài")
    CreateEntryArticleAction(entry, portals["provincial"], user).execute()
    with pytest.raises(ActionStateError):
        CreateEntryArticleAction(entry, portals["department"], user).execute()
    assert Page.objects.filter(title="Một bài").count() == 1


def test_article_under_an_index_the_user_may_not_add_to_is_refused(world, portals, editors):
    member = world["users"]["member"]
    entry = make_entry(world["plan"], "Bài của đơn vị", unit=world["ict"])
    with pytest.raises(ActionPermissionError):
        CreateEntryArticleAction(entry, portals["provincial"], member).execute()
    assert not Page.objects.filter(title="Bài của đơn vị").exists()


def test_the_collector_acts_as_the_system(world, portals):
    """No user (cron): no permission to check, the same trail."""
    page, entry = CollectArticleAction(
        Draft(title="Tin từ nguồn"), portals["department"], plan=world["plan"]
    ).execute()
    assert page.owner is None and entry.created_by is None
    assert page_log(page) == ["wagtail.create"]


# -- Moves: the state decides, the policy decides, nothing half-written.


def test_member_of_another_unit_may_not_move_the_entry(world):
    entry = make_entry(world["plan"], "Của CNTT", unit=world["ict"])
    action = MoveEntryAction(
        with_status(entry), world["users"]["other_member"], day=date(2026, 5, 4)
    )
    with pytest.raises(ActionPermissionError):
        action.execute()
    entry.refresh_from_db()
    assert entry.planned_at is None and entry_log(entry) == []


def test_a_move_is_logged_once_and_keeps_the_time(world):
    member = world["users"]["member"]
    entry = make_entry(world["plan"], "Dời", unit=world["ict"])
    assert MoveEntryAction(with_status(entry), member, day=date(2026, 5, 4)).execute()
    assert MoveEntryAction(with_status(entry), member, day=date(2026, 5, 6)).execute()
    # The same day again changes nothing and logs nothing.
    assert not MoveEntryAction(with_status(entry), member, day=date(2026, 5, 6)).execute()
    assert MoveEntryAction(with_status(entry), member, day=None).execute()
    assert entry_log(entry) == [
        "wagtail_borderplan.plan",
        "wagtail_borderplan.move",
        "wagtail_borderplan.unplan",
    ]


def test_a_published_entry_does_not_move(world, portals):
    page = make_article(portals["provincial"], "Đã đăng", live=True)
    entry = make_entry(world["plan"], "Đã đăng", page=page)
    with pytest.raises(ActionStateError):
        MoveEntryAction(with_status(entry), None, day=date(2026, 5, 4)).execute()


def test_a_scheduled_entry_asks_before_moving_its_schedule(world, portals):
    user = world["users"]["superuser"]
    page = make_article(portals["provincial"], "Lên lịch", live=False)
    entry = make_entry(world["plan"], "Lên lịch", page=page, channels=[world["provincial"]])
    go_live = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    ScheduleArticleAction(entry, user, go_live_at=go_live).execute()
    day = (timezone.localtime(go_live) + timedelta(days=2)).date()

    with pytest.raises(ActionStateError) as asked:
        MoveEntryAction(with_status(entry), user, day=day).execute()
    assert asked.value.confirm and asked.value.link.endswith(f"/pages/{page.pk}/edit/")
    with pytest.raises(ActionStateError) as off:
        MoveEntryAction(with_status(entry), user, day=None).execute()
    assert not off.value.confirm and off.value.link

    assert MoveEntryAction(with_status(entry), user, day=day, reschedule=True).execute()
    revision = Page.objects.get(pk=page.pk).specific.scheduled_revision
    assert timezone.localtime(revision.approved_go_live_at).date() == day
    assert (
        timezone.localtime(revision.approved_go_live_at).time()
        == timezone.localtime(go_live).time()
    )
    assert with_status(entry).planned_at == revision.approved_go_live_at


def test_a_refused_schedule_writes_nothing(world, portals, editors):
    """The provincial editor may publish the article but not add it to the department's
    portal: the revision, the alias and the entry's logs are all rolled back."""
    editor = editors["provincial"]
    page = make_article(portals["provincial"], "Hai cổng", live=False)
    entry = make_entry(
        world["plan"],
        "Hai cổng",
        page=page,
        channels=[world["provincial"], world["department"]],
    )
    revisions = page.revisions.count()
    with pytest.raises(ActionPermissionError):
        ScheduleArticleAction(
            entry, editor, go_live_at=timezone.now() + timedelta(days=1)
        ).execute()
    assert page.revisions.count() == revisions
    assert not Page.objects.filter(alias_of=page).exists()
    assert entry_log(entry) == []


def test_schedule_times_are_checked_before_anything_is_written(world, portals):
    user = world["users"]["superuser"]
    page = make_article(portals["provincial"], "Quá khứ", live=False)
    entry = make_entry(world["plan"], "Quá khứ", page=page)
    with pytest.raises(ActionInvalidError):
        ScheduleArticleAction(entry, user, go_live_at=timezone.now() - timedelta(hours=1)).check()
    with pytest.raises(ActionStateError):
        ScheduleArticleAction(
            make_entry(world["plan"], "Chưa có bài"),
            user,
            go_live_at=timezone.now() + timedelta(days=1),
        ).execute()


# -- Status.


def test_status_is_set_and_logged_once(world):
    member = world["users"]["member"]
    entry = make_entry(world["plan"], "Trạng thái", unit=world["ict"])
    assert SetStatusAction(entry, member, status=EntryStatus.ASSIGNED).execute()
    assert not SetStatusAction(entry, member, status=EntryStatus.ASSIGNED).execute()
    with pytest.raises(ActionInvalidError):
        SetStatusAction(entry, member, status=EntryStatus.PUBLISHED).execute()
    with pytest.raises(ActionPermissionError):
        SetStatusAction(entry, world["users"]["other_member"], status=EntryStatus.READY).execute()
    entry.refresh_from_db()
    assert entry.editorial_status == EntryStatus.ASSIGNED
    assert entry_log(entry) == ["wagtail_borderplan.status"]


# -- One policy instance per model, registered when the app is ready.


def test_one_policy_instance_per_model():
    entry_policy = policy_for(CalendarEntry)
    assert isinstance(entry_policy, CalendarEntryPermissionPolicy)
    assert isinstance(policy_for(CollectedItem), CollectedItemPermissionPolicy)
    assert policy_for(CalendarEntry) is entry_policy
    assert CalendarEntry.snippet_viewset.permission_policy is entry_policy


@pytest.mark.parametrize("settings_module", ["tests.settings", "tests.settings_wagtail_first"])
def test_policies_are_registered_in_a_fresh_process(settings_module):
    """A command or a task worker has the policies, whichever order INSTALLED_APPS lists
    Wagtail's apps and ours in (Wagtail's snippets app reads the hooks in its ready())."""
    code = (
        "import django; django.setup()\n"
        "from wagtail_borderplan.models import CalendarEntry\n"
        "from wagtail_borderplan.permissions import policy_for\n"
        "policy = policy_for(CalendarEntry)\n"
        # Wagtail 7.4 loads the hooks (and registers the snippets) on first use only.
        "from wagtail.snippets.models import get_snippet_models\n"
        "get_snippet_models()\n"
        "assert CalendarEntry.snippet_viewset.permission_policy is policy\n"
        "print(type(policy).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": settings_module, "PYTHONPATH": str(ROOT), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "CalendarEntryPermissionPolicy"
