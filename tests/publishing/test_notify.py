"""Missed-schedule emails and draft reminders: once each, to the right people."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.factories import make_entry, make_user
from tests.publishing.test_dashboard import scheduled_entry
from wagtail_borderplan.models import EntryStatus
from wagtail_borderplan.publishing.notify import notify


@pytest.fixture(autouse=True)
def emails(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_missed_schedule_is_emailed_once_to_the_unit_and_the_scheduler(world, index):
    member = world["users"]["member"]
    member.email = "member@example.com"
    member.save()
    group_member = world["users"]["group_member"]  # member of the unit through a group
    entry = scheduled_entry(world, index, 30, "Bài lỡ lịch")
    result = notify()
    assert result.missed == ["Bài lỡ lịch"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == _("Missed schedule: %(title)s") % {"title": "Bài lỡ lịch"}
    assert set(message.to) == {"member@example.com", group_member.email}
    when = timezone.localtime(entry.planned_at)
    assert (
        _(
            "The article of “%(title)s” was scheduled to go live on %(time)s and is "
            "still not published."
        )
        % {"title": "Bài lỡ lịch", "time": f"{when:%d/%m/%Y %H:%M}"}
        in message.body
    )
    assert f"/admin/snippets/wagtail_borderplan/calendarentry/edit/{entry.pk}/" in message.body
    # Not once per run.
    assert notify().missed == []
    assert len(mail.outbox) == 1


def test_recent_schedules_are_not_missed_yet(world, index):
    scheduled_entry(world, index, 5)
    assert notify().missed == []
    assert mail.outbox == []


def test_draft_due_tomorrow_reminds_the_assignee_once(world):
    assignee = make_user("writer", "access_admin")
    assignee.email = "writer@example.com"
    assignee.save()
    tomorrow = timezone.localdate() + timedelta(days=1)
    make_entry(
        world["plan"],
        "Viết bài",
        assignee=assignee,
        due_date=tomorrow,
        editorial_status=EntryStatus.DRAFTING,
    )
    make_entry(
        world["plan"],
        "Đã xong",
        assignee=assignee,
        due_date=tomorrow,
        editorial_status=EntryStatus.READY,
    )
    make_entry(world["plan"], "Còn lâu", assignee=assignee, due_date=tomorrow + timedelta(days=3))
    call_command("borderplan_notify")
    assert [m.subject for m in mail.outbox] == [
        _("Draft due tomorrow: %(title)s") % {"title": "Viết bài"}
    ]
    assert mail.outbox[0].to == ["writer@example.com"]
    call_command("borderplan_notify")
    assert len(mail.outbox) == 1
