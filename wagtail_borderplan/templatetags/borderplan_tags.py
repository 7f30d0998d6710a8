"""Template helpers for border pages: times in the plan's zone, filter URLs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import dateformat, timezone
from wagtail.models import Site

from ..compat import Page
from ..editions import Edition, page_editions, site_name
from ..times import plan_zone, zone_key, zone_offset
from ..vocabulary import Vocabularies, content_language

register = template.Library()


@register.filter
def bp_localtime(value: datetime | None) -> datetime | None:
    """The datetime in the plan's time zone (Asia/Ho_Chi_Minh by default)."""
    if not isinstance(value, datetime):
        return value
    return timezone.localtime(value, plan_zone()) if timezone.is_aware(value) else value


# How readers of each language write a date and time; day/month/year otherwise (as in
# Vietnamese, Lao and Khmer). Django's ``dateformat`` names the month in the active
# language.
READER_FORMATS = {"en": "j F Y, H:i", "zh-hans": "Y年n月j日 H:i"}


@register.filter
def bp_datetime(value: datetime | None) -> str:
    """``26/11/2026 08:30 (Asia/Ho_Chi_Minh, UTC+07:00)``: the time with its zone named,
    written as the page's language writes dates (``26 November 2026, 08:30`` in English,
    ``2026年11月26日 08:30`` in Chinese)."""
    local = bp_localtime(value)
    if not isinstance(local, datetime):
        return ""
    zone = local.tzinfo
    written = dateformat.format(local, READER_FORMATS.get(content_language(), "d/m/Y H:i"))
    return f"{written} ({zone_key(zone)}, UTC{zone_offset(zone, local)})"


@register.simple_tag(takes_context=True)
def bp_filter_url(context: dict[str, Any], index: Any, feed: str = "", **slugs: str) -> str:
    """The index page's URL for the given filters (``section``, ``treaty``, ``topic``)."""
    return index.filter_url(context.get("request"), feed=feed, **slugs)


@register.filter
def bp_iso(value: datetime | None) -> str:
    """ISO 8601 in the plan's zone, for ``<time datetime>`` (Django's ``date`` filter would
    convert back to the current zone)."""
    local = bp_localtime(value)
    return local.isoformat() if isinstance(local, datetime) else ""


@register.simple_tag(takes_context=True)
def bp_toggle_url(
    context: dict[str, Any], index: Any, filters: Any, dimension: str, option: Any
) -> str:
    """The URL with ``option`` chosen for ``dimension``, or without that filter if it is
    already the chosen one; the other active filters are kept."""
    slugs = filters.slugs()
    if slugs.get(dimension) == option.slug:
        del slugs[dimension]
    else:
        slugs[dimension] = option.slug
    return index.filter_url(context.get("request"), **slugs)


@register.simple_tag(takes_context=True)
def bp_in_language(context: dict[str, Any], row: Any) -> Any:
    """A section or treaty as the active language names it (its translation, if any).

    The translations are read once per request and vocabulary, however many cards ask."""
    holder = context.get("request") or context
    vocabularies = getattr(holder, "_bp_vocabularies", None)
    if vocabularies is None:
        vocabularies = holder._bp_vocabularies = Vocabularies()
    return vocabularies(row)


@register.simple_tag(takes_context=True)
def bp_editions(context: dict[str, Any], page: Any) -> list[Edition]:
    """The page in the other languages its site serves (for hreflang and the switcher)."""
    return page_editions(page, context.get("request")) if isinstance(page, Page) else []


@register.simple_tag(takes_context=True)
def bp_site_name(context: dict[str, Any]) -> str:
    """The portal's name in the page's language, for the title's suffix."""
    request = context.get("request")
    if request is None:
        return ""
    if not hasattr(request, "_bp_site_name"):
        request._bp_site_name = site_name(Site.find_for_request(request), content_language())
    return request._bp_site_name
