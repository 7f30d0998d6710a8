"""The scheduled-publishing runner against Wagtail's own ``publish_scheduled``.

Run: ``DATABASE_URL=... .venv/bin/python bench/publishing.py [--articles N] [--rounds R]``.
In one run, the same number of due articles (fresh fixtures each time) is published by
``borderplan_publish`` and by Wagtail's command, alternating, then again with two target
portals (each article has two Wagtail aliases under other indexes). Prints a table and,
on the last line, a JSON object. Goal: runner/Wagtail ≤ 1.05 without targets.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import timedelta

from _setup import create_database
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from wagtail_borderplan.models import BorderArticlePage, BorderIndexPage


def build_indexes():
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    indexes = []
    for number in range(3):
        home = root.add_child(instance=Page(title=f"Cổng {number}", slug=f"cong-{number}"))
        Site.objects.create(
            hostname=f"site{number}.localhost", root_page=home, is_default_site=number == 0
        )
        indexes.append(
            home.add_child(instance=BorderIndexPage(title="Biên giới", slug="bien-gioi"))
        )
    return indexes


_serial = iter(range(10**9))


def due_articles(indexes, count: int, targets: int) -> None:
    """``count`` articles on Wagtail's schedule, due now, each with ``targets`` aliases."""
    home, *others = indexes
    for _ in range(count):
        number = next(_serial)
        page = BorderArticlePage(title=f"Bài {number}", slug=f"bai-{number}", live=False)
        home.add_child(instance=page)
        for target in others[:targets]:
            page.create_alias(parent=target, update_slug=page.slug)
        page.go_live_at = timezone.now() + timedelta(hours=1)
        page.save_revision().publish()
    past = timezone.now() - timedelta(seconds=1)
    for revision in Revision.objects.exclude(approved_go_live_at=None):
        revision.content = {**revision.content, "go_live_at": past.isoformat()}
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])


class QueryCounter:
    """Counts every query (Django's query log keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(command: str) -> tuple[float, int]:
    counter = QueryCounter()
    with connection.execute_wrapper(counter), open(os.devnull, "w") as devnull:
        start = time.perf_counter()
        call_command(command, stdout=devnull)
        elapsed = time.perf_counter() - start
    return elapsed, counter.count


def run(articles: int, rounds: int) -> dict:
    indexes = build_indexes()
    report: dict = {
        "benchmark": "publishing",
        "database": connection.vendor,
        "articles": articles,
        "rounds": rounds,
        "scenarios": {},
    }
    for targets in (0, 2):
        figures: dict[str, dict[str, list]] = {
            name: {"seconds": [], "queries": []} for name in ("runner", "wagtail")
        }
        commands = [("wagtail", "publish_scheduled"), ("runner", "borderplan_publish")]
        for round_number in range(rounds):
            # Alternate who goes first: the database grows with every batch.
            for name, command in commands if round_number % 2 == 0 else commands[::-1]:
                due_articles(indexes, articles, targets)
                seconds, queries = timed(command)
                assert not Revision.objects.exclude(approved_go_live_at=None).exists()
                figures[name]["seconds"].append(seconds)
                figures[name]["queries"].append(queries)
        summary = {
            name: {
                "median_s": round(statistics.median(values["seconds"]), 4),
                "queries": values["queries"][-1],
                "queries_per_article": round(values["queries"][-1] / articles, 2),
            }
            for name, values in figures.items()
        }
        summary["ratio_runner_wagtail"] = round(
            summary["runner"]["median_s"] / summary["wagtail"]["median_s"], 3
        )
        report["scenarios"][f"{targets}_targets"] = summary
    report["live_aliases"] = Page.objects.filter(alias_of__isnull=False, live=True).count()
    report["goal_ratio_without_targets"] = 1.05
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    destroy = create_database()
    try:
        report = run(args.articles, args.rounds)
    finally:
        destroy()
    print(f"{'scenario':12} {'runner':>14} {'wagtail':>14} {'ratio':>7} {'q/article':>16}")
    for name, s in report["scenarios"].items():
        print(
            f"{name:12} {s['runner']['median_s']:>13}s {s['wagtail']['median_s']:>13}s "
            f"{s['ratio_runner_wagtail']:>7} "
            f"{s['runner']['queries_per_article']:>7}/{s['wagtail']['queries_per_article']:<7}"
        )
    print(json.dumps(report))


if __name__ == "__main__":
    main()
