# Step three: the fields required, names and slugs unique within a locale.

import django.db.models.deletion
import uuid
import wagtail_borderplan.models.taxonomy
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_borderplan', '0009_vocabularies_in_default_locale'),
    ]

    operations = [
        migrations.AlterField(
            model_name='contentline',
            name='section',
            field=models.ForeignKey(limit_choices_to=wagtail_borderplan.models.taxonomy.in_default_locale, on_delete=django.db.models.deletion.PROTECT, related_name='content_lines', to='wagtail_borderplan.section', verbose_name='section'),
        ),
        migrations.AlterField(
            model_name='contentline',
            name='treaties',
            field=models.ManyToManyField(blank=True, limit_choices_to=wagtail_borderplan.models.taxonomy.in_default_locale, related_name='content_lines', to='wagtail_borderplan.treaty', verbose_name='treaties'),
        ),
        migrations.AlterField(
            model_name='feedsource',
            name='section',
            field=models.ForeignKey(blank=True, limit_choices_to=wagtail_borderplan.models.taxonomy.in_default_locale, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='feed_sources', to='wagtail_borderplan.section', verbose_name='default section'),
        ),
        migrations.AlterField(
            model_name='feedsource',
            name='treaties',
            field=models.ManyToManyField(blank=True, limit_choices_to=wagtail_borderplan.models.taxonomy.in_default_locale, related_name='feed_sources', to='wagtail_borderplan.treaty', verbose_name='default treaties'),
        ),
        migrations.AlterField(
            model_name='section',
            name='locale',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale'),
        ),
        migrations.AlterField(
            model_name='section',
            name='name',
            field=models.CharField(max_length=100, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='section',
            name='slug',
            field=models.SlugField(blank=True, help_text='Used in page addresses; filled from the name when left empty.', max_length=100, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='section',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='treaty',
            name='locale',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale'),
        ),
        migrations.AlterField(
            model_name='treaty',
            name='name',
            field=models.CharField(help_text='The name editors tag articles with.', max_length=100, verbose_name='short name'),
        ),
        migrations.AlterField(
            model_name='treaty',
            name='sections',
            field=models.ManyToManyField(blank=True, limit_choices_to=wagtail_borderplan.models.taxonomy.in_default_locale, related_name='treaties', to='wagtail_borderplan.section', verbose_name='sections'),
        ),
        migrations.AlterField(
            model_name='treaty',
            name='slug',
            field=models.SlugField(blank=True, help_text='Used in page addresses; filled from the name when left empty.', max_length=100, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='treaty',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name='section',
            unique_together={('translation_key', 'locale')},
        ),
        migrations.AlterUniqueTogether(
            name='treaty',
            unique_together={('translation_key', 'locale')},
        ),
        migrations.AddConstraint(
            model_name='section',
            constraint=models.UniqueConstraint(fields=('locale', 'name'), name='wagtail_borderplan_section_name_in_locale'),
        ),
        migrations.AddConstraint(
            model_name='section',
            constraint=models.UniqueConstraint(fields=('locale', 'slug'), name='wagtail_borderplan_section_slug_in_locale'),
        ),
        migrations.AddConstraint(
            model_name='treaty',
            constraint=models.UniqueConstraint(fields=('locale', 'name'), name='wagtail_borderplan_treaty_name_in_locale'),
        ),
        migrations.AddConstraint(
            model_name='treaty',
            constraint=models.UniqueConstraint(fields=('locale', 'slug'), name='wagtail_borderplan_treaty_slug_in_locale'),
        ),
    ]
