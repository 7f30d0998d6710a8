"""Scheduling an entry's article on Wagtail's own schedule, as Wagtail's editor does.

The go-live time is set on a new revision of the article and that revision is
published: Wagtail then keeps it as approved to go live (``approved_go_live_at``) until
the runner, or Wagtail's own ``publish_scheduled``, makes it live. An article in a
moderation workflow gets the time on its latest revision and is scheduled when approved.
Locks and publish permissions are respected; nothing here publishes anything at once.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..compat import Page
from ..models import CalendarEntry
from ..times import format_with_zone, validate_day
from .base import Action, ActionInvalidError, ActionPermissionError, ActionStateError
from .editions import shift_edition_due_dates
from .targets import SyncTargetsAction


class ScheduleOutcome(models.TextChoices):
    SCHEDULED = "scheduled"  # on Wagtail's schedule
    ON_APPROVAL = "on_approval"  # in moderation: scheduled for this time once approved


def _cancel(revision, user) -> None:
    # Exactly what Wagtail's "Unschedule" does; Revision.save logs wagtail.schedule.cancel.
    revision.approved_go_live_at = None
    revision.save(user=user, update_fields=["approved_go_live_at"])


class ArticleAction(Action):
    """An action on the entry's article, which the user must be able to publish."""

    def __init__(self, entry: CalendarEntry, user=None) -> None:
        super().__init__(user)
        self.entry = entry

    def article(self) -> Page:
        if self.entry.page_id is None:
            raise ActionStateError(_("This entry has no article yet."))
        # A fresh instance: Page caches scheduled_revision and the lock on the object.
        return Page.objects.get(pk=self.entry.page_id).specific

    def check_permission(self) -> None:
        page_id = self.entry.page_id
        if page_id is not None and not self.article().permissions_for_user(self.user).can_publish():
            raise ActionPermissionError(_("You may not publish this article."))


class ScheduleArticleAction(ArticleAction):
    """Put the entry's article on Wagtail's schedule. ``execute()`` returns
    ``"scheduled"``, or ``"on_approval"`` when the article is in moderation (Wagtail
    publishes the latest revision on approval, at this time)."""

    def __init__(
        self,
        entry: CalendarEntry,
        user=None,
        *,
        go_live_at: datetime,
        expire_at: datetime | None = None,
    ) -> None:
        super().__init__(entry, user)
        self.go_live_at = go_live_at
        self.expire_at = expire_at

    def check_state(self) -> None:
        self.article()
        for moment in (self.go_live_at, self.expire_at):
            try:
                validate_day(moment)
            except ValidationError as error:
                # Also for callers other than the form: a go-live in year 9999 breaks feeds.
                raise ActionInvalidError(error.messages[0]) from None
        if self.go_live_at <= timezone.now():
            raise ActionInvalidError(
                _("Choose a time in the future: it is now %(now)s.")
                % {"now": format_with_zone(timezone.now())}
            )
        if self.expire_at and self.expire_at <= self.go_live_at:
            raise ActionInvalidError(
                _("The expiry must come after the go-live time, %(time)s.")
                % {"time": format_with_zone(self.go_live_at)}
            )

    def _execute(self) -> ScheduleOutcome:
        user, entry = self.user, self.entry
        page = self.article()
        # A scheduled page is locked by Wagtail until unscheduled: rescheduling is
        # unscheduling, then scheduling again (rolled back together on any error).
        if page.scheduled_revision is not None:
            _cancel(page.scheduled_revision, user)
            page = self.article()
        lock = page.get_lock()
        if lock and user is not None and lock.for_user(user):
            raise ActionStateError(str(lock.get_message(user)))
        draft = page.get_latest_revision_as_object()
        draft.go_live_at = self.go_live_at
        draft.expire_at = self.expire_at
        revision = draft.save_revision(user=user, log_action=True)
        SyncTargetsAction(entry, user).execute()
        shift_edition_due_dates(entry, entry.planned_at, self.go_live_at)
        entry.planned_at = self.go_live_at
        entry.updated_by = user
        entry.save(update_fields=["planned_at", "updated_by", "updated_at"])
        log(
            instance=entry,
            action="wagtail_borderplan.schedule",
            user=user,
            data={
                "go_live_at": self.go_live_at.isoformat(),
                "expire_at": self.expire_at.isoformat() if self.expire_at else None,
            },
        )
        if page.current_workflow_state is not None:
            return ScheduleOutcome.ON_APPROVAL
        revision.publish(user=user)  # a future go-live time schedules instead of publishing
        return ScheduleOutcome.SCHEDULED


class UnscheduleArticleAction(ArticleAction):
    """Take the article off Wagtail's schedule, as Wagtail's "Unschedule" does (which
    logs ``wagtail.schedule.cancel``). ``execute()`` returns whether it was scheduled."""

    def check_state(self) -> None:
        self.article()

    def _execute(self) -> bool:
        revision = self.article().scheduled_revision
        if revision is None:
            return False
        _cancel(revision, self.user)
        return True
