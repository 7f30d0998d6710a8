"""Background tasks (django-tasks, the backend Wagtail itself uses)."""

from django_tasks import task


@task()
def publish_scheduled() -> dict[str, int]:
    """The scheduled-publishing runner as a task, e.g. enqueued every minute by a worker."""
    from .publishing.runner import run

    result = run()
    return {
        "published": len(result.published),
        "expired": len(result.expired),
        "failed": len(result.failures),
    }


@task()
def notify() -> dict[str, int]:
    """Missed-schedule emails and draft reminders, e.g. enqueued every 15 minutes."""
    from .publishing.notify import notify as send

    result = send()
    return {"missed": len(result.missed), "reminders": len(result.reminders)}
