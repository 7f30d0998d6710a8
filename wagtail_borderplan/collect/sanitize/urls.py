"""Checking and resolving link and image addresses."""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape as _unescape
from urllib.parse import urljoin, urlsplit

from .bleach_pass import convert_entities
from .characters import BLANK
from .policy import IMAGE_PROTOCOLS

# Text that makes a URL suspicious wherever it occurs (after entity decoding).
_SUSPICIOUS_URL_RE = re.compile(r"(?:java|vb|live)script:|expression\(|data:", re.IGNORECASE)
# What browsers ignore in a URL scheme: whitespace, controls, backtick, non-ASCII.
_URL_IGNORED_RE = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+|[^\x00-\x7f]")
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")
# An absolute http(s) or mailto URL of printable ASCII only (the common case).
_SIMPLE_ABSOLUTE_RE = re.compile(r"(https?|mailto):[\x21-\x7e]*\Z", re.IGNORECASE)
# A relative path urljoin would append as is: no scheme, no dot segments, no query-only.
_PLAIN_PATH = r"(?!//)(?![./?#])(?![^/?#]*:)(?!.*(?:^|/)\.\.?(?:[/?#]|\Z))"
_PLAIN_PATH_RE = re.compile(_PLAIN_PATH)
# The same, of printable ASCII without character references.
_SIMPLE_RELATIVE_RE = re.compile(_PLAIN_PATH + r"[\x21-\x25\x27-\x7e]+\Z")


def _decodings(raw: str) -> tuple[str, ...]:
    """The readings of an attribute value: as written, as bleach and browsers decode
    it (references ending in ";"), and as a lenient decoder would (legacy ones too)."""
    if "&" not in raw:
        return (raw,)
    if "&" not in raw.replace("&amp;", ""):  # the usual query string: one decoding
        return (raw, raw.replace("&amp;", "&"))
    return (raw, convert_entities(raw), _unescape(raw))


def _scheme(value: str) -> str | None:
    match = _SCHEME_RE.match(_URL_IGNORED_RE.sub("", value).lower())
    return match.group(1) if match else None


@lru_cache(maxsize=64)
def _base_parts(base_url: str) -> tuple[str, str] | None:
    """``(origin, directory)`` of an http(s) base URL, for joining plain relative paths."""
    parts = urlsplit(base_url)
    if parts.scheme.lower() not in IMAGE_PROTOCOLS or not parts.netloc:
        return None
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin, origin + parts.path[: parts.path.rfind("/") + 1] if parts.path else origin + "/"


def _join(base_url: str, value: str) -> str:
    """``urljoin`` with a fast path for the usual "/path" and "path" (checked as urljoin)."""
    parts = _base_parts(base_url)
    if parts is not None and _PLAIN_PATH_RE.match(value):
        if value[0] == "/":
            return parts[0] + value
        return parts[1] + value
    return urljoin(base_url, value)


@lru_cache(maxsize=4096)
def clean_url(raw: str, base_url: str, protocols: frozenset[str]) -> tuple[str | None, str]:
    """``(url, decoded)``: the URL to keep (absolute, entities as in the input), or None.

    ``decoded`` is the URL with its character references decoded (for downloading).
    Relative URLs are resolved against ``base_url``; without one they are refused. A
    URL is refused if any reading of it has another scheme, or has ``javascript:`` and
    the like anywhere (``https://x/?next=javascript:…`` is a trap for a later step).
    """
    raw = raw.strip(BLANK)
    if "\t" in raw or "\n" in raw or "\r" in raw:
        raw = _TAB_NEWLINE_RE.sub("", raw)  # what browsers ignore in URLs
    if not raw:
        return None, raw  # href="": the page it was on, meaningless here
    if base_url and _SIMPLE_RELATIVE_RE.match(raw):
        parts = _base_parts(base_url)
        if parts is not None:  # "/path" or "path" of printable ASCII: join directly
            value = (parts[0] if raw[0] == "/" else parts[1]) + raw
            if _SUSPICIOUS_URL_RE.search(value):
                return None, value
            return value, value
    readings = _decodings(raw)
    simple = _SIMPLE_ABSOLUTE_RE.match(raw)
    if simple is not None:
        # Plain ASCII after an http(s)/mailto scheme: references cannot change the
        # scheme, only hide "javascript:" further on.
        if simple.group(1).lower() not in protocols:
            return None, readings[-1]
        for reading in readings:
            if _SUSPICIOUS_URL_RE.search(reading):
                return None, readings[-1]
        return raw, readings[min(1, len(readings) - 1)]
    for reading in readings:
        squeezed = _URL_IGNORED_RE.sub("", reading).lower()
        if _SUSPICIOUS_URL_RE.search(squeezed):
            return None, readings[-1]
        match = _SCHEME_RE.match(squeezed)
        if match is not None and match.group(1) not in protocols:
            return None, readings[-1]
    value = readings[min(1, len(readings) - 1)]
    if _scheme(value) is not None:
        return raw, value
    # Relative; fragment-only links point nowhere once out of their page.
    if not base_url or value.startswith("#") or _scheme(base_url) not in IMAGE_PROTOCOLS:
        return None, value
    value = _join(base_url, value)
    if _scheme(value) not in protocols or _SUSPICIOUS_URL_RE.search(value):
        return None, value
    return value.replace("&", "&amp;"), value
