import uuid

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant


def to_default_locale(apps, schema_editor):
    """Existing rows are the default locale's (the language the plan is written in)."""
    Locale = apps.get_model("wagtailcore", "Locale")
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    rows = [
        apps.get_model("wagtail_borderplan", name).objects.filter(translation_key__isnull=True)
        for name in ("Section", "Treaty")
    ]
    if not any(queryset.exists() for queryset in rows):
        return
    locale, _created = Locale.objects.get_or_create(language_code=code)
    for queryset in rows:
        for row in queryset.only("pk"):
            queryset.model.objects.filter(pk=row.pk).update(
                translation_key=uuid.uuid4(), locale=locale
            )


class Migration(migrations.Migration):
    dependencies = [("wagtail_borderplan", "0008_vocabularies_locale_fields")]

    operations = [migrations.RunPython(to_default_locale, migrations.RunPython.noop)]
