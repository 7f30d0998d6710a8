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


@task()
def collect() -> dict[str, int]:
    """Collect news from the active feed sources, e.g. enqueued every 15 minutes."""
    from .collect.collector import collect_all

    results = collect_all()
    return {
        "imported": sum(len(r.imported) for r in results),
        "failed": sum(len(r.failed) for r in results),
        "feeds_failed": sum(bool(r.error) for r in results),
    }
