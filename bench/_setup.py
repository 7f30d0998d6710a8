"""Shared set-up for the benchmarks: Django on a fresh throw-away database.

The database is a test database created next to the one DATABASE_URL names (SQLite
file by default), so a benchmark never touches real data.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench"
# No script here is named like a standard-library module (the calendar benchmark is
# calendar_month.py, since Django imports ``calendar``); this folder stays on the path
# for ``import _setup``.
if str(HERE) not in sys.path:
    sys.path.append(str(HERE))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def create_database() -> Callable[[], None]:
    """Create a fresh test database; return the function that destroys it."""
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

    def destroy() -> None:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    return destroy


def measure(call: Callable[[], object], repeat: int) -> dict[str, float]:
    """Median and spread of ``repeat`` timed calls after one warm-up, and their queries."""
    call()
    reset_queries()  # a full log (it keeps 9,000 entries) would hide new queries
    with CaptureQueriesContext(connection) as queries:
        call()
    # Count now: the captured list is a slice of a log the next request clears.
    query_count = len(queries)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return {
        "median_ms": round(statistics.median(timings) * 1000, 3),
        "min_ms": round(min(timings) * 1000, 3),
        "queries": query_count,
    }
