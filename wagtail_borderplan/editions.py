"""A page's editions on the public side: the same page in the other languages that the
portal serves (Wagtail's translations of it, live, public and routable on this site)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.db.models import Subquery
from django.http import Http404, HttpRequest
from wagtail.models import Site

from .compat import Page
from .models.taxonomy import default_language
from .vocabulary import content_language


@dataclass(frozen=True)
class Edition:
    language: str  # the locale's code: "vi", "en", "zh-hans", "lo", "km"
    name: str  # the language named in itself: "English", "ລາວ"
    url: str
    current: bool

    @property
    def hreflang(self) -> str:
        """BCP 47 with the script in title case, as hreflang is usually written."""
        parts = self.language.split("-")
        return "-".join(
            [parts[0], *(part.title() if len(part) == 4 else part.upper() for part in parts[1:])]
        )


def language_names() -> dict[str, str]:
    return dict(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES))


def page_editions(page: Page, request: HttpRequest | None) -> list[Edition]:
    """The page in every language this site serves it in, the page itself included, in
    the order of ``WAGTAIL_CONTENT_LANGUAGES``; empty when the page has no translation."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or not page.pk:
        return []
    translations = page.get_translations(inclusive=True).live().public().select_related("locale")
    names = language_names()
    current = content_language()
    found: dict[str, Edition] = {}
    for translation in translations:
        language = translation.locale.language_code
        url = translation.get_full_url(request)
        if url and language in names:
            found[language] = Edition(language, names[language], url, language == current)
    if len(found) < 2:
        return []
    return [found[language] for language in names if language in found]


def site_name(site: Site | None, language: str) -> str:
    """The portal's name in the reader's language: the site's name in the default
    language, else its home page's title in that language (one query), else the name."""
    if site is None:
        return ""
    if language == default_language():
        return site.site_name
    root_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")
    title = (
        Page.objects.filter(translation_key=Subquery(root_key[:1]), locale__language_code=language)
        .values_list("title", flat=True)
        .first()
    )
    return title or site.site_name


def refuse_other_language(page: Page, request: HttpRequest, *args: Any) -> None:
    """``before_serve_page``: under a language's address a page answers only in that
    language. Wagtail routes /en/… through the Vietnamese tree when a portal has no
    English one; that portal does not serve English, so the address is a 404, not a
    Vietnamese page dressed in English.

    Only where the address tells the language (``i18n_patterns``): where a browser's
    ``Accept-Language`` does, a reader's language says nothing of the portal's."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    if not is_language_prefix_patterns_used(urlconf)[0]:
        return
    if page.locale.language_code != content_language():
        raise Http404("This portal does not serve the page in this language.")
