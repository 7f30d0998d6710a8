"""Emails about the plan: missed schedules (once per missed time), draft reminders
(once per due date) and, the day before, what each carrying unit is to carry (once per
entry and unit). Each email is claimed in the database before it is sent, so two
notifiers running at once never send it twice."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from ..models import (
    DONE_STATUSES,
    CalendarEntry,
    Channel,
    DeliveryReminder,
    Unit,
)
from ..models.deliveries import pending_deliveries


@dataclass
class NotifyResult:
    missed: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)
    carriers: list[str] = field(default_factory=list)  # "unit: n items"
    errors: list[str] = field(default_factory=list)  # "unit: why", retried next run


def _entry_url(entry: CalendarEntry) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])


def _unit_members(entry: CalendarEntry) -> set[str]:
    return _member_emails(entry.unit_id)


def _member_emails(unit_id: int | None) -> set[str]:
    """The addresses of the unit's active members, direct or through a group."""
    if unit_id is None:
        return set()
    users = get_user_model().objects.filter(
        Q(borderplan_units=unit_id) | Q(groups__borderplan_units=unit_id), is_active=True
    )
    return {user.email for user in users if user.email}


def _carrier_emails(unit: Unit) -> set[str]:
    """A carrying unit's members and its own address: a commune station often has no
    admin account, only a mailbox."""
    own = {unit.email} if unit.email else set()
    return _member_emails(unit.pk) | own


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


def _carried_tomorrow(tomorrow: date) -> dict[int, list[tuple[CalendarEntry, Channel]]]:
    """What each carrying unit has still to confirm of tomorrow's entries."""
    start = datetime.combine(tomorrow, time.min, tzinfo=timezone.get_current_timezone())
    # An entry's day is its planned day, else its due date (``entry_day``).
    entries = CalendarEntry.objects.filter(
        Q(planned_at__gte=start, planned_at__lt=start + timedelta(days=1))
        | Q(planned_at__isnull=True, due_date=tomorrow)
    )
    todo: dict[int, list[tuple[CalendarEntry, Channel]]] = defaultdict(list)
    for entry, channel, unit_id in pending_deliveries(entries):
        todo[unit_id].append((entry, channel))
    return todo


def notify_carriers(result: NotifyResult, today: date) -> None:
    """Remind each carrying unit the day before, once, of what it is to carry: its
    members and its own address (``Unit.email``). A unit whose email fails is retried
    by the next run; the other units still get theirs."""
    tomorrow = today + timedelta(days=1)
    todo = _carried_tomorrow(tomorrow)
    units = Unit.objects.in_bulk(list(todo))
    for unit_id, items in todo.items():
        recipients = _carrier_emails(units[unit_id])
        if not recipients:
            continue
        claimed = _claim(unit_id, tomorrow, {entry for entry, _channel in items})
        if not claimed:  # sent before, or by another notifier
            continue
        carried = [(entry, channel) for entry, channel in items if entry.pk in claimed]
        try:
            _send(
                _("To carry tomorrow: %(count)s items") % {"count": len(carried)},
                _carrier_lines(units[unit_id], tomorrow, carried),
                recipients,
            )
        except Exception as error:  # the mail server refused: release the claim
            DeliveryReminder.objects.filter(
                entry_id__in=claimed, unit_id=unit_id, day=tomorrow
            ).delete()
            result.errors.append(f"{units[unit_id].name}: {error}")
            continue
        result.carriers.append(f"{units[unit_id].name}: {len(carried)}")


def _time_of(entry: CalendarEntry) -> str:
    return f"{timezone.localtime(entry.planned_at):%H:%M} · " if entry.planned_at else ""


def _claim(unit_id: int, day: date, entries: set[CalendarEntry]) -> set[int]:
    """The entries whose reminder this run claims (one row per entry, unit and day)."""
    return {
        entry.pk
        for entry in entries
        if DeliveryReminder.objects.get_or_create(entry=entry, unit_id=unit_id, day=day)[1]
    }


def _carrier_lines(
    unit: Unit, day: date, carried: list[tuple[CalendarEntry, Channel]]
) -> list[str]:
    return [
        _("Tomorrow, %(day)s, %(unit)s is to carry:")
        % {"day": f"{day:%d/%m/%Y}", "unit": unit.name},
        "",
        *(f"- {_time_of(entry)}{channel.label} · {entry.title}" for entry, channel in carried),
        "",
        _("Confirm each one once it has gone out, through your unit's link or in the admin."),
    ]


def notify(now=None) -> NotifyResult:
    """Send what is due, in the site's language (Vietnamese in the example)."""
    now = now or timezone.now()
    result = NotifyResult()
    with translation.override(settings.LANGUAGE_CODE):
        notify_missed(result, now)
        notify_due(result, timezone.localdate(now))
        notify_carriers(result, timezone.localdate(now))
    return result
