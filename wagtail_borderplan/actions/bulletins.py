"""Publishing a bulletin issue: each entry it carries is delivered on the bulletin."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import BulletinIssue, ChannelKind, Delivery, EntryStatus, Unit
from ..models.deliveries import expected_unit_ids, expected_units
from ..permissions import delivery_policy, unit_ids_for
from .base import Action, ActionPermissionError, ActionStateError
from .deliveries import ConfirmDeliveryAction


class PublishBulletinAction(Action):
    """Mark the issue published and record, for each of its entries, a delivery on the
    bulletin's channel by each unit that carries it, dated the issue's day with its
    number as evidence. Returns the deliveries."""

    def __init__(self, issue: BulletinIssue, user: Any = None) -> None:
        super().__init__(user)
        self.issue = issue

    def check_permission(self) -> None:
        if delivery_policy().user_has_permission(self.user, "change"):
            return
        if self.issue.channel.unit_id not in unit_ids_for(self.user):
            raise ActionPermissionError(_("You may publish the bulletins of your own unit only."))

    def check_state(self) -> None:
        issue = self.issue
        if issue.published_at is not None:
            raise ActionStateError(_("This issue was already published."))
        if issue.channel.kind != ChannelKind.BULLETIN:
            raise ActionStateError(_("Choose a bulletin channel for the issue."))
        if issue.issue_date > timezone.localdate():
            raise ActionStateError(_("An issue cannot be published before its date."))
        entries = list(issue.entries.all())
        if not entries:
            raise ActionStateError(_("Add the calendar entries this issue carries."))
        on_bulletin = set(
            issue.channel.entries.filter(pk__in=[e.pk for e in entries]).values_list(
                "pk", flat=True
            )
        )
        elsewhere = [e.title for e in entries if e.pk not in on_bulletin]
        if elsewhere:
            raise ActionStateError(
                _("These entries are not planned on this bulletin: %(titles)s")
                % {"titles": "; ".join(elsewhere)}
            )
        if any(not expected_units(issue.channel, entry) for entry in entries):
            raise ActionStateError(
                _("Set the unit that manages this bulletin: it confirms the issue's entries.")
            )

    def _execute(self) -> list[Delivery]:
        """One confirmation per (entry, unit) still without a record: an entry an
        earlier issue carried keeps that issue's date and number."""
        issue = self.issue
        zone = timezone.get_current_timezone()
        when = min(timezone.now(), datetime.combine(issue.issue_date, time(12), tzinfo=zone))
        entries = list(issue.entries.exclude(editorial_status=EntryStatus.CANCELLED))
        carriers = list(issue.channel.carriers.values_list("pk", flat=True))
        expected = {
            entry.pk: expected_unit_ids(carriers, issue.channel.unit_id, entry.unit_id)
            for entry in entries
        }
        recorded = set(
            Delivery.objects.recorded()
            .filter(channel=issue.channel, entry__in=entries)
            .values_list("entry_id", "unit_id")
        )
        units = Unit.objects.in_bulk({pk for pks in expected.values() for pk in pks})
        deliveries = []
        for entry in entries:
            for unit_id in expected[entry.pk]:
                if (entry.pk, unit_id) in recorded:
                    continue
                action = ConfirmDeliveryAction(
                    entry,
                    issue.channel,
                    units[unit_id],
                    self.user,
                    delivered_at=when,
                    issue_number=issue.number,
                )
                # Checked above as the issue's publisher; one transaction for the issue.
                deliveries.append(action.execute(skip_permission_checks=True, savepoint=False))
        issue.published_at = timezone.now()
        issue.save(update_fields=["published_at"])
        log(instance=issue, action="wagtail_borderplan.bulletin.publish", user=self.user)
        return deliveries
