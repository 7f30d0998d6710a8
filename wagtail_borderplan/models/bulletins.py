"""Bulletin issues: publishing an issue delivers its entries on the bulletin's channel."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string

from .calendar import CalendarEntry
from .planning import Channel, ChannelKind


class BulletinIssue(models.Model):
    """One issue of a bulletin (bản tin): its number, date, the entries it carries and
    its PDF. Publishing it (``PublishBulletinAction``) records a delivery of each entry
    on the bulletin's channel, with the issue's number as evidence."""

    channel = models.ForeignKey(
        Channel,
        related_name="bulletin_issues",
        on_delete=models.PROTECT,
        limit_choices_to={"kind": ChannelKind.BULLETIN},
        verbose_name=_("bulletin"),
    )
    number = models.CharField(_("issue number"), max_length=50)
    issue_date = models.DateField(_("issue date"))
    entries = models.ManyToManyField(
        CalendarEntry,
        related_name="bulletin_issues",
        blank=True,
        verbose_name=_("calendar entries"),
        help_text=_("The planned items this issue carries; each must be planned on the bulletin."),
    )
    document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("PDF"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-issue_date", "channel", "number"]
        verbose_name = _("bulletin issue")
        verbose_name_plural = _("bulletin issues")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "number"], name="borderplan_one_issue_number_per_bulletin"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.number}"
