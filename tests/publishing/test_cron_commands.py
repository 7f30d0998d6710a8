"""What cron calls: ``borderplan_publish`` and ``publish_scheduled`` run as separate
processes in a fresh interpreter (their connection not yet open), publishing each due
page once, and the ``publish_scheduled`` Django resolves is ours."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import timezone
from wagtail.models import Revision

from tests.factories import make_article
from tests.processes import ROOT, database_for_processes, manage_process, shared_database
from tests.publishing.test_runner import make_due, scheduled_logs
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import BorderArticlePage, RunnerHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("command", ["borderplan_publish", "publish_scheduled"])
def test_command_publishes_in_a_fresh_process(index, tmp_path, command):
    pages = make_due(index, 3, "Cron")
    expiring = make_article(index, "Hết hạn")
    BorderArticlePage.objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    with database_for_processes(tmp_path) as database:
        process = manage_process(command, database=database)
        out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert out.strip().splitlines()[-1] == "published 3, expired 1, failed 0"
    assert Page.objects.filter(pk__in=[p.pk for p in pages], live=True).count() == 3
    assert scheduled_logs(pages).count() == 3
    assert not Page.objects.get(pk=expiring.pk).live
    assert RunnerHeartbeat.objects.get().published == 3


def test_publish_scheduled_dry_run_keeps_wagtails_spelling(index, tmp_path):
    pages = make_due(index, 2, "Cron")
    with database_for_processes(tmp_path) as database:
        process = manage_process("publish_scheduled", "--dryrun", database=database)
        out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "[dry run] would have published 2, expired 0, failed 0" in out
    assert not Page.objects.filter(pk__in=[p.pk for p in pages], live=True).exists()


@shared_database
def test_publish_scheduled_and_the_runner_racing_publish_each_page_once(index):
    pages = make_due(index, 120, "Song song")
    processes = [
        manage_process(command) for command in ("publish_scheduled", "borderplan_publish") * 3
    ]
    outputs = [process.communicate(timeout=600) for process in processes]
    assert [p.returncode for p in processes] == [0] * 6, outputs
    logs = scheduled_logs(pages)
    assert logs.count() == 120
    assert logs.values("page_id").distinct().count() == 120
    # One revision each: a page published twice would have had a second revision made
    # live, or a second live revision published over the first.
    assert Page.objects.filter(pk__in=[p.pk for p in pages], live=True).count() == 120
    assert not Revision.objects.exclude(approved_go_live_at=None).exists()


# --- Which publish_scheduled runs ----------------------------------------------------


def test_django_resolves_our_publish_scheduled():
    from wagtail_borderplan.management.commands import borderplan_publish

    assert get_commands()["publish_scheduled"] == "wagtail_borderplan"
    command = load_command_class(get_commands()["publish_scheduled"], "publish_scheduled")
    assert isinstance(command, borderplan_publish.Command)


def run_in(settings_module: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "example_site" / "manage.py"), *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_is_quiet_when_our_command_wins():
    result = run_in("tests.settings", "check")
    assert result.returncode == 0, result.stderr
    assert "wagtail_borderplan.W005" not in result.stdout + result.stderr


def test_check_warns_when_wagtails_command_would_run():
    resolves = (
        "import django; django.setup()\n"
        "from django.core.management import get_commands\n"
        "print(get_commands()['publish_scheduled'])\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_wagtail_first",
        "PYTHONPATH": str(ROOT),
    }
    owner = subprocess.run(
        [sys.executable, "-c", resolves], env=env, capture_output=True, text=True, timeout=120
    )
    assert owner.stdout.strip() == "wagtail", owner.stderr  # what the warning is about
    result = run_in("tests.settings_wagtail_first", "check")
    assert result.returncode == 0, result.stderr
    assert "wagtail_borderplan.W005" in result.stderr
    assert "Move 'wagtail_borderplan' above 'wagtail'" in result.stderr
