"""HTTP for the collector: one bounded GET with a deadline on the whole request, a size
limit and a clear User-Agent, conditional when the caller knows the last ETag or
Last-Modified."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import threading
import time
from contextvars import ContextVar
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


class UnknownHost(FetchError):
    """The address's host name does not resolve (now)."""


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
    adapter = GuardedAdapter(public_only=public_only)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    deadline = Deadline(timeout)
    token = _deadline.set(deadline)
    try:
        response = _get_following_redirects(session, url, headers, deadline, public_only)
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
            body = bytearray()
            for chunk in response.iter_content(CHUNK):
                body += chunk
                if deadline.expired:
                    raise requests.Timeout
                if len(body) > max_bytes:
                    raise FetchError(_too_large(url, max_bytes))
            # Cut at the deadline, a body without a Content-Length just ends early.
            if deadline.expired:
                raise requests.Timeout
            return Fetched(response.url, response.status_code, bytes(body), _headers(response))
    except FetchError:
        raise
    except Exception as error:
        # Whatever a connection shut down at the deadline raised, the reason is the time.
        if deadline.expired or isinstance(error, requests.Timeout):
            raise FetchError(
                _("%(url)s did not answer within %(seconds)s seconds.")
                % {"url": url, "seconds": timeout}
            ) from None
        if isinstance(error, requests.ConnectionError):
            raise FetchError(
                _("Could not connect to %(url)s: %(error)s")
                % {"url": url, "error": _connection_reason(error)}
            ) from None
        if isinstance(error, requests.RequestException | ValueError):
            # ValueError: an address that cannot be parsed (e.g. a broken redirect target).
            raise FetchError(
                _("Could not fetch %(url)s: %(error)s") % {"url": url, "error": _reason(error)}
            ) from None
        raise
    finally:
        _deadline.reset(token)
        deadline.close()
        session.close()


def _get_following_redirects(session, url, headers, deadline, public_only):
    # Redirects are followed here, not by requests, so that every hop is checked.
    for _hop in range(MAX_REDIRECTS + 1):
        if public_only:
            check_public(url)
        # No single connect or read may wait past the deadline either.
        wait = deadline.remaining()
        if wait <= 0:
            raise requests.Timeout
        response = session.get(
            url, headers=headers, timeout=wait, stream=True, allow_redirects=False
        )
        if not response.is_redirect:
            return response
        response.close()
        url = urljoin(url, response.headers["Location"])
        check_url(url)
    raise FetchError(
        _("%(url)s redirects more than %(count)s times.") % {"url": url, "count": MAX_REDIRECTS}
    )


class Deadline:
    """The end of one whole request (connect, headers, body, redirects).

    A socket timeout bounds each read only: a server that sends a byte now and then
    would hold the collector for ever. At the deadline a timer shuts down every
    connection the request opened, which ends a read blocked in any phase at once."""

    def __init__(self, seconds: float) -> None:
        self.ends_at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self.ends_at - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                raise TimeoutError
            # A duplicate descriptor stays ours to shut down and close, whatever
            # urllib3 or TLS does with the original (wrapping detaches it).
            self._sockets.append(sock.dup())

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # already closed by the other end
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


# The deadline of the fetch running in this thread, for the connections it opens.
_deadline: ContextVar[Deadline | None] = ContextVar("borderplan_fetch_deadline", default=None)


def _refuse_private(host: str, address: str, url: str = "") -> None:
    if host in get_setting("COLLECT_PRIVATE_HOSTS"):
        return
    ip = ipaddress.ip_address(address.split("%")[0])
    if not ip.is_global or ip.is_multicast:
        raise FetchError(
            _("%(url)s is on a private network (%(address)s): not fetched.")
            % {"url": url or host, "address": ip}
        )


class _GuardedConnection:
    """Puts every new socket under the fetch's deadline and, for untrusted addresses,
    checks the address it actually connected to: the name may resolve differently
    from the check a moment before (DNS rebinding)."""

    public_only = False

    def _new_conn(self):
        sock = super()._new_conn()
        try:
            if self.public_only:
                _refuse_private(self.host, sock.getpeername()[0])
            deadline = _deadline.get()
            if deadline is not None:
                deadline.watch(sock)
        except BaseException:
            sock.close()
            raise
        return sock


class _HTTPConnection(_GuardedConnection, HTTPConnection):
    pass


class _HTTPSConnection(_GuardedConnection, HTTPSConnection):
    pass


class _PublicHTTPConnection(_HTTPConnection):
    public_only = True


class _PublicHTTPSConnection(_HTTPSConnection):
    public_only = True


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections follow the fetch's deadline and, with
    ``public_only``, connect to public addresses only."""

    def __init__(self, *args, public_only: bool = False, **kwargs) -> None:
        self.public_only = public_only
        super().__init__(*args, **kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        if self.public_only:
            pools = {"http": _PublicHTTPPool, "https": _PublicHTTPSPool}
        else:
            pools = {"http": _HTTPPool, "https": _HTTPSPool}
        self.poolmanager.pool_classes_by_scheme = pools


def check_public(url: str) -> None:
    """Refuse an address on a loopback, private, link-local or reserved network, unless
    its host is in the ``COLLECT_PRIVATE_HOSTS`` setting."""
    host = urlsplit(url).hostname or ""
    if host in get_setting("COLLECT_PRIVATE_HOSTS"):
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise UnknownHost(_("The host of %(url)s is unknown.") % {"url": url}) from None
    for address in addresses:
        _refuse_private(host, address, url)


def check_source_address(url: str) -> None:
    """Refuse, when a feed source is saved, an address the collector would refuse at
    every fetch: not http(s), or on a private network (``COLLECT_PRIVATE_HOSTS``
    aside). A name that does not resolve now may later: the fetch reports it."""
    check_url(url)
    with contextlib.suppress(UnknownHost):
        check_public(url)


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


def _connection_reason(error: BaseException) -> str:
    """What went wrong under a connection error, in the editor's words.

    requests and urllib3 wrap the socket error a few levels deep, in messages such as
    "HTTPConnectionPool(host=…): Max retries exceeded…": the cause is found in the chain.
    """
    reasons = (
        (ConnectionRefusedError, _("the server refused the connection")),
        (ConnectionResetError, _("the server closed the connection")),
        (socket.gaierror, _("the host name does not resolve")),
        (ssl.SSLError, _("the secure connection (TLS) failed")),
        (TimeoutError, _("the server did not answer in time")),
    )
    seen: set[int] = set()
    stack: list[BaseException] = [error]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for kind, text in reasons:
            if isinstance(current, kind):
                return text
        linked = [getattr(current, "reason", None), current.__cause__, current.__context__]
        linked += [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
        stack.extend(item for item in linked if isinstance(item, BaseException))
    return _("the server could not be reached")


def _reason(error: Exception) -> str:
    # requests nests the socket error a few levels deep; the innermost says what happened.
    while error.__context__ is not None and error.args == ():
        error = error.__context__
    text = str(error)
    return text[-300:]
