"""The test settings with a project's own base page (Wagtail 8's ``WAGTAIL_PAGE_MODEL``):
``wagtailcore.Page`` is swapped out, so every relation, page type and page query of
ours must go through ``wagtail_borderplan.compat``. Run with
``pytest --ds=tests.settings_custom_page`` (pyproject names tests.settings)."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

INSTALLED_APPS = ["tests.custom_page", *INSTALLED_APPS]
WAGTAIL_PAGE_MODEL = "custom_page.BasePage"
