"""Which articles an index page lists: filters from routes and query strings.

Filters are resolved to objects first (an unknown or malformed slug is a 404, never a
database error), then applied with ``Exists()`` subqueries, so that combining them
never multiplies rows and needs no ``distinct()``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from taggit.models import Tag
from wagtail.images import get_image_model

from .conf import get_setting
from .models.taxonomy import (
    ControlledTag,
    Section,
    SectionTaggedPage,
    TopicTaggedPage,
    Treaty,
    TreatyTaggedPage,
    in_default_locale,
)
from .vocabulary import content_language, default_language

if TYPE_CHECKING:
    from django.db.models import Model

# Tag slugs are short words and hyphens (taggit allows Unicode letters in topic slugs).
_SLUG = re.compile(r"^[-\w]{1,100}$")

# The dimensions in the order they appear in canonical URLs.
DIMENSIONS = ("section", "treaty", "topic")

LISTING_RENDITION = "fill-480x270"


def article_model() -> type[Model]:
    """The concrete article page model index pages list (setting ``ARTICLE_MODEL``)."""
    return apps.get_model(get_setting("ARTICLE_MODEL"))


@dataclass(frozen=True)
class ArticleFilters:
    section: Section | None = None
    treaty: Treaty | None = None
    topic: Tag | None = None

    def __bool__(self) -> bool:
        return any(self.as_dict().values())

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in DIMENSIONS}

    def slugs(self) -> dict[str, str]:
        return {name: value.slug for name, value in self.as_dict().items() if value}

    def apply(self, queryset: QuerySet) -> QuerySet:
        for through, value in (
            (SectionTaggedPage, self.section),
            (TreatyTaggedPage, self.treaty),
            (TopicTaggedPage, self.topic),
        ):
            if value is not None:
                # Pages are tagged with the default locale's rows; a translation is the
                # same section or treaty by its translation key.
                tag = (
                    Q(tag__translation_key=value.translation_key)
                    if isinstance(value, ControlledTag)
                    else Q(tag=value)
                )
                queryset = queryset.filter(
                    Exists(through.objects.filter(tag, content_object_id=OuterRef("pk")))
                )
        return queryset


def _lookup(model: type[Model], slug: str) -> Model:
    if not _SLUG.match(slug):
        raise Http404("Malformed slug")
    if issubclass(model, ControlledTag):
        return _lookup_vocabulary(model, slug)
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise Http404(f"No {model._meta.model_name} {slug!r}") from None


def _lookup_vocabulary(model: type[ControlledTag], slug: str) -> ControlledTag:
    """The row named by ``slug`` in the reader's language, else in the default one
    (a link shared across languages still works), shown in the reader's language."""
    language = content_language()
    here = Q(locale__language_code=language)
    rows = model.objects.filter(here | in_default_locale(), slug=slug).select_related("locale")
    found = sorted(rows, key=lambda row: row.locale.language_code != language)
    if not found:
        raise Http404(f"No {model._meta.model_name} {slug!r}")
    row = found[0]
    if language != default_language() and row.locale.language_code != language:
        row = model.objects.filter(here, translation_key=row.translation_key).first() or row
    return row


def resolve_filters(route: dict[str, str], query: QueryDict) -> ArticleFilters:
    """Filters from a route's slugs, completed by the query string's.

    A route's slug wins over the same key in the query string; empty query values are
    ignored; an unknown or malformed slug raises ``Http404``.
    """
    models = {"section": Section, "treaty": Treaty, "topic": Tag}
    resolved = {}
    for name in DIMENSIONS:
        slug = route.get(name) or query.get(name, "").strip()
        if slug:
            resolved[name] = _lookup(models[name], slug)
    return ArticleFilters(**resolved)


def with_taxonomy(queryset: QuerySet) -> QuerySet:
    """Prefetch what a listing shows so that its query count does not grow with rows."""
    return queryset.prefetch_related(
        "sections",
        "treaties",
        "topics",
        Prefetch(
            "lead_image",
            queryset=get_image_model().objects.prefetch_renditions(LISTING_RENDITION),
        ),
    )
