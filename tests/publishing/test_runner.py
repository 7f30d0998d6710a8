"""The scheduled-publishing runner: what it publishes and expires, isolation of a
failing item, dry runs, the heartbeat, and several runners on one database."""

import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from tests.factories import make_article
from tests.processes import command_process, shared_database
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import BorderArticlePage, RunnerHeartbeat
from wagtail_borderplan.publishing.runner import run

ROOT = Path(__file__).resolve().parents[2]


def schedule(index, count, title="Lên lịch", when=None):
    """Articles put on Wagtail's schedule exactly as its editor does."""
    pages = []
    for number in range(count):
        page = make_article(index, f"{title} {number}", live=False)
        page.go_live_at = when or timezone.now() + timedelta(hours=1)
        page.save_revision().publish()
        pages.append(page)
    return pages


def make_due(index, count, title="Lên lịch"):
    """Scheduled articles whose time has come (their schedule moved into the past)."""
    pages = schedule(index, count, title)
    past = timezone.now() - timedelta(seconds=1)
    for revision in Revision.objects.exclude(approved_go_live_at=None):
        revision.content = {**revision.content, "go_live_at": past.isoformat()}
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])
    return pages


def scheduled_logs(pages):
    return PageLogEntry.objects.filter(
        page__in=[p.pk for p in pages], action="wagtail.publish.scheduled"
    )


def test_publishes_what_is_due_and_expires(index):
    due = make_due(index, 3)
    not_yet = schedule(index, 1, "Chưa đến", when=timezone.now() + timedelta(days=10))
    expiring = make_article(index, "Hết hạn")
    BorderArticlePage.objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    result = run()
    assert sorted(result.published) == ["Lên lịch 0", "Lên lịch 1", "Lên lịch 2"]
    assert result.expired == ["Hết hạn"]
    assert result.failures == []
    assert all(Page.objects.get(pk=p.pk).live for p in due)
    assert not Page.objects.get(pk=not_yet[0].pk).live
    expiring.refresh_from_db()
    assert not expiring.live and expiring.expired
    assert scheduled_logs(due).count() == 3
    assert not Revision.objects.filter(approved_go_live_at__lte=timezone.now()).exists()
    beat = RunnerHeartbeat.objects.get()
    assert (beat.published, beat.expired, beat.failed) == (3, 1, 0)


def test_dry_run_changes_nothing(index):
    pages = make_due(index, 2)
    result = run(dry_run=True)
    assert len(result.published) == 2
    assert not any(Page.objects.get(pk=p.pk).live for p in pages)
    assert Revision.objects.filter(approved_go_live_at__isnull=False).count() == 2
    assert not RunnerHeartbeat.objects.exists()


def break_revision(page):
    """Make the page's scheduled revision invalid (no title): publishing it raises a
    ValidationError, as an article that fails validation would."""
    revision = Revision.objects.exclude(approved_go_live_at=None).get(object_id=str(page.pk))
    revision.content = {**revision.content, "title": ""}
    revision.save(update_fields=["content"])
    return revision


def test_one_failing_article_does_not_stop_the_batch(index):
    pages = make_due(index, 50)
    broken = pages[17]
    revision = break_revision(broken)
    result = run()
    assert len(result.published) == 49
    assert [f.label for f in result.failures] == [broken.title]
    assert "ValidationError" in result.failures[0].reason
    assert not Page.objects.get(pk=broken.pk).live
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is not None  # kept
    assert scheduled_logs(pages).count() == 49
    beat = RunnerHeartbeat.objects.get()
    assert beat.failed == 1 and beat.failures[0]["label"] == broken.title
    # The next run tries it again (and fails again, reporting it again).
    assert [f.label for f in run().failures] == [broken.title]


