"""Fetch every active feed source and turn its new items into draft articles.

Exits with status 1 when a feed could not be read or an item could not be imported,
so that cron or systemd reports it; everything that could be imported was.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail_borderplan.collect.collector import collect_all
from wagtail_borderplan.models import FeedSource


class Command(BaseCommand):
    help = "Collect news from the active feed sources into draft articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=int, action="append", help="Only this source (id); repeatable."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Fetch and read, import and record nothing."
        )

    def handle(self, *args, source=None, dry_run=False, **options):
        sources = FeedSource.objects.filter(active=True)
        if source:
            sources = FeedSource.objects.filter(pk__in=source)
            missing = set(source) - set(sources.values_list("pk", flat=True))
            if missing:
                raise CommandError(
                    _("No feed source with id %(ids)s")
                    % {"ids": ", ".join(map(str, sorted(missing)))}
                )
        results = collect_all(sources, dry_run=dry_run)
        problems = 0
        for result in results:
            name = result.source.name
            if result.error:
                problems += 1
                self.stderr.write(f"{name}: {result.error}")
                continue
            for item in result.failed:
                problems += 1
                self.stderr.write(f"{name}: {item.key}: {item.error}")
            if dry_run:
                line = _("%(new)s new, %(skipped)s already imported")
            elif result.not_modified:
                line = _("not modified")
            elif result.taken:
                line = _(
                    "%(imported)s imported, %(failed)s failed, %(skipped)s already imported, "
                    "%(taken)s imported meanwhile by another collector"
                )
            else:
                line = _("%(imported)s imported, %(failed)s failed, %(skipped)s already imported")
            counts = {
                "new": result.new,
                "imported": len(result.imported),
                "failed": len(result.failed),
                "skipped": result.skipped,
                "taken": result.taken,
            }
            self.stdout.write(f"{name}: {line % counts}")
            if result.proposed:
                self.stdout.write(
                    f"{name}: "
                    + _("%(count)s deliveries proposed for confirmation")
                    % {"count": len(result.proposed)}
                )
        if problems:
            raise SystemExit(1)
