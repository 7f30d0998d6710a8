"""HTTP for the collector: one bounded GET with a timeout, a size limit and a clear
User-Agent, conditional when the caller knows the last ETag or Last-Modified."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

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
    public_only: bool = False,
) -> Fetched:
    """GET ``url``; raises :class:`FetchError` for anything but a 2xx or a 304.

    ``public_only`` is for addresses taken from untrusted content (images in a feed
    item): the address and every redirect must be on a public network, so that a feed
    cannot make the server request its own or its neighbours' internal services."""
    check_url(url)
    timeout = get_setting("COLLECT_TIMEOUT")
    headers = {"User-Agent": get_setting("COLLECT_USER_AGENT"), "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    session = requests.Session()
    if public_only:
        session.mount("http://", PublicOnlyAdapter())
        session.mount("https://", PublicOnlyAdapter())
    try:
        response = _get_following_redirects(session, url, headers, timeout, public_only)
        with response:
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
    except requests.ConnectionError as error:
        raise FetchError(
            _("Could not connect to %(url)s: %(error)s") % {"url": url, "error": _reason(error)}
        ) from None
    except (requests.RequestException, ValueError) as error:
        # ValueError: an address that cannot be parsed (e.g. a broken redirect target).
        raise FetchError(
            _("Could not fetch %(url)s: %(error)s") % {"url": url, "error": _reason(error)}
        ) from None
    finally:
        session.close()


def _get_following_redirects(session, url, headers, timeout, public_only):
    # Redirects are followed here, not by requests, so that every hop is checked.
    for _hop in range(MAX_REDIRECTS + 1):
        if public_only:
            check_public(url)
        response = session.get(
            url, headers=headers, timeout=timeout, stream=True, allow_redirects=False
        )
        if not response.is_redirect:
            return response
        response.close()
        url = urljoin(url, response.headers["Location"])
        check_url(url)
    raise FetchError(
        _("%(url)s redirects more than %(count)s times.") % {"url": url, "count": MAX_REDIRECTS}
    )


def _refuse_private(host: str, address: str, url: str = "") -> None:
    if host in get_setting("COLLECT_PRIVATE_HOSTS"):
        return
    ip = ipaddress.ip_address(address.split("%")[0])
    if not ip.is_global or ip.is_multicast:
        raise FetchError(
            _("%(url)s is on a private network (%(address)s): not fetched.")
            % {"url": url or host, "address": ip}
        )


class _PublicOnlyConnection:
    """Checks the address a socket actually connected to: the name may resolve
    differently from the check a moment before (DNS rebinding)."""

    def _new_conn(self):
        sock = super()._new_conn()
        try:
            _refuse_private(self.host, sock.getpeername()[0])
        except FetchError:
            sock.close()
            raise
        return sock


class _HTTPConnection(_PublicOnlyConnection, HTTPConnection):
    pass


class _HTTPSConnection(_PublicOnlyConnection, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """A requests adapter that connects to public addresses only."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def check_public(url: str) -> None:
    """Refuse an address on a loopback, private, link-local or reserved network, unless
    its host is in the ``COLLECT_PRIVATE_HOSTS`` setting."""
    host = urlsplit(url).hostname or ""
    if host in get_setting("COLLECT_PRIVATE_HOSTS"):
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise FetchError(_("The host of %(url)s is unknown.") % {"url": url}) from None
    for address in addresses:
        _refuse_private(host, address, url)


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
