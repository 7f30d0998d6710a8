"""What the admin remembers for a user between visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarPreference(models.Model):
    """The calendar filters a user chose last, restored when they open the calendar.

    A row per user, not the session: the choice survives logging out and holds on every
    device the editor uses.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        related_name="borderplan_calendar_preference",
        on_delete=models.CASCADE,
        verbose_name=_("user"),
    )
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar preference")
        verbose_name_plural = _("calendar preferences")

    def __str__(self) -> str:
        return str(self.user)
