"""Vietnamese for the strings of Wagtail's admin JavaScript that Wagtail leaves in English.

Wagtail's own JavaScript catalogue reads only wagtail.admin's translations, so this app's
``djangojs`` catalogue is handed to the page as JSON and merged by a small script.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.translation import get_language
from wagtail import hooks

CATALOGUE = Path(__file__).parent / "locale/vi/LC_MESSAGES/djangojs.mo"


@cache
def vietnamese_catalog() -> dict[str, str | list[str]]:
    """Our .mo in the shape of Django's JavaScript catalogue (a plural as a list of
    forms; Vietnamese has one). Read directly: Django's loader would add fallbacks."""
    with CATALOGUE.open("rb") as handle:
        translation = gettext.GNUTranslations(handle)
    catalog: dict[str, str | list[str]] = {}
    for key, value in translation._catalog.items():
        if isinstance(key, tuple):
            catalog[key[0]] = [value]
        elif key:
            catalog[key] = value
    return catalog


@hooks.register("insert_global_admin_js")
def vietnamese_js_catalog() -> str:
    language = get_language() or ""
    # Only Vietnamese: another language must not fall back to these strings.
    if not language.startswith("vi"):
        return ""
    return format_html(
        '{}<script src="{}"></script>',
        json_script(vietnamese_catalog(), "borderplan-wagtail-vi-catalog"),
        static("borderplan_wagtail_vi/js/catalog.js"),
    )
