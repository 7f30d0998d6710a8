# Sections and treaties become translatable (Wagtail's TranslatableMixin), in three steps
# as Wagtail's docs ask for a model with rows: nullable fields, rows put in the default
# locale, then the constraints.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_borderplan", "0007_deliveries"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name=model,
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        )
        for model in ("section", "treaty")
    ] + [
        migrations.AddField(
            model_name=model,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        )
        for model in ("section", "treaty")
    ]
