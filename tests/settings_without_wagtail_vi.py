"""Settings of an install with a Vietnamese admin but without wagtail_borderplan.wagtail_vi."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "wagtail_borderplan.wagtail_vi"]  # noqa: F405
