"""Settings of an install that forgot wagtail.contrib.routable_page and wagtail.snippets."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [
    app
    for app in INSTALLED_APPS  # noqa: F405
    if app not in ("wagtail.contrib.routable_page", "wagtail.snippets")
]
