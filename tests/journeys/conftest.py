"""The example site as its users meet it: a database of its own, ``migrate`` and
``borderplan_demo`` run as commands, ``runserver`` in its own process, Chromium on top.

Nothing here opens a connection to the site's database from the test process: every
command runs as a separate process, as cron and the operator run them, and everything
else goes through HTTP, so the journeys see exactly what users see.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
import pytest
import requests

from tests.browser import chromium as launch_chromium
from tests.browser import open_tab
from tests.journeys.site import JOURNEY_PASSWORD, MANAGE, ROOT, free_port

pytestmark = pytest.mark.journey


def fresh_database_url(tmp: Path) -> str:
    """An empty database beside the suite's: SQLite in ``tmp``, else a new database on
    the server that DATABASE_URL names."""
    base = os.environ.get("DATABASE_URL", "")
    if not base or base.startswith("sqlite"):
        return f"sqlite:///{tmp / 'journeys.sqlite3'}"
    config = dj_database_url.parse(base)
    engine = config["ENGINE"]
    # Named after the suite's own database, so that two runs on one server keep apart.
    JOURNEY_DATABASE = f"{config['NAME']}_journeys"
    if "postgresql" in engine:
        import psycopg

        admin = {
            k: v
            for k, v in (
                ("host", config["HOST"]),
                ("port", config["PORT"]),
                ("user", config["USER"]),
                ("password", config["PASSWORD"]),
            )
            if v
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{JOURNEY_DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{JOURNEY_DATABASE}"')
        scheme = "postgres"
    elif "mysql" in engine:
        import MySQLdb

        conn = MySQLdb.connect(
            host=config["HOST"] or "127.0.0.1",
            port=int(config["PORT"] or 3306),
            user=config["USER"] or "root",
            password=config["PASSWORD"] or "",
        )
        cursor = conn.cursor()
        cursor.execute(f"DROP DATABASE IF EXISTS `{JOURNEY_DATABASE}`")
        cursor.execute(
            f"CREATE DATABASE `{JOURNEY_DATABASE}` CHARACTER SET utf8mb4 "
            "COLLATE utf8mb4_uca1400_vietnamese_as_ci"
        )
        conn.close()
        scheme = "mysql"
    else:
        raise RuntimeError(f"No journey database for {engine}")
    auth = config["USER"] or ""
    if config["PASSWORD"]:
        auth += f":{config['PASSWORD']}"
    host = f"{config['HOST'] or '127.0.0.1'}:{config['PORT'] or ''}".rstrip(":")
    return f"{scheme}://{auth}@{host}/{JOURNEY_DATABASE}"


@dataclass
class DemoSite:
    """The example site with the demo data, served by ``runserver`` in its own process."""

    port: int
    env: dict[str, str]
    media: Path
    server: subprocess.Popen | None = None
    log: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def department_url(self, path: str = "/") -> str:
        return f"http://so.localhost:{self.port}{path}"

    def manage(
        self, *args: str, timeout: float = 600, check: bool = True
    ) -> subprocess.CompletedProcess:
        """``python example_site/manage.py …`` in a new process, as cron runs it."""
        result = subprocess.run(
            [sys.executable, str(MANAGE), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def shell(self, code: str) -> str:
        """Python in a separate ``manage.py shell`` process (setup the journeys assume)."""
        return self.manage("shell", "-c", code).stdout

    def get(self, path: str, host: str | None = None, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if host:
            headers["Host"] = f"{host}:{self.port}"
        return requests.get(self.url + path, headers=headers, timeout=30, **kwargs)

    def start(self) -> None:
        self.server = subprocess.Popen(
            [sys.executable, str(MANAGE), "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise AssertionError("runserver exited at start")
            try:
                if requests.get(self.url + "/admin/login/", timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise AssertionError("runserver did not answer within 120 s")

    def stop(self) -> None:
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.server.kill()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Iterator[DemoSite]:
    tmp = tmp_path_factory.mktemp("journeys")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_site.settings",
        "DATABASE_URL": fresh_database_url(tmp),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "BORDERPLAN_COLLECT_PRIVATE_HOSTS": "127.0.0.1",
        # The example settings build WAGTAILADMIN_BASE_URL from these, as make demo does.
        "BORDERPLAN_DEMO_PORT": str(port),
        "BORDERPLAN_DEMO_HOST": "127.0.0.1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    reuse = os.environ.get("JOURNEY_REUSE_SITE")
    if reuse:
        # While writing a journey: an already running demo, "<port> <database URL>".
        port_text, database_url = reuse.split(" ", 1)
        env.update(BORDERPLAN_DEMO_PORT=port_text, DATABASE_URL=database_url)
        env.pop("DJANGO_MEDIA_ROOT")
        yield DemoSite(port=int(port_text), env=env, media=tmp / "media")
        return
    site = DemoSite(port=port, env=env, media=tmp / "media")
    site.manage("migrate", "--noinput")
    site.manage("borderplan_demo", "--host", "127.0.0.1", "--port", str(port))
    site.start()
    yield site
    site.stop()


@pytest.fixture(scope="session")
def chromium():
    with launch_chromium() as browser:
        yield browser


class Browser:
    """One person's browser: its own cookies, errors collected, the admin in Vietnamese."""

    def __init__(self, chromium, site: DemoSite, width: int = 1366, height: int = 900):
        self.page = open_tab(
            chromium,
            site.url,
            width,
            height,
            timezone_id="Asia/Ho_Chi_Minh",
            accept_downloads=True,
        )
        self.context = self.page.context
        self.context.set_default_timeout(20_000)
        self.errors: list[str] = self.page.errors
        self.closed = False

    def log_in(self, username: str, password: str) -> None:
        from playwright.sync_api import expect

        self.page.goto("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        expect(self.page).to_have_url("/admin/", timeout=20_000)
        assert self.page.locator("html").get_attribute("lang") == "vi"

    def close(self) -> None:
        if not self.closed:
            self.context.close()
            self.closed = True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def open_browser(chromium, demo_site, request, tmp_path):
    opened: list[Browser] = []

    def open_(username: str, password: str = JOURNEY_PASSWORD, **size) -> Browser:
        browser = Browser(chromium, demo_site, **size)
        browser.log_in(username, password)
        opened.append(browser)
        return browser

    yield open_
    failed = getattr(request.node, "report_call", None)
    for number, browser in enumerate(opened):
        if failed is not None and failed.failed and not browser.closed:
            shot = tmp_path / f"failure-{number}.png"
            browser.page.screenshot(path=str(shot), full_page=True)
            print(f"Screenshot of {browser.page.url}: {shot}; errors: {browser.errors}")
        browser.close()
