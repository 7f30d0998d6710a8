"""Wagtail's ``publish_scheduled``, replaced by the row-locked runner of
``borderplan_publish``.

Wagtail's own command republishes every revision in the list it read at its start, so
run beside our runner (or another copy of itself) it publishes a due page several times.
Many portals already call ``publish_scheduled`` from cron; with ``wagtail_borderplan``
before ``wagtail`` in ``INSTALLED_APPS`` Django runs this command instead (system check
``wagtail_borderplan.W005`` warns when the order is the other way round).
"""

from __future__ import annotations

from typing import Any

from .borderplan_publish import Command as PublishCommand


class Command(PublishCommand):
    help = (
        "Publish due scheduled revisions and expire what is past its expiry, with "
        "wagtail_borderplan's row-locked runner (the same as borderplan_publish)."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        # Wagtail's spelling, so that existing crontabs keep working unchanged.
        parser.add_argument(
            "--dryrun", action="store_true", dest="dry_run", help="Same as --dry-run."
        )
