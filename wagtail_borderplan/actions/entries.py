"""Changing a calendar entry: the checks every entry action shares."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import CalendarEntry
from ..permissions import entry_policy
from .base import Action, ActionPermissionError


class EntryAction(Action):
    """An action on one entry, which the user must be allowed to change (a member
    changes the entries of their own units only)."""

    def __init__(self, entry: CalendarEntry, user=None) -> None:
        super().__init__(user)
        self.entry = entry

    def check_permission(self) -> None:
        if not entry_policy().user_has_permission_for_instance(self.user, "change", self.entry):
            raise ActionPermissionError(_("You may not change this entry."))
