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
