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

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Locale

from .calendar import CalendarEntry
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

    class Meta:
        ordering = ["entry", "locale__language_code"]
        verbose_name = _("planned edition")
        verbose_name_plural = _("planned editions")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "locale"], name="borderplan_one_edition_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.locale}"

    def clean(self) -> None:
        if self.locale_id and self.locale.language_code == default_language():
            raise ValidationError(
                {"locale": _("The entry itself is in this language: choose another one.")}
            )
