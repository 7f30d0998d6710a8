"""Settings of an install that lists 'wagtail' before 'wagtail_borderplan'."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "wagtail_borderplan"]  # noqa: F405
INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail") + 1, "wagtail_borderplan")
