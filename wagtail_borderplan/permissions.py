"""Who may see and change calendar entries.

Model permissions decide who sees the calendar (``view``) and who changes any entry
(``change``, the global permission). Without the global permission, a member of a unit
(directly or through a group) who may view the calendar changes the entries of the units
they belong to, and only those.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wagtail.permission_policies import ModelPermissionPolicy

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from .models import CalendarEntry


def unit_ids_for(user: AbstractBaseUser) -> frozenset[int]:
    """The ids of the units the user belongs to (cached on the user for the request)."""
    cached = getattr(user, "_borderplan_unit_ids", None)
    if cached is None:
        from .models import Unit

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


def entry_policy() -> CalendarEntryPermissionPolicy:
    from .models import CalendarEntry

    return CalendarEntryPermissionPolicy(CalendarEntry)
