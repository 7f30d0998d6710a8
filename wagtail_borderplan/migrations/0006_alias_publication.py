"""Aliases published before this release by Wagtail's alias update for a revision that was
only scheduled: take those of never-live originals off their portals again (the runner
publishes them with the original), and give the others the original's first
publication time, which Wagtail left empty."""

import swapper
from django.db import migrations


def repair_aliases(apps, schema_editor):
    Page = apps.get_model(swapper.get_model_name("wagtailcore", "Page"))
    aliases = Page.objects.filter(alias_of__isnull=False, live=True).select_related("alias_of")
    for alias in aliases.iterator():
        original = alias.alias_of
        if not original.live:
            alias.live = False
            alias.has_unpublished_changes = True
            alias.save(update_fields=["live", "has_unpublished_changes"])
        elif alias.first_published_at is None:
            alias.first_published_at = original.first_published_at or alias.last_published_at
            alias.save(update_fields=["first_published_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_borderplan", "0005_calendarpreference_ux"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(repair_aliases, migrations.RunPython.noop)]
