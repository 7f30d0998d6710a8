"""Confirming a delivery, and the secret links carrying units confirm through."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import (
    CalendarEntry,
    CarrierLink,
    Channel,
    Delivery,
    DeliveryStatus,
    EntryStatus,
    Unit,
)
from ..models.deliveries import expected_units
from ..permissions import delivery_policy, unit_ids_for
from .base import Action, ActionInvalidError, ActionPermissionError, ActionStateError

# A phone's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=10)
EVIDENCE = ("duration_minutes", "evidence_url", "issue_number", "note", "evidence_file")


class ConfirmDeliveryAction(Action):
    """Record that ``unit`` carried ``entry`` on ``channel`` (or, with ``status``
    cancelled, that it will not). Either ``user`` acts in the admin or ``link`` is the
    unit's secret link; the record and the audit log name whichever it was.

    ``execute()`` returns the :class:`Delivery`; confirming again replaces the evidence.
    """

    def __init__(
        self,
        entry: CalendarEntry,
        channel: Channel,
        unit: Unit,
        user: Any = None,
        *,
        link: CarrierLink | None = None,
        delivered_at: datetime | None = None,
        status: str = DeliveryStatus.DELIVERED,
        **evidence: Any,
    ) -> None:
        super().__init__(user)
        self.entry, self.channel, self.unit, self.link = entry, channel, unit, link
        self.delivered_at = delivered_at or timezone.now()
        self.status = status
        unknown = set(evidence) - set(EVIDENCE)
        if unknown:
            raise TypeError(f"Unknown evidence: {', '.join(sorted(unknown))}")
        self.evidence = evidence

    def _evidence(self) -> dict[str, Any]:
        """The evidence given; what is not given at all is kept from the record there
        is (changing a confirmation's time keeps its note and file; confirming a
        proposal keeps the link the collector found)."""
        before = (
            Delivery.objects.filter(entry=self.entry, channel=self.channel, unit=self.unit)
            .values(*EVIDENCE)
            .first()
        ) or {}
        return {
            name: (self.evidence[name] if name in self.evidence else before.get(name))
            or _blank(name)
            for name in EVIDENCE
        }

    def check(self, skip_permission_checks: bool = False) -> None:
        # A link stands for its unit, with no user: its check is not skippable.
        if self.link is not None:
            self.check_link()
        super().check(skip_permission_checks)

    def check_link(self) -> None:
        if self.link.revoked_at is not None or self.link.unit_id != self.unit.pk:
            raise ActionPermissionError(_("This link may not confirm for this unit."))

    def check_permission(self) -> None:
        policy = delivery_policy()
        if policy.user_has_permission(self.user, "change"):
            return
        if self.unit.pk not in unit_ids_for(self.user):
            raise ActionPermissionError(_("You may confirm deliveries of your own units only."))

    def check_state(self) -> None:
        if self.entry.editorial_status == EntryStatus.CANCELLED:
            raise ActionStateError(_("This entry was cancelled: there is nothing to deliver."))
        if not self.entry.channels.filter(pk=self.channel.pk).exists():
            raise ActionStateError(_("This entry is not planned on this channel."))
        if not self.channel.is_confirmed:
            raise ActionStateError(
                _("This portal is served here: publishing the article delivers it.")
            )
        if self.unit.pk not in expected_units(self.channel, self.entry):
            raise ActionStateError(_("This unit does not carry this channel."))
        if self.status not in (DeliveryStatus.DELIVERED, DeliveryStatus.CANCELLED):
            raise ActionInvalidError(_("Choose delivered or cancelled."))
        if self.delivered_at > timezone.now() + CLOCK_SKEW:
            raise ActionInvalidError(_("A delivery cannot be confirmed before it happens."))

    def _execute(self) -> Delivery:
        delivery, created = Delivery.objects.update_or_create(
            entry=self.entry,
            channel=self.channel,
            unit=self.unit,
            defaults={
                "status": self.status,
                "delivered_at": self.delivered_at,
                "confirmed_by": self.user,
                "confirmed_via": self.link,
                **self._evidence(),
            },
        )
        now = timezone.now()
        if self.link is not None:
            CarrierLink.objects.filter(pk=self.link.pk).update(last_used_at=now)
        log(
            instance=delivery,
            action=(
                "wagtail_borderplan.delivery.cancel"
                if self.status == DeliveryStatus.CANCELLED
                else "wagtail_borderplan.delivery.confirm"
            ),
            user=self.user,
            data={
                "entry": self.entry.pk,
                "channel": self.channel.name,
                "unit": self.unit.name,
                "link": self.link.name if self.link else None,
                "delivered_at": self.delivered_at.isoformat(),
                "again": not created,
            },
        )
        return delivery


def _blank(name: str) -> Any:
    return None if name == "duration_minutes" else ""


class ProposeDeliveryAction(Action):
    """The collector saw the agency carry ``entry``: propose the delivery, with the
    item's link, for a person to confirm. Never touches a record a person made.
    Returns the proposal, or None when there was a record already."""

    def __init__(
        self, entry: CalendarEntry, channel: Channel, unit: Unit, *, link: str, note: str
    ) -> None:
        super().__init__(None)
        self.entry, self.channel, self.unit = entry, channel, unit
        self.link, self.note = link[:500], note

    def check_state(self) -> None:
        if self.entry.editorial_status == EntryStatus.CANCELLED or not self.channel.is_confirmed:
            raise ActionStateError(_("There is nothing to deliver here."))

    def _execute(self) -> Delivery | None:
        delivery, created = Delivery.objects.get_or_create(
            entry=self.entry,
            channel=self.channel,
            unit=self.unit,
            defaults={
                "status": DeliveryStatus.PROPOSED,
                "delivered_at": timezone.now(),
                "evidence_url": self.link,
                "note": self.note,
            },
        )
        if not created:
            return None
        log(
            instance=delivery,
            action="wagtail_borderplan.delivery.propose",
            data={"entry": self.entry.pk, "channel": self.channel.name, "link": self.link},
        )
        return delivery


class RejectProposalAction(Action):
    """A person says the collector's proposal is not this entry's delivery."""

    def __init__(self, delivery: Delivery, user: Any = None) -> None:
        super().__init__(user)
        self.delivery = delivery

    def check_permission(self) -> None:
        if delivery_policy().user_has_permission(self.user, "change"):
            return
        if self.delivery.unit_id not in unit_ids_for(self.user):
            raise ActionPermissionError(_("You may confirm deliveries of your own units only."))

    def check_state(self) -> None:
        if self.delivery.status != DeliveryStatus.PROPOSED:
            raise ActionStateError(_("Only a proposal of the collector can be rejected."))

    def _execute(self) -> None:
        log(
            instance=self.delivery,
            action="wagtail_borderplan.delivery.reject",
            user=self.user,
            data={"link": self.delivery.evidence_url},
        )
        self.delivery.delete()


class CreateCarrierLinkAction(Action):
    """Make a unit's secret link; ``execute()`` returns ``(link, token)``: the token is
    known only then."""

    def __init__(self, unit: Unit, user: Any = None, *, name: str) -> None:
        super().__init__(user)
        self.unit, self.name = unit, name.strip()

    def check_permission(self) -> None:
        if not delivery_policy().user_has_permission(self.user, "change"):
            raise ActionPermissionError(_("You may not manage confirmation links."))

    def check_state(self) -> None:
        if not self.name:
            raise ActionInvalidError(_("Name the link after who will hold it."))

    def _execute(self) -> tuple[CarrierLink, str]:
        link, token = CarrierLink.create_for(self.unit, self.name[:100], self.user)
        log(instance=link, action="wagtail_borderplan.link.create", user=self.user)
        return link, token


class RevokeCarrierLinkAction(Action):
    """Revoke a link: its address then answers like a wrong one."""

    def __init__(self, link: CarrierLink, user: Any = None) -> None:
        super().__init__(user)
        self.link = link

    def check_permission(self) -> None:
        if delivery_policy().user_has_permission(self.user, "change"):
            return
        if self.link.unit_id not in unit_ids_for(self.user):
            raise ActionPermissionError(_("You may not revoke this link."))

    def check_state(self) -> None:
        if self.link.revoked_at is not None:
            raise ActionStateError(_("This link was already revoked."))

    def _execute(self) -> None:
        self.link.revoked_at = timezone.now()
        self.link.save(update_fields=["revoked_at"])
        log(instance=self.link, action="wagtail_borderplan.link.revoke", user=self.user)
