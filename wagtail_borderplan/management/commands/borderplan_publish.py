"""Publish due scheduled revisions and expire what is past its expiry, safely on
several servers at once (a drop-in for Wagtail's ``publish_scheduled``)."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_borderplan.publishing.runner import run


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what is due without changing anything.",
        )

    def handle(self, *args, dry_run=False, **options):
        result = run(dry_run=dry_run)
        prefix = "[dry run] would have " if dry_run else ""
        for label in result.expired:
            self.stdout.write(f"{prefix}expired: {label}")
        for label in result.published:
            self.stdout.write(f"{prefix}published: {label}")
        for failure in result.failures:
            self.stderr.write(f"failed to {failure.kind} {failure.label}: {failure.reason}")
        self.stdout.write(f"{prefix}{result.summary()}")
        if result.failures:
            raise CommandError(f"{len(result.failures)} item(s) failed; they keep their schedule.")
