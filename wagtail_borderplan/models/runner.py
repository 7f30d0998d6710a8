"""The publishing runner's heartbeat: when it last ran and what it did."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunnerHeartbeat(models.Model):
    """One row per runner name, rewritten at the end of every run (on any server)."""

    name = models.CharField(_("name"), max_length=50, unique=True, default="publish")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    published = models.PositiveIntegerField(_("published"), default=0)
    expired = models.PositiveIntegerField(_("expired"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    failures = models.JSONField(_("failures"), default=list, blank=True)
    host = models.CharField(_("server"), max_length=255, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)

    class Meta:
        verbose_name = _("runner heartbeat")
        verbose_name_plural = _("runner heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.finished_at:%Y-%m-%d %H:%M}"
