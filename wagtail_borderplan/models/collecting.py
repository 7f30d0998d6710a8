"""Collecting news: the press agencies' feeds and the record of every item taken from them.

A collected item becomes a *draft* article and a calendar entry in the "collected"
state; nothing collected is ever published without an editor.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag
from wagtail.search import index

from ..compat import Page
from .calendar import CalendarEntry
from .planning import Channel, ChannelKind, ContentLine, Plan, Unit
from .taxonomy import Section, Treaty, in_default_locale


class FeedSource(index.Indexed, models.Model):
    """A press agency's RSS or Atom feed that the ICT centre collects from."""

    name = models.CharField(
        _("press agency"), max_length=255, help_text=_("Shown as the source of every article.")
    )
    feed_url = models.URLField(_("feed URL"), max_length=1000, unique=True)
    index_page = models.ForeignKey(
        Page,
        related_name="+",
        on_delete=models.PROTECT,
        verbose_name=_("portal index"),
        help_text=_("The index page under which the draft articles are created."),
    )
    plan = models.ForeignKey(
        Plan,
        null=True,
        blank=True,
        related_name="feed_sources",
        on_delete=models.SET_NULL,
        verbose_name=_("plan"),
        help_text=_("Empty: the active plan whose period includes the day of collecting."),
    )
    content_line = models.ForeignKey(
        ContentLine,
        null=True,
        blank=True,
        related_name="feed_sources",
        on_delete=models.SET_NULL,
        verbose_name=_("content line"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        related_name="feed_sources",
        on_delete=models.SET_NULL,
        verbose_name=_("receiving unit"),
        help_text=_("Empty: the ICT centre."),
    )
    channel = models.ForeignKey(
        Channel,
        null=True,
        blank=True,
        related_name="feed_sources",
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": ChannelKind.PRESS},
        verbose_name=_("press channel"),
        help_text=_(
            "The agency's channel in the plan: an item of this feed that matches an entry "
            "planned on it (by link or by title) is proposed as its delivery, for a person "
            "to confirm."
        ),
    )
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        related_name="feed_sources",
        on_delete=models.SET_NULL,
        verbose_name=_("default section"),
        limit_choices_to=in_default_locale,
    )
    treaties = models.ManyToManyField(
        Treaty,
        related_name="feed_sources",
        blank=True,
        verbose_name=_("default treaties"),
        limit_choices_to=in_default_locale,
    )
    topics = models.ManyToManyField(
        Tag, related_name="borderplan_feed_sources", blank=True, verbose_name=_("default topics")
    )
    categories_to_topics = models.BooleanField(
        _("new topics from categories"),
        default=False,
        help_text=_(
            "An item's categories always become the topics of the same name that exist; "
            "tick to create the topics that do not exist yet."
        ),
    )
    active = models.BooleanField(pgettext_lazy("feed source", "active"), default=True)
    # Conditional GET: what the server said last time.
    etag = models.CharField(max_length=255, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_fetched_at = models.DateTimeField(_("last fetch"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(
        _("last successful fetch"), null=True, blank=True, editable=False
    )
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    search_fields = [index.SearchField("name"), index.SearchField("feed_url")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("feed source")
        verbose_name_plural = _("feed sources")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .pages import BorderIndexMixin

        errors = {}
        if self.index_page_id and not isinstance(self.index_page.specific, BorderIndexMixin):
            errors["index_page"] = _("Choose a border index page.")
        if self.content_line_id and self.plan_id and self.content_line.plan_id != self.plan_id:
            errors["content_line"] = _("The content line belongs to another plan.")
        if errors:
            raise ValidationError(errors)


class CollectedStatus(models.TextChoices):
    IMPORTED = "imported", pgettext_lazy("collected item", "Imported")
    FAILED = "failed", pgettext_lazy("collected item", "Failed")


def item_key_hash(key: str) -> str:
    """The fixed-length digest the uniqueness constraint is on (a GUID or URL can be
    longer than an indexable column on MariaDB)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class CollectedItem(models.Model):
    """One item of a feed, imported or failed; its key makes every import happen once."""

    source = models.ForeignKey(
        FeedSource, related_name="items", on_delete=models.CASCADE, verbose_name=_("feed source")
    )
    key = models.TextField(_("GUID or link"))
    key_hash = models.CharField(max_length=64, editable=False)
    title = models.CharField(_("title"), max_length=255, blank=True)
    link = models.URLField(_("original URL"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CollectedStatus.choices)
    error = models.TextField(_("error"), blank=True)
    warnings = models.TextField(
        _("warnings"), blank=True, help_text=_("What was left out: images, unsafe markup.")
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("article"),
    )
    entry = models.ForeignKey(
        CalendarEntry,
        null=True,
        blank=True,
        related_name="collected_items",
        on_delete=models.SET_NULL,
        verbose_name=_("calendar entry"),
    )
    collected_at = models.DateTimeField(_("collected at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last attempt"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("collected item")
        verbose_name_plural = _("collected items")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "key_hash"], name="borderplan_collected_item_once"
            )
        ]
        permissions = [("import_article", _("Can import articles from pasted HTML"))]

    def __str__(self) -> str:
        return self.title or self.key

    def save(self, *args, **kwargs) -> None:
        self.key_hash = item_key_hash(self.key)
        super().save(*args, **kwargs)
