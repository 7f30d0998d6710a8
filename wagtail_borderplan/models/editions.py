"""Planned editions: an entry's translations as work of the plan.

An entry may require its article in other languages (``PlannedEdition``): each is a
deliverable with its own unit and due day. Its state is never stored: it is read from
the translated page Wagtail's internationalisation keeps (same ``translation_key`` as
the entry's article, the edition's locale), live or not, and from when it went live.

The entry's ``translation_rule`` says when a translation publishes: with the original
(the original's go-live publishes the translations it finds, and the edition is due the
day the entry is planned) or when ready (its translators publish it, by its own due day).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Locale

from ..compat import Page
from .calendar import CalendarEntry, EntryStatus, TranslationRule, scheduled_revision
from .planning import Unit
from .taxonomy import default_language


class EditionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DRAFT = "draft", _("Translation in progress")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    LATE = "late", _("Published late")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


def translation_of_entry() -> models.QuerySet:
    """The page in the edition's locale that translates the entry's article (on edition
    rows): Wagtail's ``translation_key`` ties them. An alias in that locale is the
    original's text, not a translation."""
    return Page.objects.filter(
        translation_key=OuterRef("entry__page__translation_key"),
        locale_id=OuterRef("locale_id"),
        alias_of__isnull=True,
    )


class PlannedEditionQuerySet(models.QuerySet):
    def with_translation(self) -> PlannedEditionQuerySet:
        """Annotate what Wagtail records of the translated page: ``translation_id``,
        ``translation_live``, ``translation_first_published_at`` (else its last
        publication), ``translation_scheduled`` (approved to go live later) and
        ``original_scheduled`` (the entry's article is)."""
        page = translation_of_entry()
        went_live = Coalesce("first_published_at", "last_published_at")
        return self.annotate(
            translation_id=Subquery(page.values("pk")[:1]),
        ).annotate(
            translation_live=Subquery(page.values("live")[:1]),
            translation_first_published_at=Subquery(page.values(at=went_live).values("at")[:1]),
            translation_scheduled=Exists(scheduled_revision("translation_id")),
            original_scheduled=Exists(scheduled_revision("entry__page_id")),
        )

    def due_between(self, first: date, last: date, zone: tzinfo) -> PlannedEditionQuerySet:
        """Editions that may be due in [first, last] (a superset: ``due_day()`` tells):
        by their own date, or by their entry's planned day or due date."""
        start = datetime.combine(first - timedelta(days=1), time.min, tzinfo=zone)
        end = datetime.combine(last + timedelta(days=2), time.min, tzinfo=zone)
        return self.filter(
            Q(due_date__range=(first, last))
            | Q(entry__planned_at__gte=start, entry__planned_at__lt=end)
            | Q(entry__planned_at__isnull=True, entry__due_date__range=(first, last))
        )

    def for_state(self) -> PlannedEditionQuerySet:
        """What :func:`edition_state` reads, in one query."""
        return (
            self.with_translation()
            .select_related("entry", "locale", "unit")
            .only(
                "due_date",
                "locale__language_code",
                "unit__name",
                "unit__short_name",
                "entry__planned_at",
                "entry__due_date",
                "entry__editorial_status",
                "entry__translation_rule",
                "entry__published_at",
                "entry__page_id",
                "entry__unit_id",
            )
        )


def other_locales() -> models.Q:
    """The locales an edition may be in: every one but the plan's own."""
    return ~models.Q(language_code=default_language())


class PlannedEdition(models.Model):
    """An edition of an entry's article in another language, planned as work."""

    entry = ParentalKey(
        CalendarEntry,
        related_name="editions",
        on_delete=models.CASCADE,
        verbose_name=_("calendar entry"),
    )
    locale = models.ForeignKey(
        Locale,
        related_name="+",
        on_delete=models.PROTECT,
        limit_choices_to=other_locales,
        verbose_name=_("language"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        related_name="planned_editions",
        on_delete=models.SET_NULL,
        verbose_name=_("translating unit"),
        help_text=_("Left empty, the entry's unit translates."),
    )
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        help_text=_(
            "Published when ready: the day the translation is due (empty: the entry's "
            "planned day). Published with the original: the entry's planned day."
        ),
    )

    objects = PlannedEditionQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "pk"]
        verbose_name = _("planned edition")
        verbose_name_plural = _("planned editions")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "locale"],
                name="borderplan_one_edition_per_language",
                violation_error_message=_("This entry already plans an edition in this language."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.locale}"

    def clean(self) -> None:
        if not self.locale_id:
            return
        entry = self.entry if self.entry_id else None
        article = entry.page if entry is not None and entry.page_id else None
        original = article.locale_id if article is not None else None
        if self.locale_id == original or (
            original is None and self.locale.language_code == default_language()
        ):
            raise ValidationError(
                {"locale": _("The entry itself is in this language: choose another one.")}
            )

    @property
    def language_code(self) -> str:
        return self.locale.language_code

    def due_day(self, zone: tzinfo | None = None) -> date | None:
        """The day the edition is due: when it publishes with the original, the day the
        original went live (else the entry's planned day); else its own due date, else
        the entry's planned day (or due date)."""
        entry = self.entry
        planned = timezone.localdate(entry.planned_at, zone) if entry.planned_at else entry.due_date
        if entry.translation_rule == TranslationRule.WITH_ORIGINAL:
            if entry.published_at is not None:  # with the original: the day it went out
                return timezone.localdate(entry.published_at, zone)
            return planned or self.due_date
        return self.due_date or planned


def edition_state(edition: PlannedEdition, today: date, zone: tzinfo | None = None) -> str:
    """The edition's :class:`EditionState`, on a row of ``for_state()``: published (on
    time or late against its due day) once the translation is live; scheduled when it
    exists and is approved to go live, or publishes with an original that is; missed once its day has
    passed; else a draft if the translation exists, planned if not."""
    if edition.entry.editorial_status == EntryStatus.CANCELLED:
        return EditionState.CANCELLED
    due = edition.due_day(zone)
    if edition.translation_live:
        went_live = edition.translation_first_published_at
        late = (
            due is not None and went_live is not None and timezone.localdate(went_live, zone) > due
        )
        return EditionState.LATE if late else EditionState.PUBLISHED
    with_original = edition.entry.translation_rule == TranslationRule.WITH_ORIGINAL
    if edition.translation_id and (
        edition.translation_scheduled or (with_original and edition.original_scheduled)
    ):
        return EditionState.SCHEDULED
    if due is not None and today > due:
        return EditionState.MISSED
    return EditionState.DRAFT if edition.translation_id else EditionState.PLANNED


# The plan's languages named for its (Vietnamese) editors: Django names Lao nowhere, and
# its Vietnamese name for Chinese is colloquial; a report needs the official wording.
LANGUAGE_NAMES = {
    "vi": pgettext_lazy("language", "Vietnamese"),
    "en": pgettext_lazy("language", "English"),
    "zh-hans": pgettext_lazy("language", "Chinese (Simplified)"),
    "zh-hant": pgettext_lazy("language", "Chinese (Traditional)"),
    "lo": pgettext_lazy("language", "Lao"),
    "km": pgettext_lazy("language", "Khmer"),
}


def translated_language_names() -> dict[str, str]:
    """Each content language's name in the active (admin) language, by code."""
    names = {}
    for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES):
        if code in LANGUAGE_NAMES:
            names[code] = str(LANGUAGE_NAMES[code])
            continue
        try:
            names[code] = str(get_language_info(code)["name_translated"])
        except KeyError:  # a language Django does not know: its code
            names[code] = code
    return names
