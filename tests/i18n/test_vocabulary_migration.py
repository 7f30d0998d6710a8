"""Turning sections and treaties translatable keeps a portal's existing vocabulary: the
rows join the default locale, each with its own translation key, and stay tagged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

APP = "wagtail_borderplan"
BEFORE = [(APP, "0007_deliveries")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_sections_and_treaties_join_the_default_locale():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes(APP)
    old = migrate(BEFORE)
    try:
        OldSection = old.get_model(APP, "Section")
        OldTreaty = old.get_model(APP, "Treaty")
        china = OldSection.objects.create(
            name="Việt Nam - Trung Quốc", slug="viet-nam-trung-quoc", neighbour_country="TQ"
        )
        laos = OldSection.objects.create(
            name="Việt Nam - Lào", slug="viet-nam-lao", neighbour_country="Lào"
        )
        treaty = OldTreaty.objects.create(
            name="Hiệp ước 1999", slug="hiep-uoc-1999", full_title="Hiệp ước", kind="treaty"
        )
        treaty.sections.add(china)

        new = migrate(latest)
        Section = new.get_model(APP, "Section")
        Treaty = new.get_model(APP, "Treaty")
        Locale = new.get_model("wagtailcore", "Locale")
        vietnamese = Locale.objects.get(language_code="vi")
        sections = list(Section.objects.order_by("pk"))
        assert [(row.pk, row.locale_id) for row in sections] == [
            (china.pk, vietnamese.pk),
            (laos.pk, vietnamese.pk),
        ]
        assert len({row.translation_key for row in sections}) == 2
        kept = Treaty.objects.get(pk=treaty.pk)
        assert kept.locale_id == vietnamese.pk
        assert list(kept.sections.values_list("pk", flat=True)) == [china.pk]
    finally:
        migrate(latest)
