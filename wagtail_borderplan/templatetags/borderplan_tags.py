"""Template helpers for border pages: times in the plan's zone, filter URLs."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone

from ..conf import get_setting
from ..times import zone_key, zone_offset

register = template.Library()


def plan_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(get_setting("TIME_ZONE"))


@register.filter
def bp_localtime(value: datetime | None) -> datetime | None:
    """The datetime in the plan's time zone (Asia/Ho_Chi_Minh by default)."""
    if not isinstance(value, datetime):
        return value
    return timezone.localtime(value, plan_zone()) if timezone.is_aware(value) else value


@register.filter
def bp_datetime(value: datetime | None) -> str:
    """``26/11/2026 08:30 (Asia/Ho_Chi_Minh, UTC+07:00)``: the time with its zone named."""
    local = bp_localtime(value)
    if not isinstance(local, datetime):
        return ""
    zone = local.tzinfo
    return f"{local:%d/%m/%Y %H:%M} ({zone_key(zone)}, UTC{zone_offset(zone, local)})"


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
