"""Audit-log actions of the calendar, shown in an entry's history with what changed."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from .models import EntryStatus
from .times import format_with_zone


def _when(value: str | None) -> str:
    """The logged time in the reader's zone, with the zone named."""
    if not value:
        return str(_("unplanned"))
    try:
        return format_with_zone(datetime.fromisoformat(value))
    except (ValueError, OverflowError):  # a malformed or out-of-range stored value
        return value


class DateChangeFormatter(LogFormatter):
    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("%(label)s: %(old)s → %(new)s") % {
            "label": self.label,
            "old": _when(data.get("old")),
            "new": _when(data.get("new")),
        }


class MoveFormatter(DateChangeFormatter):
    label = _("Moved in the calendar")


class PlanFormatter(DateChangeFormatter):
    label = _("Planned on the calendar")


class UnplanFormatter(DateChangeFormatter):
    label = _("Taken off the calendar")


class StatusFormatter(LogFormatter):
    label = _("Change status")

    def format_message(self, log_entry):
        data = log_entry.data or {}

        def name(value):
            try:
                return EntryStatus(value).label
            except ValueError:
                return value or "–"

        return _("Status changed: %(old)s → %(new)s") % {
            "old": name(data.get("old")),
            "new": name(data.get("new")),
        }


class ArticleFormatter(LogFormatter):
    label = _("Create the draft article")

    def format_message(self, log_entry):
        return _("Draft article created: “%(title)s”") % {
            "title": (log_entry.data or {}).get("title", "")
        }


class ScheduleFormatter(LogFormatter):
    label = _("Schedule the article")

    def format_message(self, log_entry):
        return _("Article scheduled to go live on %(time)s") % {
            "time": _when((log_entry.data or {}).get("go_live_at"))
        }


class CollectFormatter(LogFormatter):
    label = _("Collect news")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("pasted"):
            return _("Imported from pasted HTML as a draft article")
        return _("Collected from %(source)s as a draft article") % {
            "source": data.get("source") or "–"
        }


class DeliveryFormatter(LogFormatter):
    label = _("Confirm a delivery")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        via = data.get("link")
        message = _("%(unit)s confirmed it on %(channel)s, delivered %(time)s") % {
            "unit": data.get("unit") or "–",
            "channel": data.get("channel") or "–",
            "time": _when(data.get("delivered_at")),
        }
        return message + (_(" (through the link “%(link)s”)") % {"link": via} if via else "")


class DeliveryCancelFormatter(LogFormatter):
    label = _("Cancel a delivery")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("%(unit)s will not carry it on %(channel)s") % {
            "unit": data.get("unit") or "–",
            "channel": data.get("channel") or "–",
        }


class DeliveryProposeFormatter(LogFormatter):
    label = _("Propose a delivery")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("The collector saw it carried on %(channel)s: %(link)s") % {
            "channel": data.get("channel") or "–",
            "link": data.get("link") or "–",
        }


class DeliveryRejectFormatter(LogFormatter):
    label = _("Reject a proposed delivery")


class LinkCreateFormatter(LogFormatter):
    label = _("Make a confirmation link")


class LinkRevokeFormatter(LogFormatter):
    label = _("Revoke a confirmation link")


class BulletinPublishFormatter(LogFormatter):
    label = _("Publish a bulletin issue")


class PublishWithOriginalFormatter(LogFormatter):
    label = _("Publish with the original")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _("Published with its original, “%(title)s”") % {"title": data.get("title") or "–"}


def register_log_actions(actions) -> None:
    for action, formatter in (
        ("wagtail_borderplan.move", MoveFormatter),
        ("wagtail_borderplan.plan", PlanFormatter),
        ("wagtail_borderplan.unplan", UnplanFormatter),
        ("wagtail_borderplan.status", StatusFormatter),
        ("wagtail_borderplan.article", ArticleFormatter),
        ("wagtail_borderplan.schedule", ScheduleFormatter),
        ("wagtail_borderplan.collect", CollectFormatter),
        ("wagtail_borderplan.delivery.confirm", DeliveryFormatter),
        ("wagtail_borderplan.delivery.cancel", DeliveryCancelFormatter),
        ("wagtail_borderplan.delivery.propose", DeliveryProposeFormatter),
        ("wagtail_borderplan.delivery.reject", DeliveryRejectFormatter),
        ("wagtail_borderplan.link.create", LinkCreateFormatter),
        ("wagtail_borderplan.link.revoke", LinkRevokeFormatter),
        ("wagtail_borderplan.bulletin.publish", BulletinPublishFormatter),
        ("wagtail_borderplan.publish_with_original", PublishWithOriginalFormatter),
    ):
        actions.register_action(action)(formatter)
