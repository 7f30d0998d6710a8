"""Where ``make demo`` serves the example site (``HOST`` and ``PORT``), as the address
that links should use. Read by the settings and the ``borderplan_demo`` command, so the
Sites, ``WAGTAILADMIN_BASE_URL`` and every link agree with the server."""

import os

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# Addresses a server listens on but a browser cannot open.
WILDCARDS = {"", "0.0.0.0", "::", "[::]"}


def public_host(host: str | None) -> str:
    """The host name for links to a server listening on ``host``."""
    host = (host or "").strip()
    if host in WILDCARDS:
        return "localhost"
    return host


def served_host() -> str:
    return public_host(os.environ.get("BORDERPLAN_DEMO_HOST") or DEFAULT_HOST)


def served_port() -> int:
    return int(os.environ.get("BORDERPLAN_DEMO_PORT") or DEFAULT_PORT)


def base_url(host: str, port: int) -> str:
    netloc = f"[{host}]" if ":" in host else host  # an IPv6 literal
    return f"http://{netloc}:{port}"
