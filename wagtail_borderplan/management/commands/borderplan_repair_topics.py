"""Put back the topic names that the old tag widget split at commas, and delete the junk
tags the split left ("Kinh tế,", "du lịch", ","). Safe to run more than once."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail_borderplan.topic_repair import RepairPlan, apply_repair, plan_repair


def _quoted(names: Iterable[str]) -> str:
    # Names hold commas: quote each rather than join them with commas alone.
    return ", ".join(f"“{name}”" for name in names) or "—"


class Command(BaseCommand):
    help = gettext_lazy(
        "Repair the topics that the old tag widget split at commas, in pages and their "
        "latest, live and scheduled revisions, and delete the junk tags nothing uses."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Print what would change without writing anything."),
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        if dry_run:
            plan = plan_repair()
        else:
            # One transaction: a run that fails half way leaves the database as it was.
            with transaction.atomic():
                plan = plan_repair(lock=True)
                apply_repair(plan)
        self.report(plan, dry_run)

    def report(self, plan: RepairPlan, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write(_("Dry run: nothing is written."))
        for page in plan.pages:
            self.stdout.write(
                _("Page “%(title)s” (%(id)s): %(before)s → %(after)s")
                % {
                    "title": page.title,
                    "id": page.page_id,
                    "before": _quoted(plan.names(page.before)),
                    "after": _quoted(plan.names(page.after)),
                }
            )
        for revision in plan.revisions:
            self.stdout.write(
                _("Revision %(revision)s of “%(title)s” (%(id)s): %(before)s → %(after)s")
                % {
                    "revision": revision.revision_id,
                    "title": revision.title,
                    "id": revision.page_id,
                    "before": _quoted(plan.names(revision.before)),
                    "after": _quoted(plan.names(revision.after)),
                }
            )
        for pk, name in plan.renames.items():
            self.stdout.write(
                _("Rename tag “%(old)s” to “%(new)s”")
                % {"old": plan.vocabulary.names[pk], "new": name}
            )
        for name in plan.names(plan.deletions):
            self.stdout.write(_("Delete tag “%(name)s”") % {"name": name})
        counts = {
            "pages": len(plan.pages),
            "revisions": len(plan.revisions),
            "deleted": len(plan.deletions),
            "renamed": len(plan.renames),
        }
        if dry_run:
            summary = _(
                "Would repair %(pages)d page(s) and %(revisions)d revision(s), delete "
                "%(deleted)d tag(s) and rename %(renamed)d."
            )
        else:
            summary = _(
                "Repaired %(pages)d page(s) and %(revisions)d revision(s), deleted "
                "%(deleted)d tag(s) and renamed %(renamed)d."
            )
        self.stdout.write(summary % counts)
