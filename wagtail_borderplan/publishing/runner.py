"""A drop-in for Wagtail's ``publish_scheduled`` that is safe on several servers.

Wagtail keeps schedules in its own fields: a revision approved to go live later has
``approved_go_live_at``; a live object to take down has ``expire_at``. This runner reads
the same fields, so Wagtail's editor, history and command keep working, but it claims
what is due **one item at a time under a row lock** and publishes each in its own
transaction:

- on PostgreSQL, MariaDB ≥ 10.6 and MySQL, ``select_for_update(skip_locked=True)``: two
  runners never take the same revision, and neither waits for the other;
- on SQLite, which has no row locks, an exclusive transaction: runners take turns.

A failing item rolls back alone, keeps its schedule, is reported, and is not retried in
the same run; the others are published. A runner killed mid-item leaves that item's
transaction uncommitted, so the next run publishes it exactly once.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from wagtail.models import DraftStateMixin, Revision

from ..compat import Page
from ..models import RunnerHeartbeat

logger = logging.getLogger("wagtail_borderplan.publishing")


@dataclass
class Failure:
    kind: str  # "publish" or "expire"
    label: str
    object_id: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "label": self.label,
            "object_id": self.object_id,
            "reason": self.reason,
        }


@dataclass
class RunResult:
    started_at: datetime
    dry_run: bool = False
    published: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"published {len(self.published)}, expired {len(self.expired)}, "
            f"failed {len(self.failures)}"
        )


@contextmanager
def claiming() -> Iterator[None]:
    """A transaction in which what is selected for update stays ours until commit."""
    if connection.vendor == "sqlite":
        # No row locks: take the database's write lock at BEGIN, so runners take turns.
        # Connect first: connecting (re)sets transaction_mode from the settings, so in a
        # fresh process the attribute is missing and would be overwritten by atomic().
        connection.ensure_connection()
        previous = connection.transaction_mode
        connection.transaction_mode = "EXCLUSIVE"
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = previous
    else:
        with transaction.atomic():
            yield


def _lock(queryset):
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset


def draft_state_models() -> list[type]:
    """Pages and every other model with Wagtail's draft state (as publish_scheduled)."""
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def expire_due(result: RunResult, now: datetime) -> None:
    for model in draft_state_models():
        skip: list = []
        while True:
            obj = None
            try:
                with claiming():
                    obj = (
                        _lock(model.objects.filter(live=True, expire_at__lt=now))
                        .exclude(pk__in=skip)
                        .order_by("expire_at", "pk")
                        .first()
                    )
                    if obj is None:
                        break
                    # Each object at most once a run, whatever happens to it.
                    skip.append(obj.pk)
                    if not result.dry_run:
                        obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
                    result.expired.append(str(obj))
            except Exception as error:  # one object's failure must not stop the run
                if obj is None:
                    raise
                result.failures.append(Failure("expire", str(obj), str(obj.pk), repr(error)))
                logger.exception("Could not expire %s", obj)


def publish_due(result: RunResult, now: datetime) -> None:
    skip: list[int] = []
    while True:
        revision = None
        try:
            with claiming():
                revision = (
                    _lock(Revision.objects.filter(approved_go_live_at__lte=now))
                    .exclude(pk__in=skip)
                    .order_by("approved_go_live_at", "pk")
                    .first()
                )
                if revision is None:
                    break
                # Each revision at most once a run: one whose own go-live time is
                # still ahead would be scheduled again by publish(), not published.
                skip.append(revision.pk)
                if not result.dry_run:
                    revision.publish(log_action="wagtail.publish.scheduled")
                result.published.append(revision.object_str)
        except Exception as error:  # rolled back: the schedule is kept for the next run
            if revision is None:
                raise
            result.failures.append(
                Failure("publish", revision.object_str, str(revision.object_id), repr(error))
            )
            logger.exception("Could not publish the scheduled revision %s", revision.pk)


def record_heartbeat(result: RunResult) -> None:
    """Rewrite the heartbeat row; several runners may finish at once."""
    values = {
        "started_at": result.started_at,
        "finished_at": timezone.now(),
        "published": len(result.published),
        "expired": len(result.expired),
        "failed": len(result.failures),
        "failures": [failure.as_dict() for failure in result.failures][:50],
        "host": socket.gethostname(),
        "dry_run": result.dry_run,
    }
    if RunnerHeartbeat.objects.filter(name="publish").update(**values):
        return
    try:
        with transaction.atomic():
            RunnerHeartbeat.objects.create(name="publish", **values)
    except IntegrityError:  # another runner created it meanwhile
        RunnerHeartbeat.objects.filter(name="publish").update(**values)


def run(dry_run: bool = False, now: datetime | None = None) -> RunResult:
    """Expire what is past its expiry, publish what is due, record the heartbeat (not
    for a dry run, which must not pass for a real one)."""
    now = now or timezone.now()
    result = RunResult(started_at=timezone.now(), dry_run=dry_run)
    expire_due(result, now)
    publish_due(result, now)
    if not dry_run:
        record_heartbeat(result)
    logger.info("Scheduled publishing: %s", result.summary())
    return result
