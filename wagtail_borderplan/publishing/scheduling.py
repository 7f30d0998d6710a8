"""Scheduling an entry's article on Wagtail's own schedule, as Wagtail's editor does.

The go-live time is set on a new revision of the article and that revision is
published: Wagtail then keeps it as approved to go live (``approved_go_live_at``) until
the runner, or Wagtail's own ``publish_scheduled``, makes it live. An article in a
moderation workflow gets the time on its latest revision and is scheduled when approved.
Locks and publish permissions are respected; nothing here publishes anything at once.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from ..models import CalendarEntry
from ..times import format_with_zone, validate_day
from .targets import sync_targets


class ScheduleError(Exception):
    """A schedule that cannot be set; the message is translated for the editor."""


def _article(entry: CalendarEntry, user) -> Page:
    if entry.page_id is None:
        raise ScheduleError(_("This entry has no article yet."))
    # A fresh instance: Page caches scheduled_revision and the lock on the object.
    page = Page.objects.get(pk=entry.page_id).specific
    if not page.permissions_for_user(user).can_publish():
        raise PermissionDenied(_("You may not publish this article."))
    return page


def _cancel(revision, user) -> None:
    # Exactly what Wagtail's "Unschedule" does; Revision.save logs wagtail.schedule.cancel.
    revision.approved_go_live_at = None
    revision.save(user=user, update_fields=["approved_go_live_at"])


@transaction.atomic
def schedule_article(
    entry: CalendarEntry, user, go_live_at: datetime, expire_at: datetime | None = None
) -> str:
    """Put the entry's article on Wagtail's schedule. Returns ``"scheduled"``, or
    ``"on_approval"`` when the article is in moderation (Wagtail publishes the latest
    revision on approval, at this time)."""
    page = _article(entry, user)
    # A scheduled page is locked by Wagtail until unscheduled: rescheduling is
    # unscheduling, then scheduling again (rolled back together on any error).
    if page.scheduled_revision is not None:
        _cancel(page.scheduled_revision, user)
        page = _article(entry, user)
    lock = page.get_lock()
    if lock and lock.for_user(user):
        raise ScheduleError(str(lock.get_message(user)))
    for moment in (go_live_at, expire_at):
        try:
            validate_day(moment)
        except ValidationError as error:
            # Also for callers other than the form: a go-live in year 9999 breaks feeds.
            raise ScheduleError(error.messages[0]) from None
    if go_live_at <= timezone.now():
        raise ScheduleError(
            _("Choose a time in the future: it is now %(now)s.")
            % {"now": format_with_zone(timezone.now())}
        )
    if expire_at and expire_at <= go_live_at:
        raise ScheduleError(
            _("The expiry must come after the go-live time, %(time)s.")
            % {"time": format_with_zone(go_live_at)}
        )
    draft = page.get_latest_revision_as_object()
    draft.go_live_at = go_live_at
    draft.expire_at = expire_at
    revision = draft.save_revision(user=user, log_action=True)
    sync_targets(entry, user)
    entry.planned_at = go_live_at
    entry.updated_by = user
    entry.save(update_fields=["planned_at", "updated_by", "updated_at"])
    log(
        instance=entry,
        action="wagtail_borderplan.schedule",
        user=user,
        data={
            "go_live_at": go_live_at.isoformat(),
            "expire_at": expire_at.isoformat() if expire_at else None,
        },
    )
    if page.current_workflow_state is not None:
        return "on_approval"
    revision.publish(user=user)  # a future go-live time schedules instead of publishing
    return "scheduled"


@transaction.atomic
def unschedule_article(entry: CalendarEntry, user) -> bool:
    """Take the article off Wagtail's schedule, as Wagtail's "Unschedule" does (which
    logs ``wagtail.schedule.cancel``). Returns whether it was scheduled."""
    revision = _article(entry, user).scheduled_revision
    if revision is None:
        return False
    _cancel(revision, user)
    return True
