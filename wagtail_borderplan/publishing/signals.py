"""Keep entries in step with their articles, whatever publishes them: this runner,
Wagtail's ``publish_scheduled``, or an editor pressing Publish."""

from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from ..models import CalendarEntry


@receiver(page_published, dispatch_uid="borderplan_entry_published")
def entry_published(sender, instance, **kwargs):
    # When the article went live: a later edit republishes it, but it was on the portal
    # (on time or not) from the first time. Unpublishing clears it. Wagtail sends this
    # signal for a revision scheduled for later too, when nothing went live.
    if not instance.live:
        return
    CalendarEntry.objects.filter(page_id=instance.pk, published_at__isnull=True).update(
        published_at=instance.last_published_at or timezone.now()
    )


@receiver(page_unpublished, dispatch_uid="borderplan_entry_unpublished")
def entry_unpublished(sender, instance, **kwargs):
    CalendarEntry.objects.filter(page_id=instance.pk).update(published_at=None)
