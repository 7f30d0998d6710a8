"""Secret ICS feed URLs that let a user subscribe to the calendar from any client."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A user's subscription URL, filtered like the calendar.

    Only a hash of the token is stored: the URL is shown once, when it is created.
    Revoking deletes the row, so the old URL answers 404 like any wrong token.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="borderplan_calendar_feeds",
        on_delete=models.CASCADE,
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    query = models.CharField(
        _("filters"),
        max_length=1000,
        blank=True,
        help_text=_("The calendar's filters, as in its address."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def create_for(cls, user, name: str, query: str) -> tuple[CalendarFeed, str]:
        """A new feed and its token (the only time the token is known)."""
        token = secrets.token_urlsafe(32)
        feed = cls.objects.create(user=user, name=name, query=query, token_hash=hash_token(token))
        return feed, token