def test_command_reports_and_fails_on_failures(index, capsys):
    pages = make_due(index, 2)
    call_command("borderplan_publish", "--dry-run")
    out = capsys.readouterr().out
    assert "[dry run] would have published: Lên lịch 0" in out
    assert "[dry run] would have published 2, expired 0, failed 0" in out
    call_command("borderplan_publish")
    assert "published 2, expired 0, failed 0" in capsys.readouterr().out
    assert all(Page.objects.get(pk=p.pk).live for p in pages)
    broken = make_due(index, 1, "Hỏng")[0]
    break_revision(broken)
    with pytest.raises(CommandError):
        call_command("borderplan_publish")
    assert "failed to publish Hỏng 0" in capsys.readouterr().err


# --- Several runners on one database ------------------------------------------------


@shared_database
@pytest.mark.django_db(transaction=True)
def test_four_runners_publish_each_article_exactly_once(index, portals):
    from wagtail_borderplan.models import BorderIndexPage

    # Two target portals: each article has an alias under two other index pages.
    other_home = portals["department"].get_parent()
    targets = [
        portals["department"],
        other_home.add_child(instance=BorderIndexPage(title="Chuyên mục khác", slug="khac")),
    ]
    pages = make_due(index, 120, "Song song")
    for page in pages:
        for target in targets:
            page.create_alias(parent=target, update_slug=page.slug)
    processes = [command_process("borderplan_publish") for _ in range(4)]
    outputs = [process.communicate(timeout=600) for process in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], outputs
    published = [
        int(out.strip().splitlines()[-1].split("published ")[1].split(",")[0])
        for out, _err in outputs
    ]
    assert sum(published) == 120
    assert sum(1 for count in published if count) >= 2  # they really shared the work
    logs = scheduled_logs(pages)
    assert logs.count() == 120
    assert logs.values("page_id").distinct().count() == 120
    assert Page.objects.filter(pk__in=[p.pk for p in pages], live=True).count() == 120
    assert not Revision.objects.exclude(approved_go_live_at=None).exists()
    # Wagtail published every alias with its original.
    aliases = Page.objects.filter(alias_of__in=[p.pk for p in pages])
    assert aliases.count() == 240 and not aliases.filter(live=False).exists()


@shared_database
@pytest.mark.django_db(transaction=True)
def test_a_runner_killed_mid_batch_loses_nothing(index):
    pages = make_due(index, 40, "Song song")
    slow = (
        "import time\n"
        "from wagtail.signals import page_published\n"
        "page_published.connect(lambda **kwargs: time.sleep(0.1), weak=False)"
    )
    process = command_process("borderplan_publish", slow)
    deadline = time.monotonic() + 120
    while scheduled_logs(pages).count() < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    done_before = scheduled_logs(pages).count()
    assert 5 <= done_before < 40
    again = command_process("borderplan_publish")
    _out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    logs = scheduled_logs(pages)
    assert logs.count() == 40
    assert logs.values("page_id").distinct().count() == 40
    assert Page.objects.filter(pk__in=[p.pk for p in pages], live=True).count() == 40


def test_queries_per_article_match_wagtails_publish_scheduled(index):
    """Each published article costs at most 3 queries more than with Wagtail's own
    command: the claim under a row lock and the savepoint around its publish. Measured
    as the marginal cost between 5 and 15 articles, so that per-run work (heartbeat,
    expiry check) is not spread over the articles."""
    from django.test.utils import CaptureQueriesContext

    def queries(publish, count, title):
        make_due(index, count, title)
        with CaptureQueriesContext(connection) as captured:
            publish()
        assert Page.objects.filter(title__startswith=title, live=True).count() == count
        return len(captured)

    def marginal(publish, name):
        few = queries(publish, 5, f"{name} ít")
        many = queries(publish, 15, f"{name} nhiều")
        return (many - few) / 10

    wagtail = marginal(lambda: call_command("publish_scheduled"), "Wagtail")
    ours = marginal(run, "Runner")
    assert ours <= wagtail + 3, (ours, wagtail)
