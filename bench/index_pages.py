"""Index pages with 10,000 articles: filtered against unfiltered, and the article page.

Run: ``DATABASE_URL=... .venv/bin/python bench/index_pages.py [--articles N] [--repeat R]``.
Prints a table and, on the last line, a JSON object. The goal is a ratio
filtered/unfiltered of at most 1.5, and query counts that do not grow with the data.
Timings are medians of R requests in one run; compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import json
import uuid

from _setup import count_queries, in_fresh_database, measure
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page, Site

from wagtail_borderplan.models import (
    BorderArticlePage,
    BorderIndexPage,
    Section,
    SectionTaggedPage,
    TopicTaggedPage,
    Treaty,
    TreatyTaggedPage,
)

HOST = "tinh.localhost"


def build_site() -> tuple[BorderIndexPage, list[Section], list[Treaty], list[Tag]]:
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    home = root.add_child(instance=Page(title="Cổng tỉnh", slug="bench-home"))
    Site.objects.create(hostname=HOST, port=80, root_page=home, is_default_site=True)
    index = home.add_child(instance=BorderIndexPage(title="Biên giới", slug="bien-gioi"))
    sections = [
        Section.objects.create(name=f"Tuyến {n}", slug=f"tuyen-{n}", neighbour_country="X")
        for n in range(3)
    ]
    treaties = [
        Treaty.objects.create(
            name=f"Văn kiện {n}", slug=f"van-kien-{n}", full_title=f"Văn kiện {n}"
        )
        for n in range(18)
    ]
    topics = [Tag.objects.create(name=f"Chủ đề {n}", slug=f"chu-de-{n}") for n in range(8)]
    return index, sections, treaties, topics


@transaction.atomic
def add_articles(index, sections, treaties, topics, count: int) -> None:
    """Insert ``count`` live articles under ``index`` in bulk (tree paths computed here)."""
    index.refresh_from_db()
    start = index.numchild
    content_type = ContentType.objects.get_for_model(BorderArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    pages = []
    for n in range(start, start + count):
        slug = f"bai-{n}"
        pages.append(
            Page(
                title=f"Bài viết số {n} về biên giới",
                draft_title=f"Bài viết số {n} về biên giới",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(index.path, index.depth + 1, n + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                live=True,
                first_published_at=now - timezone.timedelta(hours=n),
                last_published_at=now - timezone.timedelta(hours=n),
                locale=locale,
                translation_key=uuid.uuid4(),
            )
        )
    Page.objects.bulk_create(pages, batch_size=500)
    ids = list(
        Page.objects.filter(path__in=[p.path for p in pages])
        .order_by("path")
        .values_list("pk", flat=True)
    )
    table = connection.ops.quote_name(BorderArticlePage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, intro, body, article_kind, source_name, "
            "source_url) VALUES (%s, %s, %s, %s, '', '')",
            [(pk, "Giới thiệu ngắn.", "<p>Nội dung.</p>", "news") for pk in ids],
        )
    section_rows, treaty_rows, topic_rows = [], [], []
    for n, pk in enumerate(ids, start=start):
        section_rows.append(SectionTaggedPage(content_object_id=pk, tag=sections[n % 3]))
        if n % 4 == 0:
            section_rows.append(SectionTaggedPage(content_object_id=pk, tag=sections[(n + 1) % 3]))
        treaty_rows.append(TreatyTaggedPage(content_object_id=pk, tag=treaties[n % 18]))
        topic_rows.append(TopicTaggedPage(content_object_id=pk, tag=topics[n % 8]))
        topic_rows.append(TopicTaggedPage(content_object_id=pk, tag=topics[(n + 3) % 8]))
    SectionTaggedPage.objects.bulk_create(section_rows, batch_size=1000)
    TreatyTaggedPage.objects.bulk_create(treaty_rows, batch_size=1000)
    TopicTaggedPage.objects.bulk_create(topic_rows, batch_size=1000)
    Page.objects.filter(pk=index.pk).update(numchild=start + count)


def run(articles: int, repeat: int) -> dict:
    index, sections, treaties, topics = build_site()
    client = Client(HTTP_HOST=HOST)
    # A treaty of section 0: articles n with n % 18 == 0 are tagged with both.
    scenarios = {
        "unfiltered": "/bien-gioi/",
        "section_and_treaty": "/bien-gioi/section/tuyen-0/?treaty=van-kien-0",
        "section_treaty_topic": "/bien-gioi/section/tuyen-0/?treaty=van-kien-0&topic=chu-de-0",
        "article": "/bien-gioi/bai-5/",
    }

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    small = 100
    add_articles(index, sections, treaties, topics, small)
    queries_small = {name: count_queries(lambda u=url: get(u)) for name, url in scenarios.items()}
    add_articles(index, sections, treaties, topics, articles - small)
    results = {name: measure(lambda u=url: get(u), repeat) for name, url in scenarios.items()}
    for name, figures in results.items():
        figures["queries_at_100"] = queries_small[name]
    base = results["unfiltered"]["median_ms"]
    return {
        "benchmark": "index_pages",
        "database": connection.vendor,
        "articles": BorderArticlePage.objects.count(),
        "repeat": repeat,
        "results": results,
        "ratio_filtered_unfiltered": round(results["section_and_treaty"]["median_ms"] / base, 3),
        "ratio_three_filters_unfiltered": round(
            results["section_treaty_topic"]["median_ms"] / base, 3
        ),
        "queries_constant": all(r["queries"] == r["queries_at_100"] for r in results.values()),
        "goal_ratio": 1.5,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    report = in_fresh_database(run, args.articles, args.repeat)
    print(f"{'scenario':24} {'median ms':>10} {'min ms':>8} {'queries':>8} {'@100':>6}")
    for name, r in report["results"].items():
        print(
            f"{name:24} {r['median_ms']:>10} {r['min_ms']:>8} {r['queries']:>8} {r['queries_at_100']:>6}"
        )
    print(f"ratio filtered/unfiltered: {report['ratio_filtered_unfiltered']} (goal ≤ 1.5)")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
