"""A newcomer on a fresh clone: the README's ``make demo`` in a fresh virtualenv serves
both portals with the demo data on the port asked for, ``manage.py check`` is clean, and
no page, feed or calendar link points at another port.

Tests never reach outside this machine: the fresh virtualenv sees the suite's installed
packages through a ``.pth`` file and pip runs with no index and no build isolation.
Everything else is the README's command, in its own process group, stopped as Ctrl-C
stops it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
import requests

from tests.journeys.site import ROOT, free_port

pytestmark = pytest.mark.journey

OTHER_PORT = re.compile(r"https?://(?:127\.0\.0\.1|localhost|[a-z.]+\.localhost):(\d+)")


def fresh_clone(target: Path) -> Path:
    """The committed and new files of this work tree, as a fresh clone has them."""
    files = subprocess.run(
        ["git", "-c", "safe.directory=*", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            destination = target / name.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
            destination.chmod(source.stat().st_mode)
    return target


def offline_virtualenv(clone: Path) -> None:
    """A new virtualenv whose packages come from this one: pip has nothing to download."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", clone / ".venv"], check=True)
    purelib = sysconfig.get_path("purelib")
    site = next((clone / ".venv" / "lib").glob("python3*/site-packages"))
    (site / "_offline_packages.pth").write_text(purelib + "\n")


def wait_for(url: str, process: subprocess.Popen, headers=None, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"make demo exited with {process.returncode}")
        try:
            if requests.get(url, headers=headers, timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(1)
    raise AssertionError(f"{url} did not answer in {timeout} s")


def test_a_newcomer_runs_the_demo(tmp_path):
    clone = fresh_clone(tmp_path / "wagtail-borderplan")
    offline_virtualenv(clone)
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "BORDERPLAN_", "VIRTUAL_ENV"))
    }
    env.update(PIP_NO_INDEX="1", PIP_NO_BUILD_ISOLATION="0", PYTHONDONTWRITEBYTECODE="1")
    log = (tmp_path / "make-demo.log").open("w")
    demo = subprocess.Popen(
        ["make", "demo", f"PORT={port}"],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/", demo)
        department = {"Host": f"so.localhost:{port}"}
        pages = {
            "provincial": requests.get(base + "/", timeout=30),
            "department": requests.get(base + "/", headers=department, timeout=30),
            "index": requests.get(base + "/bien-gioi/", timeout=30),
            "rss": requests.get(base + "/bien-gioi/rss/", timeout=30),
            "atom": requests.get(base + "/bien-gioi/atom/", headers=department, timeout=30),
            "admin": requests.get(base + "/admin/login/", timeout=30),
        }
        for name, response in pages.items():
            assert response.status_code == 200, (name, response.status_code)
            ports = {int(p) for p in OTHER_PORT.findall(response.text)}
            assert ports <= {port}, (name, ports)
        assert "Cổng Thông tin điện tử tỉnh Hà Nam" in pages["provincial"].text
        assert "Sở Thông tin và Truyền thông" in pages["department"].text
        assert pages["index"].text.count('class="bp-card"') >= 5, "the demo's articles"

        check = subprocess.run(
            [clone / ".venv" / "bin" / "python", "example_site/manage.py", "check"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stderr
        assert "System check identified no issues" in check.stdout, check.stdout + check.stderr
    finally:
        # Ctrl-C in the terminal: the whole process group, server and runner loop.
        os.killpg(demo.pid, signal.SIGINT)
        try:
            demo.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)
            raise
        log.close()
    # Nothing of the group is left, soon: no server, no runner loop (signal 0 only asks).
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(demo.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    else:
        try:
            survivors = subprocess.run(
                ["ps", "-o", "pid,args", "-g", str(demo.pid)], capture_output=True, text=True
            ).stdout
        except FileNotFoundError:
            survivors = "(no ps here to list them)"
        os.killpg(demo.pid, signal.SIGKILL)
        raise AssertionError(f"make demo left processes behind 20 s after Ctrl-C:\n{survivors}")
