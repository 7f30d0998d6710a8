"""Keep entries in step with their articles, whatever publishes them: this runner,
Wagtail's ``publish_scheduled``, or an editor pressing Publish."""

from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from ..actions.editions import publish_translations_with
from ..compat import Page
from ..models import CalendarEntry


def entry_published(sender, instance, **kwargs):
    # When the article went live: a later edit republishes it, but it was on the portal
    # (on time or not) from the first time. Unpublishing clears it. Wagtail sends this
    # signal for a revision scheduled for later too, when nothing went live.
    if not instance.live:
        return
    CalendarEntry.objects.filter(page_id=instance.pk, published_at__isnull=True).update(
        published_at=instance.last_published_at or timezone.now()
    )


def translations_published(sender, instance, **kwargs):
    # The translations that publish with this original go live with it, each on its
    # own: none of them can fail the original's publication.
    publish_translations_with(instance)


def entry_unpublished(sender, instance, **kwargs):
    CalendarEntry.objects.filter(page_id=instance.pk).update(published_at=None)


def alias_published(sender, instance, revision=None, alias=False, **kwargs):
    if not alias:
        return
    original = (
        Page.objects.filter(pk=instance.alias_of_id).only("live", "first_published_at").first()
    )
    if original is None:
        return
    if revision is not None and not original.live:
        # Wagtail's publish action updates every alias, and makes it live, even for a
        # revision only approved to go live later: the article would be on the other
        # portals before its time. The runner's real publish updates it again then.
        Page.objects.filter(pk=instance.pk).update(live=False, has_unpublished_changes=True)
        instance.live = False
        return
    # An alias made before its original went live is published by Wagtail without a
    # first publication time (with_content_json keeps the alias's own, None): it would
    # sort last in the index and go without a date in the feeds. It went live with the
    # original, so it takes the original's.
    if instance.first_published_at is None:
        when = original.first_published_at or instance.last_published_at or timezone.now()
        Page.objects.filter(pk=instance.pk, first_published_at__isnull=True).update(
            first_published_at=when
        )
        instance.first_published_at = when


def connect_receivers() -> None:
    """Connect the receivers (from ``AppConfig.ready()``; the uids make it idempotent)."""
    page_published.connect(entry_published, dispatch_uid="borderplan_entry_published")
    page_unpublished.connect(entry_unpublished, dispatch_uid="borderplan_entry_unpublished")
    page_published.connect(alias_published, dispatch_uid="borderplan_alias_published")
    page_published.connect(translations_published, dispatch_uid="borderplan_translations_published")
