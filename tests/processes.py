"""Management commands in separate processes on the test database, for the tests of
several runners or collectors at once."""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

shared_database = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="separate processes need a database server they share (PostgreSQL, MariaDB)",
)


def process_env(database: str | None = None) -> dict[str, str]:
    return {
        **os.environ,
        # The settings of this run: tests.settings, or the custom base page's leg.
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "tests.settings"),
        "PYTHONPATH": str(ROOT),
        "BORDERPLAN_TEST_DATABASE_NAME": database or connection.settings_dict["NAME"],
    }


def command_process(command: str, extra: str = "", database: str | None = None) -> subprocess.Popen:
    """``manage.py <command>`` in its own process, on this test's database, in English."""
    env = process_env(database)
    code = (
        "import django; django.setup()\n"
        f"{extra}\n"
        "from django.core.management import call_command\n"
        "from django.utils import translation\n"
        "translation.activate('en')\n"
        f"call_command({command!r})\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def manage_process(*args: str, database: str | None = None) -> subprocess.Popen:
    """``python example_site/manage.py <args>`` exactly as cron runs it (system checks, a
    connection not yet open), on this test's database (or ``database``)."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "example_site" / "manage.py"), *args],
        cwd=ROOT,
        env=process_env(database),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def database_for_processes(tmp_path: Path) -> Iterator[str]:
    """The database NAME a separate process opens to see what this (transactional) test
    wrote. On a server, the test database itself. SQLite's test database lives in this
    process's memory: hand the processes a file copy of it, and copy the file back when
    they are done, so the test reads what they wrote."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield connection.settings_dict["NAME"]
        return
    assert connection.get_autocommit(), "use @pytest.mark.django_db(transaction=True)"
    connection.ensure_connection()
    path = tmp_path / "shared.sqlite3"
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    yield str(path)
    with closing(sqlite3.connect(path)) as copy:
        copy.backup(connection.connection)
