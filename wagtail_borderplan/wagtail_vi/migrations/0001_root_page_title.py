"""Name the page tree's root in Vietnamese.

Wagtail's own migration creates the root page with the title "Root": data, not a text
any catalogue translates, and the admin shows it in breadcrumbs, the page explorer and
the choosers. Only a root still called "Root" is renamed, so a title a site chose stays.
"""

from django.db import migrations

ENGLISH, VIETNAMESE = "Root", "Gốc"


def rename(apps, old: str, new: str) -> None:
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def forwards(apps, schema_editor):
    rename(apps, ENGLISH, VIETNAMESE)


def backwards(apps, schema_editor):
    rename(apps, VIETNAMESE, ENGLISH)


class Migration(migrations.Migration):
    # The newest migration of Wagtail 7.4 and 8, so that draft_title exists.
    dependencies = [("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
