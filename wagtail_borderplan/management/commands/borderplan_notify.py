"""Email missed schedules (once each) and tomorrow's draft due dates (once each)."""

from django.core.management.base import BaseCommand

from wagtail_borderplan.publishing.notify import notify


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        result = notify()
        for title in result.missed:
            self.stdout.write(f"missed schedule notified: {title}")
        for title in result.reminders:
            self.stdout.write(f"reminder sent: {title}")
        self.stdout.write(f"missed {len(result.missed)}, reminders {len(result.reminders)}")
