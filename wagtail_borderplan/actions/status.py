"""Setting an entry's editorial status (the statuses an editor sets; scheduled and
published follow from the article)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import EDITORIAL_STATUSES, CalendarEntry
from .base import ActionInvalidError
from .entries import EntryAction


class SetStatusAction(EntryAction):
    """``execute()`` sets ``status`` and logs the change from ``previous`` (the stored
    status before an edit form changed it, by default the entry's); returns whether it
    changed."""

    def __init__(
        self, entry: CalendarEntry, user=None, *, status: str, previous: str | None = None
    ) -> None:
        super().__init__(entry, user)
        self.status = status
        self.previous = entry.editorial_status if previous is None else previous

    def check_state(self) -> None:
        if self.status not in EDITORIAL_STATUSES:
            raise ActionInvalidError(_("Choose one of the statuses an editor sets."))

    def _execute(self) -> bool:
        if self.status == self.previous:
            return False
        entry = self.entry
        if entry.editorial_status != self.status:
            entry.editorial_status = self.status
            entry.updated_by = self.user
            entry.save(update_fields=["editorial_status", "updated_by", "updated_at"])
        log(
            instance=entry,
            action="wagtail_borderplan.status",
            user=self.user,
            data={"old": self.previous, "new": self.status},
        )
        return True
