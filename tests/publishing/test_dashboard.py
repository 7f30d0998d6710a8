"""The dashboard panel and missed schedules."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Revision

from tests.factories import at, make_article, make_entry
from wagtail_borderplan.conf import get_setting
from wagtail_borderplan.models import CalendarEntry, EntryStatus, RunnerHeartbeat
from wagtail_borderplan.publishing.runner import run

HOME = reverse("wagtailadmin_home")


def never_ran() -> str:
    return _("The publishing runner has never run: scheduled articles are not being published.")


def scheduled_entry(world, index, minutes_ago, title="Lỡ lịch"):
    """An entry whose article was scheduled ``minutes_ago`` and is still not live."""
    page = make_article(index, title, live=False)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()
    when = timezone.now() - timedelta(minutes=minutes_ago)
    revision = Revision.objects.exclude(approved_go_live_at=None).get(object_id=str(page.pk))
    revision.content = {**revision.content, "go_live_at": when.isoformat(), "title": ""}
    revision.approved_go_live_at = when
    revision.save(update_fields=["content", "approved_go_live_at"])
    return make_entry(world["plan"], title, page=page, planned_at=when, unit=world["ict"])


def test_missed_after_the_threshold(world, index, settings):
    settings.WAGTAIL_BORDERPLAN = {"MISSED_THRESHOLD_MINUTES": 15}
    late = scheduled_entry(world, index, 30, "Trễ 30 phút")
    recent = scheduled_entry(world, index, 5, "Trễ 5 phút")
    rows = {e.pk: e for e in CalendarEntry.objects.with_status()}
    assert rows[late.pk].is_missed() and rows[late.pk].status == EntryStatus.SCHEDULED
    assert not rows[recent.pk].is_missed()


def test_a_failed_publish_is_reported_then_missed(world, index, settings):
    """The article whose publish raises keeps its schedule and, once the threshold has
    passed, shows as missed in the calendar and on the dashboard."""
    settings.WAGTAIL_BORDERPLAN = {"MISSED_THRESHOLD_MINUTES": 15}
    entry = scheduled_entry(world, index, 20)  # its revision has no title: publish fails
    result = run()
    assert [f.label for f in result.failures] == ["Lỡ lịch"]
    assert CalendarEntry.objects.with_status().get(pk=entry.pk).is_missed()


def test_calendar_marks_missed_entries(client, world, index):
    entry = scheduled_entry(world, index, 60)
    client.force_login(world["users"]["viewer"])
    day = timezone.localtime(entry.planned_at).date()
    html = client.get(
        reverse("borderplan_calendar:index"), {"date": day.isoformat()}
    ).content.decode()
    assert "bp-entry--missed" in html and _("Missed") in html


@pytest.mark.parametrize("role", ["admin_only", "viewer", "superuser"])
def test_dashboard_panel(client, world, index, role):
    scheduled_entry(world, index, 60, "Bài lỡ lịch")
    make_entry(
        world["plan"],
        "Bản thảo trễ",
        due_date=timezone.localdate() - timedelta(days=2),
        editorial_status=EntryStatus.DRAFTING,
    )
    make_entry(world["plan"], "Hạn tuần này", due_date=timezone.localdate() + timedelta(days=2))
    client.force_login(world["users"][role])
    html = client.get(HOME).content.decode()
    if role == "admin_only":
        assert "borderplan-planning" not in html
        return
    assert "borderplan-planning" in html
    for text in ("Bài lỡ lịch", "Bản thảo trễ", "Hạn tuần này"):
        assert text in html
    # No heartbeat yet: a warning.
    assert "help-warning" in html
    assert never_ran() in html


def test_dashboard_shows_the_heartbeat(client, world):
    RunnerHeartbeat.objects.create(
        started_at=timezone.now(), finished_at=timezone.now(), published=3
    )
    client.force_login(world["users"]["viewer"])
    heartbeat = RunnerHeartbeat.objects.get()
    html = client.get(HOME).content.decode()
    assert "help-warning" not in html and never_ran() not in html
    last_run = _(
        "Publishing runner: last run at %(time)s (%(published)s published, %(failed)s failed)."
    )
    time = f"{timezone.localtime(heartbeat.finished_at):%d/%m/%Y %H:%M}"
    assert last_run % {"time": time, "published": 3, "failed": 0} in html
    RunnerHeartbeat.objects.update(finished_at=timezone.now() - timedelta(hours=1))
    heartbeat.refresh_from_db()
    html = client.get(HOME).content.decode()
    assert "help-warning" in html
    stale = _(
        "The publishing runner last ran at %(time)s, more than %(minutes)s minutes "
        "ago: scheduled articles are not being published."
    )
    time = f"{timezone.localtime(heartbeat.finished_at):%d/%m/%Y %H:%M}"
    minutes = get_setting("RUNNER_STALE_MINUTES")
    assert stale % {"time": time, "minutes": minutes} in html


def test_dashboard_queries_do_not_grow(client, world, index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["users"]["viewer"])

    def count():
        client.get(HOME)
        with CaptureQueriesContext(connection) as q:
            client.get(HOME)
        return len(q)

    make_entry(world["plan"], "A", due_date=timezone.localdate())
    small = count()
    for n in range(30):
        make_entry(
            world["plan"],
            f"B{n}",
            due_date=timezone.localdate() + timedelta(days=n % 5),
            planned_at=at(2026, 5, 1),
        )
    assert count() == small
