"""Who may see and change what: one permission policy instance per model.

The policies are registered once, in ``AppConfig.ready()`` (:func:`register_policies`),
so that admin views, management commands and task workers all ask the same instance.
On Wagtail 8 they go into Wagtail's own ``policy_registry`` (where Wagtail's views look
them up); Wagtail 7.4 has no registry, so they are kept here and the viewsets pass them
on.

Calendar entries: model permissions decide who sees the calendar (``view``) and who
changes any entry (``change``, the global permission). Without the global permission, a
member of a unit (directly or through a group) who may view the calendar adds entries
for, and changes the entries of, the units they belong to, and only those.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wagtail.permission_policies import ModelPermissionPolicy

from .models import CalendarEntry, CarrierLink, CollectedItem, Delivery, Unit

try:
    from wagtail.permissions import policy_registry, register_permission_policy
except ImportError:  # Wagtail 7.4
    policy_registry = register_permission_policy = None

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.db.models import Model
    from wagtail.permission_policies import BasePermissionPolicy

# Wagtail 7.4 only: the policies registered by register_policies().
_registered: dict[type[Model], BasePermissionPolicy] = {}


def unit_ids_for(user: AbstractBaseUser) -> frozenset[int]:
    """The ids of the units the user belongs to (cached on the user for the request)."""
    cached = getattr(user, "_borderplan_unit_ids", None)
    if cached is None:
        cached = frozenset(Unit.objects.for_user(user).values_list("pk", flat=True))
        if user.is_authenticated:
            user._borderplan_unit_ids = cached
    return cached


class CalendarEntryPermissionPolicy(ModelPermissionPolicy):
    def _is_member_viewer(self, user: AbstractBaseUser) -> bool:
        return super().user_has_permission(user, "view") and bool(unit_ids_for(user))

    def user_has_permission(self, user: AbstractBaseUser, action: str) -> bool:
        if super().user_has_permission(user, action):
            return True
        # Members may add entries for, and change entries of, their own units.
        return action in ("add", "change") and self._is_member_viewer(user)

    def user_has_global_permission(self, user: AbstractBaseUser, action: str) -> bool:
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(
        self, user: AbstractBaseUser, action: str, instance: CalendarEntry
    ) -> bool:
        if action != "change":
            return super().user_has_permission(user, action)
        if super().user_has_permission(user, "change"):
            return True
        return self._is_member_viewer(user) and instance.unit_id in unit_ids_for(user)

    def instances_user_has_any_permission_for(self, user: AbstractBaseUser, actions: Any):
        if any(
            super(CalendarEntryPermissionPolicy, self).user_has_permission(user, a) for a in actions
        ):
            return self.model._default_manager.all()
        if "change" in actions and self._is_member_viewer(user):
            return self.model._default_manager.filter(unit_id__in=unit_ids_for(user))
        return self.model._default_manager.none()


class CollectedItemPermissionPolicy(ModelPermissionPolicy):
    """The record of collected items is read-only: rows are written by the collector."""

    def user_has_permission(self, user: AbstractBaseUser, action: str) -> bool:
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


POLICY_CLASSES: dict[type[Model], type[ModelPermissionPolicy]] = {
    CalendarEntry: CalendarEntryPermissionPolicy,
    CollectedItem: CollectedItemPermissionPolicy,
    Delivery: ModelPermissionPolicy,
    CarrierLink: ModelPermissionPolicy,
}


def register_policies() -> None:
    """Register one policy instance per model (from ``AppConfig.ready()``; idempotent)."""
    for model, policy_class in POLICY_CLASSES.items():
        if model in _registered:
            continue
        policy = _registered[model] = policy_class(model)
        if register_permission_policy is not None:
            register_permission_policy(model, policy)


def policy_for(model: type[Model]) -> BasePermissionPolicy:
    """The registered policy of ``model``: ours, or Wagtail's for any other model."""
    if policy_registry is not None:
        return policy_registry.get_by_type(model)
    if model in _registered:
        return _registered[model]
    viewset = getattr(model, "snippet_viewset", None)
    return viewset.permission_policy if viewset is not None else ModelPermissionPolicy(model)


def entry_policy() -> CalendarEntryPermissionPolicy:
    """The calendar entries' registered policy."""
    return policy_for(CalendarEntry)


def delivery_policy() -> BasePermissionPolicy:
    """The deliveries' policy: with "change" a user confirms for every unit; members of
    a unit confirm for it without (see ``ConfirmDeliveryAction``)."""
    return policy_for(Delivery)
