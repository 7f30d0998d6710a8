"""Shared set-up for the benchmarks: Django on a fresh throw-away database.

The database is a test database created next to the one DATABASE_URL names (SQLite
file by default), so a benchmark never touches real data.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable
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


def in_fresh_database(run: Callable[..., dict], *args: object) -> dict:
    """``run(*args)`` on a fresh test database, destroyed afterwards."""
    destroy = create_database()
    try:
        return run(*args)
    finally:
        destroy()


def print_timings(report: dict, names: Iterable[str]) -> None:
    """One line per timed call of ``report``: median, best and queries."""
    print(f"{'':22} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for name in names:
        r = report[name]
        print(f"{name:22} {r['median_ms']:>10} {r['min_ms']:>8} {r['queries']:>8}")


def count_queries(call: Callable[[], object]) -> int:
    """The queries of one call, after a warm-up call."""
    call()
    reset_queries()  # a full log (it keeps 9,000 entries) would hide new queries
    with CaptureQueriesContext(connection) as queries:
        call()
    # Count now: the captured list is a slice of a log the next request clears.
    return len(queries)


def _summary(timings: list[float], query_count: int) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(timings) * 1000, 3),
        "min_ms": round(min(timings) * 1000, 3),
        "queries": query_count,
    }


def measure(call: Callable[[], object], repeat: int) -> dict[str, float]:
    """Median and spread of ``repeat`` timed calls after one warm-up, and their queries."""
    query_count = count_queries(call)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return _summary(timings, query_count)


def measure_together(calls: dict[str, Callable[[], object]], repeat: int) -> dict[str, dict]:
    """:func:`measure` for several calls, timed in turns (one of each per round) so
    that a ratio between them is not skewed by the machine speeding up or slowing down
    between one series and the next (seen on shared virtual machines: ±15 %)."""
    counts = {name: count_queries(call) for name, call in calls.items()}
    timings: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            timings[name].append(time.perf_counter() - start)
    return {name: _summary(timings[name], counts[name]) for name in calls}


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum (PostgreSQL) or the server's own
    sampling (MariaDB) would on a live site: right after a bulk load a planner knows
    nothing of the rows and picks plans no site would run."""
    from django.apps import apps

    with connection.cursor() as cursor:
        if connection.vendor == "mysql":
            tables = [model._meta.db_table for model in apps.get_models()]
            cursor.execute("ANALYZE TABLE " + ", ".join(tables))
            cursor.fetchall()
        else:
            cursor.execute("ANALYZE")
