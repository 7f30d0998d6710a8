"""The plan's vocabularies (sections, treaties) in the reader's language.

Pages and plans point at the rows of the default locale; a translation is another row
with the same ``translation_key``. The public side shows each canonical row as its
translation in the active language when there is one, else as itself, and reads a slug
in either. Nothing here queries when the active language is the default one, and at most
one query per vocabulary and request otherwise.
"""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from django.db.models import F, Q
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

from .models.taxonomy import ControlledTag, default_language, in_default_locale

Tag = TypeVar("Tag", bound=ControlledTag)


def content_language(language: str | None = None) -> str:
    """The content language (a configured locale) for ``language`` or the active one."""
    try:
        return get_supported_content_language_variant(language or translation.get_language())
    except LookupError:
        return default_language()


def rows_in_language(model: type[Tag], language: str | None = None) -> list[Tag]:
    """Every canonical row, as named in ``language`` (the active one), in canonical
    order: one query, none more than in the default language."""
    language = content_language(language)
    default = default_language()
    if language == default:
        return list(model.objects.canonical())
    rows = model.objects.filter(in_default_locale() | Q(locale__language_code=language))
    rows = list(rows.annotate(language=F("locale__language_code")))
    translated = {row.translation_key: row for row in rows if row.language != default}
    return [translated.get(row.translation_key, row) for row in rows if row.language == default]


class Translations:
    """Canonical rows -> their names in the active language, fetched once, on first use."""

    def __init__(self, model: type[Tag]) -> None:
        self.model = model
        self._rows: dict[UUID, Tag] | None = None

    def __call__(self, row: Tag) -> Tag:
        if content_language() == default_language():
            return row
        if self._rows is None:
            self._rows = {row.translation_key: row for row in rows_in_language(self.model)}
        return self._rows.get(row.translation_key, row)


class Vocabularies:
    """Sections and treaties alike in the active language: one ``Translations`` per
    vocabulary, made on first use (a page or feed holds one for all its rows)."""

    def __init__(self) -> None:
        self._by_model: dict[type, Translations] = {}

    def __call__(self, row: Tag) -> Tag:
        model = type(row)
        if model not in self._by_model:
            self._by_model[model] = Translations(model)
        return self._by_model[model](row)
