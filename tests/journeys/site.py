"""What the journeys share about the example site they drive: where it is, its
passwords, a free port."""

from __future__ import annotations

import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "example_site" / "manage.py"
DEMO_PASSWORD = "borderplan-demo"
JOURNEY_PASSWORD = "hanh-trinh-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
