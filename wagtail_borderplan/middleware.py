"""The public side's language comes from the address, never from the browser.

Django's ``LocaleMiddleware`` falls back on the ``Accept-Language`` header and a cookie,
so a Vietnamese editor whose browser asks for English would get an English admin login,
and a commune station an English confirmation page. Here the language is the URL's
prefix (``i18n_patterns``) or else ``LANGUAGE_CODE``; Wagtail's admin still switches to
each user's chosen admin language.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ContentLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        language = translation.get_language_from_path(request.path_info)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        # Django varies on Accept-Language, which this middleware never reads: caches in
        # front of the portals would keep a copy per browser language for nothing.
        kept = [
            value.strip()
            for value in response.get("Vary", "").split(",")
            if value.strip() and value.strip().lower() != "accept-language"
        ]
        if kept:
            response["Vary"] = ", ".join(kept)
        elif response.has_header("Vary"):
            del response["Vary"]
        return response
