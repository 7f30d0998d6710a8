"""A small cache-based limiter for the carrying units' public page.

The token in the address is the only credential, so the page bounds two things: the
confirmations sent through one link (a leaked link cannot flood the deliveries) and the
wrong tokens tried from one address (guessing is slow). Counts live in Django's cache:
with a per-process cache (LocMemCache) each worker counts alone, which still bounds them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

PREFIX = "wagtail_borderplan:carry"


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``seconds`` for one key."""

    name: str
    count: int
    seconds: int

    def key(self, subject: str) -> str:
        return f"{PREFIX}:{self.name}:{subject}"

    def hits(self, subject: str) -> int:
        return cache.get(self.key(subject), 0)

    def exceeded(self, subject: str) -> bool:
        return self.hits(subject) >= self.count

    def hit(self, subject: str) -> int:
        """Count one hit and return the count; the window starts with the first hit."""
        key = self.key(subject)
        if cache.add(key, 1, timeout=self.seconds):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=self.seconds)
            return 1


# Confirmations through one link: a station confirms a handful of items a week.
LINK_POSTS = Limit("link", count=30, seconds=10 * 60)
# Requests with a wrong, revoked or malformed token from one address.
WRONG_TOKENS = Limit("wrong", count=20, seconds=60)


def client_address(request: HttpRequest) -> str:
    """The peer's address. Forwarded headers are not trusted here: a proxy in front of
    the site should set REMOTE_ADDR (e.g. with its own middleware)."""
    return request.META.get("REMOTE_ADDR") or "unknown"
