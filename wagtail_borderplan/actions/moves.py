"""Moving an entry in the calendar: plan it on a day, move it, or take it off.

An entry keeps its time of day. A scheduled entry moves with its article's schedule,
once the editor confirms, so the planned date and Wagtail's schedule never disagree; a
published entry stays where it went out.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..conf import get_setting
from ..models import EntryStatus
from ..times import format_with_zone
from .base import ActionStateError
from .editions import shift_edition_due_dates
from .entries import EntryAction
from .scheduling import ScheduleArticleAction


class MoveEntryAction(EntryAction):
    """``execute()`` moves the entry to ``day`` (None: off the calendar) and returns
    whether anything changed. ``reschedule`` is the editor's "yes" to moving a scheduled
    article's go-live time too. The entry needs ``with_status()``."""

    def __init__(self, entry, user=None, *, day: date | None, reschedule: bool = False) -> None:
        super().__init__(entry, user)
        self.day = day
        self.reschedule = reschedule

    def check_state(self) -> None:
        status = self.entry.status
        if status == EntryStatus.PUBLISHED:
            raise ActionStateError(_("A published entry cannot be moved."))
        if status == EntryStatus.DELIVERED:
            # Its deliveries were on time or late against the day it had.
            raise ActionStateError(_("A delivered entry cannot be moved."))
        if status == EntryStatus.SCHEDULED:
            self._check_schedule_move()

    def _scheduled_go_live(self) -> datetime:
        revision = self.entry.page.specific.scheduled_revision
        return timezone.localtime(revision.approved_go_live_at)

    def _check_schedule_move(self) -> None:
        link = reverse("wagtailadmin_pages:edit", args=[self.entry.page_id])
        if self.day is None:
            raise ActionStateError(
                _(
                    "Its article is scheduled: unschedule it before taking the entry off the calendar."
                ),
                link=link,
            )
        if not self.reschedule:
            when = self._scheduled_go_live()
            raise ActionStateError(
                _(
                    "Its article is scheduled to go live on %(time)s. Change the schedule "
                    "on the article; the calendar follows it."
                )
                % {"time": format_with_zone(when)},
                link=link,
                confirm=_("Its article is scheduled. Move its schedule to %(time)s as well?")
                % {"time": format_with_zone(self._new_time(when))},
            )

    def _new_time(self, keep: datetime) -> datetime:
        return datetime.combine(self.day, keep.timetz().replace(tzinfo=None), tzinfo=keep.tzinfo)

    def _execute(self) -> bool:
        if self.entry.status == EntryStatus.SCHEDULED:
            page = self.entry.page.specific
            ScheduleArticleAction(
                self.entry,
                self.user,
                go_live_at=self._new_time(self._scheduled_go_live()),
                expire_at=page.expire_at,
            ).execute()
            return True
        return self._move()

    def _move(self) -> bool:
        entry, old = self.entry, self.entry.planned_at
        new = None
        if self.day is not None:
            keep = (
                timezone.localtime(old).time()
                if old
                else time.fromisoformat(get_setting("CALENDAR_DEFAULT_TIME"))
            )
            new = datetime.combine(self.day, keep, tzinfo=timezone.get_current_timezone())
        if new == old:
            return False
        entry.planned_at = new
        entry.updated_by = self.user
        entry.save(update_fields=["planned_at", "updated_by", "updated_at"])
        shift_edition_due_dates(entry, old, new)
        action = (
            "wagtail_borderplan.unplan"
            if new is None
            else "wagtail_borderplan.plan"
            if old is None
            else "wagtail_borderplan.move"
        )
        log(
            instance=entry,
            action=action,
            user=self.user,
            data={"old": old.isoformat() if old else None, "new": new.isoformat() if new else None},
        )
        return True
