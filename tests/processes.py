"""Management commands in separate processes on the test database, for the tests of
several runners or collectors at once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

shared_database = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="separate processes need a database server they share (PostgreSQL, MariaDB)",
)


def command_process(command: str, extra: str = "") -> subprocess.Popen:
    """``manage.py <command>`` in its own process, on this test's database, in English."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(ROOT),
        "BORDERPLAN_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
    }
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
