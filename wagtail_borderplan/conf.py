"""The app's settings: one ``WAGTAIL_BORDERPLAN`` dict, read through :func:`get_setting`.

Defaults live here and nowhere else; ``checks.py`` reports unknown keys and invalid
values as system-check errors, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import time
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SETTINGS_NAME = "WAGTAIL_BORDERPLAN"

DEFAULTS: dict[str, Any] = {
    # The concrete page model that index pages list (``app_label.ModelName``).
    "ARTICLE_MODEL": "wagtail_borderplan.BorderArticlePage",
    # Articles per page on an index page.
    "INDEX_PAGE_SIZE": 12,
    # Items in each RSS/Atom feed.
    "FEED_ITEMS": 20,
    # How many of the most used topics an index page offers as filters.
    "INDEX_TOPIC_LIMIT": 20,
    # The zone public pages show times in (the admin uses the user's Wagtail zone).
    "TIME_ZONE": "Asia/Ho_Chi_Minh",
    # Entries shown in a month-view day before "+N more" (which lists them all).
    "CALENDAR_DAY_LIMIT": 4,
    # Unplanned entries shown in the calendar's drawer.
    "CALENDAR_DRAWER_LIMIT": 50,
    # Time of day given to an entry planned by dropping it on a day (HH:MM, local).
    "CALENDAR_DEFAULT_TIME": "08:00",
    # How often calendar clients should refresh an ICS feed, in minutes.
    "ICS_REFRESH_MINUTES": 60,
    # A scheduled article not live this long after its time is "missed".
    "MISSED_THRESHOLD_MINUTES": 15,
    # The dashboard warns when the publishing runner has not run for this long.
    "RUNNER_STALE_MINUTES": 10,
    # Collecting news: seconds to wait for a feed or image server (connect and each read).
    "COLLECT_TIMEOUT": 15,
    # Largest feed document downloaded, in bytes; a larger one is refused whole.
    "COLLECT_FEED_MAX_BYTES": 20 * 1024 * 1024,
    # Largest HTML of one item or one pasted article, in bytes; a larger one is refused.
    # (Wagtail's search indexing of a 5 MB body alone takes close to a minute.)
    "COLLECT_HTML_MAX_BYTES": 2 * 1024 * 1024,
    # Largest image downloaded into the image library, in bytes.
    "COLLECT_IMAGE_MAX_BYTES": 5 * 1024 * 1024,
    # Images per item downloaded; the rest are left out and reported.
    "COLLECT_IMAGES_PER_ITEM": 20,
    # Hosts on a private network that images may still be downloaded from (an intranet
    # press server); any other private, loopback or link-local address is refused.
    "COLLECT_PRIVATE_HOSTS": [],
    # The User-Agent of the collector, so that press agencies can tell who fetches.
    "COLLECT_USER_AGENT": "wagtail-borderplan collector (+https://pypi.org/project/wagtail-borderplan/)",
}


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _positive_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _non_empty_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and "\n" not in value


def _host_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) and v for v in value)


def _model_label(value: Any) -> bool:
    return isinstance(value, str) and value.count(".") == 1


def _clock_time(value: Any) -> bool:
    try:
        time.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return isinstance(value, str)


def _time_zone(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


# Each key's validator and the message shown when it fails.
VALIDATORS: dict[str, tuple[Callable[[Any], bool], Any]] = {
    "ARTICLE_MODEL": (_model_label, _("a model label such as 'app_label.ModelName'")),
    "INDEX_PAGE_SIZE": (_positive_int, _("a positive integer")),
    "FEED_ITEMS": (_positive_int, _("a positive integer")),
    "INDEX_TOPIC_LIMIT": (_positive_int, _("a positive integer")),
    "TIME_ZONE": (_time_zone, _("an IANA time zone name such as 'Asia/Ho_Chi_Minh'")),
    "CALENDAR_DAY_LIMIT": (_positive_int, _("a positive integer")),
    "CALENDAR_DRAWER_LIMIT": (_positive_int, _("a positive integer")),
    "CALENDAR_DEFAULT_TIME": (_clock_time, _("a time such as '08:00'")),
    "ICS_REFRESH_MINUTES": (_positive_int, _("a positive integer")),
    "MISSED_THRESHOLD_MINUTES": (_positive_int, _("a positive integer")),
    "RUNNER_STALE_MINUTES": (_positive_int, _("a positive integer")),
    "COLLECT_TIMEOUT": (_positive_number, _("a positive number of seconds")),
    "COLLECT_FEED_MAX_BYTES": (_positive_int, _("a positive integer")),
    "COLLECT_HTML_MAX_BYTES": (_positive_int, _("a positive integer")),
    "COLLECT_IMAGE_MAX_BYTES": (_positive_int, _("a positive integer")),
    "COLLECT_IMAGES_PER_ITEM": (_positive_int, _("a positive integer")),
    "COLLECT_PRIVATE_HOSTS": (_host_list, _("a list of host names or IP addresses")),
    "COLLECT_USER_AGENT": (_non_empty_text, _("a non-empty string")),
}


def user_settings() -> dict[str, Any]:
    """The project's ``WAGTAIL_BORDERPLAN`` dict as written (empty when unset)."""
    value = getattr(settings, SETTINGS_NAME, None)
    return value if isinstance(value, dict) else {}


def get_setting(name: str) -> Any:
    """The value of one setting: the project's if given, else the default."""
    if name not in DEFAULTS:
        raise KeyError(f"{SETTINGS_NAME} has no setting {name!r}")
    return user_settings().get(name, DEFAULTS[name])
