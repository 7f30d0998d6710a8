"""Email missed schedules, tomorrow's draft due dates and what each carrying unit is to
carry tomorrow (each once)."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_borderplan.publishing.notify import notify


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        result = notify()
        for title in result.missed:
            self.stdout.write(f"missed schedule notified: {title}")
        for title in result.reminders:
            self.stdout.write(f"reminder sent: {title}")
        for line in result.carriers:
            self.stdout.write(f"carrying unit reminded: {line}")
        self.stdout.write(
            f"missed {len(result.missed)}, reminders {len(result.reminders)}, "
            f"carrying units {len(result.carriers)}"
        )
        for line in result.errors:
            self.stderr.write(f"not sent, retried next run: {line}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} reminders could not be sent")
