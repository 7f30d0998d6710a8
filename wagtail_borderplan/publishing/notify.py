"""Emails about the plan: missed schedules (once per missed time) and draft reminders
(once per due date). Each email is claimed in the database before it is sent, so two
notifiers running at once never send it twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from ..models import DONE_STATUSES, CalendarEntry


@dataclass
class NotifyResult:
    missed: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)


def _entry_url(entry: CalendarEntry) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])


def _unit_members(entry: CalendarEntry) -> set[str]:
    if entry.unit_id is None:
        return set()
    users = get_user_model().objects.filter(
        Q(borderplan_units=entry.unit_id) | Q(groups__borderplan_units=entry.unit_id),
        is_active=True,
    )
    return {user.email for user in users if user.email}


def _scheduler(entry: CalendarEntry) -> set[str]:
    """Whoever last scheduled the article (Wagtail's own log of the schedule)."""
    log = (
        PageLogEntry.objects.filter(page_id=entry.page_id, action="wagtail.publish.schedule")
        .select_related("user")
        .order_by("-timestamp")
        .first()
    )
    return {log.user.email} if log and log.user and log.user.email else set()


def _send(subject: str, lines: list[str], recipients: set[str]) -> None:
    if recipients:
        send_mail(subject, "\n".join(lines), None, sorted(recipients))


def notify_missed(result: NotifyResult, now) -> None:
    candidates = CalendarEntry.objects.with_status().missed(now)
    for entry in candidates.select_related("unit"):
        if entry.missed_notified_for == entry.scheduled_for:
            continue
        claimed = (
            CalendarEntry.objects.filter(pk=entry.pk)
            .exclude(missed_notified_for=entry.scheduled_for)
            .update(missed_notified_for=entry.scheduled_for)
        )
        if not claimed:  # another notifier took it
            continue
        when = timezone.localtime(entry.scheduled_for)
        _send(
            _("Missed schedule: %(title)s") % {"title": entry.title},
            [
                _(
                    "The article of “%(title)s” was scheduled to go live on %(time)s and is "
                    "still not published."
                )
                % {"title": entry.title, "time": f"{when:%d/%m/%Y %H:%M}"},
                _("Check the publishing runner and the article, then schedule it again."),
                "",
                _entry_url(entry),
            ],
            _unit_members(entry) | _scheduler(entry),
        )
        result.missed.append(entry.title)


def notify_due(result: NotifyResult, today) -> None:
    tomorrow = today + timedelta(days=1)
    candidates = (
        CalendarEntry.objects.with_status()
        .filter(due_date=tomorrow, assignee__isnull=False, assignee__is_active=True)
        .exclude(current_status__in=DONE_STATUSES)
        .exclude(reminder_sent_for=tomorrow)
        .select_related("assignee")
    )
    for entry in candidates:
        if not entry.assignee.email:
            continue
        if (
            not CalendarEntry.objects.filter(pk=entry.pk)
            .exclude(reminder_sent_for=tomorrow)
            .update(reminder_sent_for=tomorrow)
        ):
            continue
        _send(
            _("Draft due tomorrow: %(title)s") % {"title": entry.title},
            [
                _("The draft of “%(title)s” is due tomorrow, %(day)s.")
                % {"title": entry.title, "day": f"{tomorrow:%d/%m/%Y}"},
                "",
                _entry_url(entry),
            ],
            {entry.assignee.email},
        )
        result.reminders.append(entry.title)


def notify(now=None) -> NotifyResult:
    """Send what is due, in the site's language (Vietnamese in the example)."""
    now = now or timezone.now()
    result = NotifyResult()
    with translation.override(settings.LANGUAGE_CODE):
        notify_missed(result, now)
        notify_due(result, timezone.localdate(now))
    return result
