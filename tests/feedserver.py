"""A real HTTP server on 127.0.0.1 for the collector's tests: feeds from ``tests/feeds``
(with ``{base}`` replaced by the server's address), images, redirects, errors, slow and
conditional responses. Nothing in the tests reaches outside this machine."""

from __future__ import annotations

import io
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

FEEDS = Path(__file__).parent / "feeds"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str = ""  # answer 304 when the client sends it back
    drip: float = 0.0  # seconds between 1 KB chunks of the body
    chunked: bool = False  # no Content-Length: the client only learns the size by reading
    trickle: float = 0.0  # seconds between single bytes of the whole answer, headers too
    gate: int = 0  # hold every request until this many have arrived (clients in a race)
    arrived: threading.Condition = field(default_factory=threading.Condition)


def png_bytes(width: int = 8, height: int = 6, color=(200, 30, 30), noise=False) -> bytes:
    buffer = io.BytesIO()
    if noise:  # does not compress: the file is as large as its pixels
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), color)
    image.save(buffer, "PNG")
    return buffer.getvalue()


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server._serve(self)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.reset()

    def url(self, path: str) -> str:
        return self.base + path

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.routes = {
                "/images/red.png": Route(png_bytes(), "image/png"),
                "/images/blue.png": Route(png_bytes(color=(20, 40, 200)), "image/png"),
                "/images/not-an-image.png": Route(b"<html>404</html>", "image/png"),
                "/images/drawing.svg": Route(
                    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                    "image/svg+xml",
                ),
                "/images/missing.png": Route(b"gone", "text/plain", status=404),
            }

    def add(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        if isinstance(body, str):
            body = body.encode("utf-8")
        with self._lock:
            self.routes[path] = Route(body, **kwargs)
        return self.url(path)

    def add_file(self, path: str, name: str, **kwargs) -> str:
        body = (FEEDS / name).read_bytes().replace(b"{base}", self.base.encode())
        return self.add(path, body, **kwargs)

    def hits(self, path: str) -> int:
        return sum(1 for requested, _headers in self.requests if requested == path)

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        with self._lock:
            self.requests.append((path, dict(handler.headers.items())))
            route = self.routes.get(path)
        if route is None:
            handler.send_response(404)
            handler.send_header("Content-Type", "text/plain")
            handler.end_headers()
            handler.wfile.write(b"not found")
            return
        if route.gate:
            self._wait_for_gate(path, route)
        if route.delay:
            time.sleep(route.delay)
        if route.trickle:
            self._trickle(handler, route)
            return
        if route.etag and handler.headers.get("If-None-Match") == route.etag:
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(route.status)
        handler.send_header("Content-Type", route.content_type)
        if route.etag:
            handler.send_header("ETag", route.etag)
        for name, value in route.headers.items():
            handler.send_header(name, value)
        if not (route.drip or route.chunked):
            handler.send_header("Content-Length", str(len(route.body)))
        handler.end_headers()
        try:
            if route.drip:
                for start in range(0, len(route.body), 1024):
                    handler.wfile.write(route.body[start : start + 1024])
                    handler.wfile.flush()
                    time.sleep(route.drip)
            elif route.chunked:
                for start in range(0, len(route.body), 65536):
                    handler.wfile.write(route.body[start : start + 65536])
            else:
                handler.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout or a size limit): what the test wants

    def _wait_for_gate(self, path: str, route: Route, timeout: float = 120.0) -> None:
        with route.arrived:
            route.arrived.notify_all()
            route.arrived.wait_for(lambda: self.hits(path) >= route.gate, timeout=timeout)

    @staticmethod
    def _trickle(handler: BaseHTTPRequestHandler, route: Route) -> None:
        # Every read the client makes gets a byte well within any socket timeout.
        answer = (
            f"HTTP/1.0 {route.status} OK\r\nContent-Type: {route.content_type}\r\n"
            f"Content-Length: {len(route.body)}\r\n\r\n"
        ).encode() + route.body
        try:
            for byte in answer:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(route.trickle)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up at its deadline

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def rss(items: list[str], title: str = "Báo Biên phòng", extra: str = "") -> str:
    """An RSS 2.0 document around ``items`` (each an ``<item>…</item>`` string)."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:media="http://search.yahoo.com/mrss/">\n'
        f"<channel><title>{title}</title><link>http://127.0.0.1/</link>"
        f"<description>Tin biên giới</description>{extra}\n"
        + "\n".join(items)
        + "\n</channel></rss>"
    )


def rss_item(
    number: int,
    *,
    title: str | None = None,
    body: str | None = None,
    base: str = "http://127.0.0.1:9",
    date: str = "Tue, 03 Mar 2026 08:00:00 +0700",
    categories: tuple[str, ...] = (),
    guid: str | None = None,
    extra: str = "",
) -> str:
    from xml.sax.saxutils import escape

    title = f"Tin biên giới số {number}" if title is None else title
    body = f"<p>Nội dung bài {number} về cột mốc biên giới.</p>" if body is None else body
    cats = "".join(f"<category>{escape(c)}</category>" for c in categories)
    guid = f"tin-{number}" if guid is None else guid
    guid_xml = f'<guid isPermaLink="false">{escape(guid)}</guid>' if guid else ""
    date_xml = f"<pubDate>{date}</pubDate>" if date else ""
    return (
        f"<item><title>{escape(title)}</title><link>{base}/tin/{number}</link>{guid_xml}"
        f"{date_xml}<description>{escape('Tóm tắt bài ' + str(number))}</description>"
        f"<content:encoded>{escape(body)}</content:encoded>{cats}{extra}</item>"
    )
