"""The base page of a project that swaps Wagtail's: as Wagtail's own test app
(``wagtail.test.basepage``) does, an ``AbstractPage`` without ``DefaultBasePageMixin``'s
SEO fields, plus a field of its own, so a test sees which base the pages are built on."""

from django.db import models
from wagtail.models import AbstractPage


class BasePage(AbstractPage):
    importance = models.CharField(max_length=255, blank=True, null=True)

    promote_panels = [*AbstractPage.promote_panels, "importance"]
