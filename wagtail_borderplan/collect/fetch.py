"""HTTP for the collector: one bounded GET with a timeout, a size limit and a clear
User-Agent, conditional when the caller knows the last ETag or Last-Modified."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from django.utils.translation import gettext as _

from ..conf import get_setting

MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class FetchError(Exception):
    """A fetch that gave nothing usable; the message is translated and says why."""


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def check_url(url: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError(_("Only http and https addresses can be fetched: %(url)s") % {"url": url})


def fetch(
    url: str,
    *,
    max_bytes: int,
    etag: str = "",
    last_modified: str = "",
    accept: str = "*/*",
) -> Fetched:
    """GET ``url``; raises :class:`FetchError` for anything but a 2xx or a 304."""
    check_url(url)
    timeout = get_setting("COLLECT_TIMEOUT")
    headers = {"User-Agent": get_setting("COLLECT_USER_AGENT"), "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    try:
        with session.get(url, headers=headers, timeout=timeout, stream=True) as response:
            check_url(response.url)
            if response.status_code == 304:
                return Fetched(response.url, 304, headers=_headers(response))
            if not 200 <= response.status_code < 300:
                raise FetchError(
                    _("The server answered %(status)s %(reason)s for %(url)s")
                    % {"status": response.status_code, "reason": response.reason, "url": url}
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_too_large(url, max_bytes))
            # ``timeout`` bounds each read; a server dripping bytes is bounded here.
            deadline = time.monotonic() + timeout * 4
            body = bytearray()
            for chunk in response.iter_content(CHUNK):
                body += chunk
                if time.monotonic() > deadline:
                    raise requests.Timeout
                if len(body) > max_bytes:
                    raise FetchError(_too_large(url, max_bytes))
            return Fetched(response.url, response.status_code, bytes(body), _headers(response))
    except requests.Timeout:
        raise FetchError(
            _("%(url)s did not answer within %(seconds)s seconds.")
            % {"url": url, "seconds": timeout}
        ) from None
    except requests.TooManyRedirects:
        raise FetchError(
            _("%(url)s redirects more than %(count)s times.") % {"url": url, "count": MAX_REDIRECTS}
        ) from None
    except requests.ConnectionError as error:
        raise FetchError(
            _("Could not connect to %(url)s: %(error)s") % {"url": url, "error": _reason(error)}
        ) from None
    except requests.RequestException as error:
        raise FetchError(
            _("Could not fetch %(url)s: %(error)s") % {"url": url, "error": _reason(error)}
        ) from None
    finally:
        session.close()


def _headers(response: requests.Response) -> dict[str, str]:
    return {key.lower(): value for key, value in response.headers.items()}


def _too_large(url: str, max_bytes: int) -> str:
    return _("%(url)s is larger than the limit of %(size)s.") % {
        "url": url,
        "size": megabytes(max_bytes),
    }


def megabytes(size: int) -> str:
    """A size for people: "88 KB", "10.0 MB"."""
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _reason(error: Exception) -> str:
    # requests nests the socket error a few levels deep; the innermost says what happened.
    while error.__context__ is not None and error.args == ():
        error = error.__context__
    text = str(error)
    return text[-300:]
