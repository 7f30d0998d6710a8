"""The plan's vocabularies: sections (border lines), treaties and free topics.

Sections and treaties are controlled vocabularies (``free_tagging = False``): editors
pick from them, only a manager adds to them. Topics are free tags (taggit's ``Tag``).

Sections and treaties translate with Wagtail's own ``TranslatableMixin``: one row per
locale, sharing a ``translation_key``, with names and slugs unique within their locale.
Pages, plans and reports always point at the rows in the default locale (``canonical()``),
so that an article and all its editions count under one section; the public side shows
the row of the reader's language (``wagtail_borderplan.vocabulary``).
The tagged-item models point at Wagtail's base ``Page`` through a ``ParentalKey`` so
that any page type built from ``BorderArticleMixin`` shares them, and tags live in
revisions and previews like the rest of the page.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import TranslatableMixin

from ..compat import PAGE_MODEL

# Django's slugify drops "đ", which has no ASCII decomposition; map it first so that
# "Đức Thiên" becomes "duc-thien", not "uc-thien".
_VIETNAMESE_D = str.maketrans({"đ": "d", "Đ": "D"})

colour_validator = RegexValidator(
    re.compile(r"^#[0-9a-fA-F]{6}$"), _("Enter a colour as #rrggbb, e.g. #b91c1c.")
)


def vietnamese_slugify(text: str) -> str:
    """An ASCII slug for a Vietnamese name: "Việt Nam - Lào" -> "viet-nam-lao"."""
    return slugify(text.translate(_VIETNAMESE_D))


def default_language() -> str:
    """The default locale's language code (the plan's language)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def in_default_locale() -> models.Q:
    """The rows in the default locale (a join, not a query: it runs in every listing).

    Also the ``limit_choices_to`` of every foreign key to a vocabulary."""
    return models.Q(locale__language_code=default_language())


class VocabularyQuerySet(models.QuerySet):
    def canonical(self) -> VocabularyQuerySet:
        """The rows in the default locale: the ones pages, plans and reports point at."""
        return self.filter(in_default_locale())


class ControlledTag(TranslatableMixin, TagBase):
    """A tag editors choose from but cannot create while tagging a page."""

    free_tagging = False

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        allow_unicode=False,
        help_text=_("Used in page addresses; filled from the name when left empty."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    objects = VocabularyQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "name"], name="%(app_label)s_%(class)s_name_in_locale"
            ),
            models.UniqueConstraint(
                fields=["locale", "slug"], name="%(app_label)s_%(class)s_slug_in_locale"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.locale_id is None:  # a new row: the form has no locale field
            self.locale = self.get_default_locale()
        if self.pk and not self.slug:  # taggit fills an empty slug only on creation
            self.slug = self.slugify(self.name)

    def validate_constraints(self, exclude=None) -> None:
        # The locale is not a form field, yet names and slugs are unique within it:
        # Django skips a constraint on an excluded field, and the save would fail.
        super().validate_constraints(exclude=set(exclude or ()) - {"locale"})

    def slugify(self, tag: str, i: int | None = None) -> str:
        slug = vietnamese_slugify(tag)[:90] or "tag"
        return f"{slug}-{i}" if i is not None else slug


class Section(ControlledTag):
    """A border line of the plan (e.g. the Vietnam–China land border)."""

    neighbour_country = models.CharField(_("neighbour country"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1d4ed8",
        validators=[colour_validator],
        help_text=_("Marks the section's articles and calendar entries."),
    )

    class Meta(ControlledTag.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name


class TreatyKind(models.TextChoices):
    TREATY = "treaty", _("Treaty")
    AGREEMENT = "agreement", _("Agreement")
    PROTOCOL = "protocol", _("Protocol")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    OTHER = "other", _("Other legal document")


class Treaty(ControlledTag):
    """A treaty, agreement, protocol or joint statement the plan asks to explain."""

    name = models.CharField(
        _("short name"), max_length=100, help_text=_("The name editors tag articles with.")
    )
    full_title = models.CharField(_("full title"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=20, choices=TreatyKind.choices, default=TreatyKind.TREATY
    )
    sections = models.ManyToManyField(
        Section,
        related_name="treaties",
        blank=True,
        verbose_name=_("sections"),
        limit_choices_to=in_default_locale,
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    official_text_url = models.URLField(_("official text"), blank=True, max_length=500)

    class Meta(ControlledTag.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")

    def __str__(self) -> str:
        return self.name

    def plan_sections(self) -> models.QuerySet:
        """The sections of this treaty, in any of its translations: the relation is kept
        on the default locale's row."""
        originals = Treaty.objects.canonical().filter(translation_key=self.translation_key)
        return Section.objects.canonical().filter(treaties__in=originals)


class SectionTaggedPage(TaggedItemBase):
    tag = models.ForeignKey(
        Section, related_name="tagged_pages", on_delete=models.CASCADE, verbose_name=_("section")
    )
    content_object = ParentalKey(
        PAGE_MODEL, related_name="borderplan_section_items", on_delete=models.CASCADE
    )

    class Meta:
        unique_together = [("content_object", "tag")]
        verbose_name = _("section of a page")
        verbose_name_plural = _("sections of pages")


class TreatyTaggedPage(TaggedItemBase):
    tag = models.ForeignKey(
        Treaty, related_name="tagged_pages", on_delete=models.CASCADE, verbose_name=_("treaty")
    )
    content_object = ParentalKey(
        PAGE_MODEL, related_name="borderplan_treaty_items", on_delete=models.CASCADE
    )

    class Meta:
        unique_together = [("content_object", "tag")]
        verbose_name = _("treaty of a page")
        verbose_name_plural = _("treaties of pages")


class TopicTaggedPage(TaggedItemBase):
    tag = models.ForeignKey(
        "taggit.Tag",
        related_name="borderplan_tagged_pages",
        on_delete=models.CASCADE,
        verbose_name=_("topic"),
    )
    content_object = ParentalKey(
        PAGE_MODEL, related_name="borderplan_topic_items", on_delete=models.CASCADE
    )

    class Meta:
        unique_together = [("content_object", "tag")]
        verbose_name = _("topic of a page")
        verbose_name_plural = _("topics of pages")
