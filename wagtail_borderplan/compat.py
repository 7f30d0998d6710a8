"""The base page model, whichever Wagtail provides it.

Wagtail 8 lets a project swap ``wagtailcore.Page`` for its own base page model
(``WAGTAIL_PAGE_MODEL``, through ``swapper``); Wagtail 7.4 has no such setting. Every
relation to pages, every page type of ours and every query over all pages goes through
this module, so the app works on both and with a swapped base page:

- ``PAGE_MODEL``: the ``"app_label.ModelName"`` string for ``ForeignKey`` and
  ``ParentalKey`` declarations (and for migrations);
- ``Page``: the concrete base page class, for subclassing and for ``Page.objects``;
- ``get_page_model()``: the same class, looked up when called (after start-up).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

import swapper
from django.apps import apps

if TYPE_CHECKING:
    from wagtail.models import Page as WagtailPage

# Wagtail 8 names the setting WAGTAIL_PAGE_MODEL (not swapper's default
# WAGTAILCORE_PAGE_MODEL) when wagtail.models is imported; say so here too, so that the
# answer does not depend on import order. Harmless on Wagtail 7.4, where nothing swaps.
swapper.set_app_prefix("wagtailcore", "wagtail")

PAGE_MODEL: str = swapper.get_model_name("wagtailcore", "Page")


def get_page_model() -> type[WagtailPage]:
    """The base page model class (``wagtailcore.Page`` unless ``WAGTAIL_PAGE_MODEL`` swaps it)."""
    return swapper.load_model("wagtailcore", "Page")


def _base_page_class() -> type[WagtailPage]:
    # Called while the apps' models are being imported: the app of a swapped base page may
    # come after ours in INSTALLED_APPS, so import its models module rather than ask the
    # registry, which is not ready yet.
    if not swapper.is_swapped("wagtailcore", "Page"):
        from wagtail.models import Page as WagtailPage

        return WagtailPage
    app_label, model_name = swapper.split(PAGE_MODEL)
    try:
        return apps.get_registered_model(app_label, model_name)
    except LookupError:
        import_module(f"{apps.get_app_config(app_label).name}.models")
        return apps.get_registered_model(app_label, model_name)


Page = _base_page_class()
