"""The collector against a real HTTP server on 127.0.0.1: formats, deduplication,
conditional GET, images, and every kind of broken feed and item."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry

from tests.feedserver import png_bytes, rss, rss_item
from tests.processes import command_process, shared_database
from wagtail_borderplan.collect.collector import collect_source
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import (
    BorderArticlePage,
    CalendarEntry,
    CollectedItem,
    EntryStatus,
    FeedSource,
)

Image = get_image_model()
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in English here; test_vietnamese_messages checks the admin's.
    with translation.override("en"):
        yield


@pytest.fixture
def source(world, portals, taxonomy, feeds):
    source = FeedSource.objects.create(
        name="Báo Biên phòng",
        feed_url=feeds.url("/rss"),
        index_page=portals["provincial"],
        plan=world["plan"],
        content_line=world["china"],
        section=taxonomy["china"],
    )
    source.treaties.add(taxonomy["treaty"])
    source.topics.add(taxonomy["tourism"])
    return source


def articles():
    return BorderArticlePage.objects.order_by("pk")


def test_rss2_items_become_draft_articles_and_collected_entries(source, feeds, world, taxonomy):
    feeds.add_file("/rss", "rss2.xml")
    result = collect_source(source)

    assert (len(result.imported), len(result.failed), result.error) == (3, 0, "")
    first, second, third = articles()
    assert first.title == "Hoàn thành phân giới cắm mốc tuyến biên giới Việt Nam – Lào"
    assert not first.live and first.has_unpublished_changes
    assert first.get_parent().pk == source.index_page_id
    assert first.source_name == "Báo Biên phòng"
    assert first.source_url == feeds.url("/tin/phan-gioi-cam-moc-viet-lao")
    assert first.source_date == datetime(2026, 3, 2, 0, 30, tzinfo=UTC)
    assert first.intro == "Hai bên đã hoàn thành việc tăng dày và tôn tạo hệ thống mốc quốc giới."
    # Sanitised body: kept structure, no script, no handler, no javascript: link.
    body = first.body
    assert "<b>hoàn thành</b>" in body and "<h2>Ý nghĩa</h2>" in body
    assert "<li>Mốc chính</li>" in body
    assert f'<a href="{feeds.url("/tin/nghi-dinh-thu")}">Nghị định thư</a>' in body
    for bad in ("script", "onclick", "javascript", "BPXSS", "style=", "MsoNormal"):
        assert bad not in body
    assert "liên kết độc" in body  # the unsafe link's text is kept
    # The image was downloaded into the library and placed in the body.
    image = Image.objects.get(title="Cột mốc 500")
    assert (
        f'<embed alt="Cột mốc 500" embedtype="image" format="fullwidth" id="{image.pk}"/>' in body
    )
    assert (image.width, image.height) == (8, 6)
    # Tags: the source's section, treaties and topics, and the categories that are topics.
    assert list(first.sections.all()) == [taxonomy["china"]]
    assert list(first.treaties.all()) == [taxonomy["treaty"]]
    assert sorted(t.name for t in first.topics.all()) == ["An ninh biên giới", "Du lịch"]
    # The unknown category is reported, not created.
    item = CollectedItem.objects.get(page=first)
    assert "Phân giới cắm mốc" in item.warnings
    assert not Tag.objects.filter(name="Phân giới cắm mốc").exists()
    # The calendar entry: collected, unplanned, assigned to the ICT centre, on the portal.
    entry = CalendarEntry.objects.with_status().get(page=first)
    assert entry.current_status == EntryStatus.COLLECTED
    assert (entry.plan, entry.content_line, entry.unit) == (
        world["plan"],
        world["china"],
        world["ict"],
    )
    assert entry.planned_at is None and list(entry.channels.all()) == [world["provincial"]]
    assert entry.brief == first.intro
    # An enclosure image becomes the lead image when the body has none.
    assert second.lead_image.title == "Tuyên truyền Hiệp định về quy chế quản lý biên giới"
    # A broken image leaves the text and is reported.
    assert "Một bài chỉ có đường dẫn." in third.body and "<embed" not in third.body
    warnings = CollectedItem.objects.get(page=third).warnings
    assert "404" in warnings and feeds.url("/images/missing.png") in warnings
    # Logged on the page (created) and on the entry (collected).
    assert PageLogEntry.objects.filter(page=first, action="wagtail.create").count() == 1


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        (
            "atom.xml",
            ["Giao lưu hữu nghị biên giới Việt – Trung", "Tập huấn văn bản pháp luật về biên giới"],
        ),
        ("rss1.xml", ["Phát thanh về Hiệp ước 1999"]),
        ("rss091.xml", ["Ngày Biên phòng toàn dân"]),
        ("wrong-declaration.xml", ["Đồn Biên phòng Săm Khóe"]),
    ],
)
def test_atom_rss1_and_rss091_are_read(source, feeds, name, titles):
    feeds.add_file("/rss", name, content_type="application/xml")
    result = collect_source(source)
    assert result.error == "" and not result.failed
    assert [a.title for a in articles()] == titles
    for article in articles():
        assert "iframe" not in article.body and "planted" not in article.body


def test_an_item_is_imported_once_by_guid_else_link(source, feeds):
    feeds.add_file("/rss", "rss2.xml")
    collect_source(source)
    again = collect_source(source)
    assert (len(again.imported), again.skipped) == (0, 3)
    assert articles().count() == 3 and CalendarEntry.objects.count() == 3
    keys = sorted(CollectedItem.objects.values_list("key", flat=True))
    assert keys == sorted(
        ["bbp-2026-0001", feeds.url("/tin/quy-che-quan-ly"), feeds.url("/tin/khong-guid")]
    )


def test_the_database_refuses_a_second_row_for_one_item(source):
    CollectedItem.objects.create(source=source, key="same", status="imported")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CollectedItem.objects.create(source=source, key="same", status="failed")


def test_conditional_get_sends_the_etag_back_and_a_304_imports_nothing(source, feeds):
    feeds.add_file(
        "/rss", "rss2.xml", etag='"v1"', headers={"Last-Modified": "Mon, 02 Mar 2026 00:00:00 GMT"}
    )
    collect_source(source)
    source.refresh_from_db()
    assert (source.etag, source.last_modified) == ('"v1"', "Mon, 02 Mar 2026 00:00:00 GMT")
    result = collect_source(source)
    assert result.not_modified and not result.imported
    sent = feeds.requests[-1][1]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Mon, 02 Mar 2026 00:00:00 GMT"
    assert sent["User-Agent"].startswith("wagtail-borderplan collector")


def test_a_redirect_is_followed(source, feeds):
    feeds.add_file("/moved", "rss091.xml")
    feeds.add("/rss", status=301, headers={"Location": feeds.url("/moved")})
    result = collect_source(source)
    assert len(result.imported) == 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda f: f.add("/rss", "nope", status=404), "404"),
        (lambda f: f.add("/rss", "boom", status=500), "500"),
        (lambda f: f.add_file("/rss", "truncated.xml"), "not a readable RSS or Atom feed"),
        (
            lambda f: f.add(
                "/rss", "<html><body>Trang chủ</body></html>", content_type="text/html"
            ),
            "not a readable RSS or Atom feed",
        ),
        (lambda f: f.add("/rss", "", status=200), "not a readable RSS or Atom feed"),
        (lambda f: f.add_file("/rss", "rss2.xml", delay=3), "did not answer within"),
        (lambda f: f.add("/rss", status=302, headers={"Location": "/rss"}), "redirects more than"),
        (
            lambda f: f.add("/rss", b"x" * 3000, content_type="application/xml"),
            "larger than the limit",
        ),
        (
            lambda f: f.add("/rss", b"x" * 3000, drip=0.01, content_type="application/xml"),
            "larger than the limit",
        ),
    ],
    ids=[
        "404",
        "500",
        "truncated",
        "html",
        "empty",
        "slow",
        "redirect-loop",
        "huge",
        "huge-chunked",
    ],
)
def test_a_broken_feed_is_recorded_and_nothing_is_written(source, feeds, settings, setup, message):
    settings.WAGTAIL_BORDERPLAN = {
        **settings.WAGTAIL_BORDERPLAN,
        "COLLECT_TIMEOUT": 0.5,
        "COLLECT_FEED_MAX_BYTES": 2000,
    }
    setup(feeds)
    result = collect_source(source)
    assert message in result.error
    source.refresh_from_db()
    assert source.last_error == result.error and source.last_fetched_at is not None
    assert source.last_success_at is None
    assert not CollectedItem.objects.exists() and not articles().exists()
    assert not CalendarEntry.objects.exists()


@pytest.mark.parametrize("chunked", [False, True], ids=["declared", "streamed"])
def test_a_feed_over_the_default_limit_is_refused_whole(source, feeds, chunked):
    # 21 MiB of real items: over the default 20 MiB, refused before parsing anything.
    item = rss_item(1, base=feeds.base, body="<p>" + "Biên giới " * 2000 + "</p>")
    items = [item.replace("tin-1", f"tin-{n}") for n in range(21 * 1024 * 1024 // len(item) + 1)]
    body = rss(items).encode()
    assert len(body) > 21 * 1024 * 1024
    feeds.add("/rss", body, chunked=chunked)
    result = collect_source(source)
    assert result.error == f"{feeds.url('/rss')} is larger than the limit of 20.0 MB."
    assert not CollectedItem.objects.exists() and not articles().exists()


def test_an_unreachable_feed_is_recorded(source, feeds):
    source.feed_url = "http://127.0.0.1:9/rss"  # the discard port: nothing listens
    source.save()
    result = collect_source(source)
    # The cause in words, not urllib3's "HTTPConnectionPool(…): Max retries exceeded".
    assert result.error == (
        "Could not connect to http://127.0.0.1:9/rss: the server refused the connection"
    )
    with translation.override("vi"):
        assert "máy chủ từ chối kết nối" in collect_source(source).error


def test_bad_items_are_recorded_and_their_neighbours_imported(source, feeds, settings):
    settings.WAGTAIL_BORDERPLAN = {**settings.WAGTAIL_BORDERPLAN, "COLLECT_HTML_MAX_BYTES": 50_000}
    items = [
        rss_item(1, base=feeds.base),
        rss_item(2, base=feeds.base, title=""),
        rss_item(3, base=feeds.base, date="32 Tháng Ba 2026"),
        rss_item(4, base=feeds.base, body="<p>" + "rất dài " * 10_000 + "</p>"),
        rss_item(5, base=feeds.base, guid="", extra=""),
        rss_item(6, base=feeds.base, date="Tue, 03 Mar 9999 99:00:00 +0700"),
    ]
    feeds.add("/rss", rss(items))
    result = collect_source(source)
    imported = sorted(item.title for item in result.imported)
    assert imported == ["Tin biên giới số 1", "Tin biên giới số 5"]
    errors = {item.key: item.error for item in result.failed}
    assert errors["tin-2"] == "The item has no title."
    assert "could not be read" in errors["tin-3"]
    assert errors["tin-4"] == "The item's text is 107 KB, more than the limit of 49 KB."
    assert errors["tin-6"] == "The item's date 'Tue, 03 Mar 9999 99:00:00 +0700' could not be read."
    assert len(result.failed) == 4
    source.refresh_from_db()
    assert source.last_error == "4 items could not be imported; see the collected items."
    assert source.last_success_at is not None
    # Failures are retried on the next run, and counted.
    collect_source(source)
    assert CollectedItem.objects.get(key="tin-3").attempts == 2
    assert articles().count() == 2


def test_an_item_with_bytes_invalid_in_the_feeds_encoding_is_refused_alone(source, feeds):
    feeds.add_file("/rss", "mixed-encoding.xml")
    result = collect_source(source)
    assert [a.title for a in articles()] == ["Tin đúng mã"]
    assert [i.key for i in result.failed] == ["enc-2"]
    assert "not valid text" in result.failed[0].error


def test_images_refused_by_type_size_or_content_leave_the_text(source, feeds, settings):
    settings.WAGTAIL_BORDERPLAN = {**settings.WAGTAIL_BORDERPLAN, "COLLECT_IMAGE_MAX_BYTES": 2000}
    feeds.add("/images/big.png", png_bytes(100, 100, noise=True), content_type="image/png")
    body = (
        "<p>Ảnh:</p>"
        f'<p><img src="{feeds.url("/images/drawing.svg")}" alt="svg"></p>'
        f'<p><img src="{feeds.url("/images/not-an-image.png")}" alt="giả"></p>'
        f'<p><img src="{feeds.url("/images/big.png")}" alt="lớn"></p>'
        f'<p><img src="{feeds.url("/images/red.png")}" alt="đúng"></p>'
        "<p>Hết.</p>"
    )
    feeds.add("/rss", rss([rss_item(1, base=feeds.base, body=body)]))
    result = collect_source(source)
    (article,) = articles()
    assert "<p>Ảnh:</p>" in article.body and "<p>Hết.</p>" in article.body
    assert list(Image.objects.values_list("title", flat=True)) == ["đúng"]
    warnings = result.imported[0].warnings
    assert "drawing.svg" in warnings and "not-an-image.png is not an image" in warnings
    assert "big.png is larger than the limit" in warnings


def test_a_failing_item_leaves_no_image_file_and_no_row(source, feeds, monkeypatch, settings):
    from wagtail_borderplan.collect import collector

    feeds.add(
        "/rss",
        rss(
            [
                rss_item(
                    1, base=feeds.base, body=f'<p>x</p><img src="{feeds.url("/images/red.png")}">'
                )
            ]
        ),
    )

    def fail(*args, **kwargs):
        raise RuntimeError("mất kết nối cơ sở dữ liệu")

    monkeypatch.setattr(collector.CollectArticleAction, "_execute", fail)
    result = collect_source(source)
    assert result.failed[0].error == "Unexpected error: mất kết nối cơ sở dữ liệu"
    assert not Image.objects.exists()
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert not articles().exists() and not CalendarEntry.objects.exists()


def test_categories_create_topics_when_the_source_says_so(source, feeds):
    source.categories_to_topics = True
    source.save()
    feeds.add("/rss", rss([rss_item(1, base=feeds.base, categories=("Cột mốc", "du lịch"))]))
    collect_source(source)
    (article,) = articles()
    assert sorted(t.name for t in article.topics.all()) == ["Cột mốc", "Du lịch"]


def test_no_active_plan_is_a_clear_error(source, feeds, world):
    source.plan = None
    source.save()
    world["plan"].status = "closed"
    world["plan"].save()
    feeds.add_file("/rss", "rss091.xml")
    result = collect_source(source)
    assert "No active plan covers today" in result.error
    assert not articles().exists()


def test_command_collects_active_sources_and_fails_on_problems(source, feeds, capsys):
    FeedSource.objects.create(
        name="Tắt", feed_url=feeds.url("/off"), index_page=source.index_page, active=False
    )
    feeds.add_file("/rss", "rss091.xml")
    call_command("borderplan_collect")
    assert "Báo Biên phòng: 1 imported, 0 failed, 0 already imported" in capsys.readouterr().out
    assert feeds.hits("/off") == 0
    feeds.add("/rss", "boom", status=500)
    with pytest.raises(SystemExit) as exit_info:
        call_command("borderplan_collect")
    assert exit_info.value.code == 1
    assert "500" in capsys.readouterr().err


def test_dry_run_reads_and_writes_nothing(source, feeds, capsys):
    feeds.add_file("/rss", "rss2.xml")
    call_command("borderplan_collect", "--dry-run")
    assert "Báo Biên phòng: 3 new, 0 already imported" in capsys.readouterr().out
    assert (
        not CollectedItem.objects.exists()
        and not Page.objects.filter(title__startswith="Hoàn thành").exists()
    )
    source.refresh_from_db()
    assert source.last_fetched_at is None


def test_the_task_collects(source, feeds):
    from wagtail_borderplan.tasks import collect

    feeds.add_file("/rss", "rss091.xml")
    result = collect.call() if hasattr(collect, "call") else collect.func()
    assert result == {"imported": 1, "failed": 0, "feeds_failed": 0}


def test_errors_are_recorded_in_the_active_language(source, feeds):
    feeds.add("/rss", "nope", status=404)
    with translation.override("vi"):
        result = collect_source(source)
    assert result.error.startswith("Máy chủ trả lời 404")


# --- Two collectors at once -----------------------------------------------------------


@shared_database
@pytest.mark.django_db(transaction=True)
def test_two_collectors_at_once_import_each_item_exactly_once(portals, taxonomy, feeds):
    from tests.factories import make_plan

    plan = make_plan()
    items = [rss_item(n, base=feeds.base, guid=f"song-song-{n}") for n in range(120)]
    # The feed answers once both processes have asked for it: both try every item.
    feeds.add("/rss", rss(items), gate=2)
    FeedSource.objects.create(
        name="Báo Biên phòng",
        feed_url=feeds.url("/rss"),
        index_page=portals["provincial"],
        plan=plan,
    )
    processes = [command_process("borderplan_collect") for _ in range(2)]
    outputs = [process.communicate(timeout=600) for process in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    counts = [_collect_counts(out) for out, _err in outputs]
    assert sum(imported for imported, _skipped, _taken in counts) == 120, outputs
    # Each accounted for every item: imported it, found it imported before it looked
    # (the other was that quick), or lost the race for it while importing.
    assert [sum(count) for count in counts] == [120, 120], outputs
    assert any(taken for _imported, _skipped, taken in counts), outputs
    assert CollectedItem.objects.filter(status="imported").count() == 120
    assert articles().count() == 120 == CalendarEntry.objects.count()
    assert articles().values("title").distinct().count() == 120
    index = Page.objects.get(pk=portals["provincial"].pk)  # numchild is fresh
    assert index.numchild == 120 == index.get_children().count()


def _collect_counts(output: str) -> tuple[int, int, int]:
    """(imported, already imported, imported meanwhile by the other) of a source's line."""
    match = re.fullmatch(
        r"Báo Biên phòng: (\d+) imported, 0 failed, (\d+) already imported"
        r"(?:, (\d+) imported meanwhile by another collector)?",
        output.strip().splitlines()[-1],
    )
    assert match, output
    imported, skipped, taken = match.groups(default="0")
    return int(imported), int(skipped), int(taken)


def test_images_on_private_networks_are_not_fetched(source, feeds, settings):
    # A feed item must not make the server request its own or its neighbours' services.
    settings.WAGTAIL_BORDERPLAN = {"COLLECT_PRIVATE_HOSTS": ["localhost"]}
    feeds.add("/redirect", status=302, headers={"Location": feeds.url("/images/red.png")})
    local = feeds.base.replace("127.0.0.1", "localhost")
    body = (
        f'<p>Chữ.</p><img src="{feeds.url("/images/red.png")}" alt="thẳng">'
        f'<img src="{local}/redirect" alt="qua chuyển hướng">'
        '<img src="http://169.254.169.254/latest/meta-data/" alt="siêu dữ liệu">'
    )
    source.feed_url = local + "/rss"
    source.save()
    feeds.add("/rss", rss([rss_item(1, base=feeds.base, body=body)]))
    result = collect_source(source)
    (item,) = result.imported
    assert not Image.objects.exists()
    assert item.warnings.count("is on a private network") == 3
    assert feeds.hits("/images/red.png") == 0 and feeds.hits("/redirect") == 1


def test_failed_items_are_retried_even_when_the_feed_says_not_modified(source, feeds):
    items = [rss_item(1, base=feeds.base), rss_item(2, base=feeds.base, date="ngày mai")]
    feeds.add("/rss", rss(items), etag='"v1"')
    assert len(collect_source(source).failed) == 1
    # A failing item: the whole feed is fetched again, not answered 304.
    again = collect_source(source)
    assert not again.not_modified and len(again.failed) == 1
    assert "If-None-Match" not in feeds.requests[-1][1]
    # The agency fixes the item: imported, and the failure row with it.
    items[1] = rss_item(2, base=feeds.base)
    feeds.add("/rss", rss(items), etag='"v2"')
    fixed = collect_source(source)
    assert [i.key for i in fixed.imported] == ["tin-2"]
    assert CollectedItem.objects.get(key="tin-2").status == "imported"
    source.refresh_from_db()
    assert source.last_error == ""
    # Nothing failing any more: conditional again, and a 304 costs nothing.
    assert collect_source(source).not_modified
    assert feeds.requests[-1][1]["If-None-Match"] == '"v2"'


def test_one_broken_source_never_stops_the_others(source, feeds, portals, world, monkeypatch):
    broken = FeedSource.objects.create(
        name="Hỏng",
        feed_url=feeds.url("/broken"),
        index_page=portals["provincial"],
        plan=world["plan"],
    )
    bad_context = FeedSource.objects.create(
        name="Lỗi lạ",
        feed_url=feeds.url("/odd"),
        index_page=portals["provincial"],
        plan=world["plan"],
    )
    feeds.add("/broken", status=301, headers={"Location": "http://[::1/x"})
    feeds.add("/odd", rss([rss_item(9, base=feeds.base)]))
    feeds.add_file("/rss", "rss091.xml")
    from wagtail_borderplan.collect import collector

    real = collector._SourceContext.build

    def build(source, plan, items):
        if source.pk == bad_context.pk:
            raise RuntimeError("cơ sở dữ liệu mất kết nối")
        return real(source, plan, items)

    monkeypatch.setattr(collector._SourceContext, "build", build)
    results = {r.source.name: r for r in collector.collect_all()}
    assert "Could not fetch" in results["Hỏng"].error
    assert results["Lỗi lạ"].error == "Unexpected error: cơ sở dữ liệu mất kết nối"
    assert len(results["Báo Biên phòng"].imported) == 1
    broken.refresh_from_db()
    assert broken.last_error == results["Hỏng"].error


def test_categories_match_topics_made_in_wagtail(source, feeds):
    # Wagtail's tag field keeps the accents in the slug; a feed writes names its own way.
    made_in_wagtail = Tag.objects.create(name="Phân giới cắm mốc")
    assert made_in_wagtail.slug != "phan-gioi-cam-moc"
    feeds.add(
        "/rss", rss([rss_item(1, base=feeds.base, categories=("phân giới cắm mốc", "Du lịch"))])
    )
    result = collect_source(source)
    (article,) = articles()
    assert sorted(t.name for t in article.topics.all()) == ["Du lịch", "Phân giới cắm mốc"]
    assert result.imported[0].warnings == ""


def test_an_article_in_two_agencies_feeds_is_imported_once(source, feeds, portals, world):
    other = FeedSource.objects.create(
        name="Báo Biên phòng - Quốc phòng",
        feed_url=feeds.url("/other"),
        index_page=portals["provincial"],
        plan=world["plan"],
    )
    feeds.add("/rss", rss([rss_item(1, base=feeds.base, guid="a-1")]))
    feeds.add("/other", rss([rss_item(1, base=feeds.base, guid="b-77")]))  # same link
    collect_source(source)
    result = collect_source(other)
    assert (len(result.imported), result.skipped) == (0, 1)
    assert articles().count() == 1


def test_an_item_listed_twice_in_one_feed_is_imported_once(source, feeds):
    body = f'<p>x</p><img src="{feeds.url("/images/red.png")}" alt="đỏ">'
    item = rss_item(1, base=feeds.base, body=body)
    feeds.add("/rss", rss([item, item]))
    result = collect_source(source)
    assert (len(result.imported), result.taken, len(result.failed)) == (1, 0, 0)
    assert feeds.hits("/images/red.png") == 1 and Image.objects.count() == 1


def test_a_link_too_long_to_store_is_a_clear_error(source, feeds):
    long_link = feeds.url("/tin/" + "a" * 1100)
    item = rss_item(1, base=feeds.base).replace(f"{feeds.base}/tin/1", long_link)
    feeds.add("/rss", rss([item]))
    result = collect_source(source)
    assert result.failed[0].error == "The item's link is longer than 1000 characters."


def test_a_closed_plan_on_the_source_is_a_clear_error(source, feeds, world):
    world["plan"].status = "closed"
    world["plan"].save()
    feeds.add_file("/rss", "rss091.xml")
    result = collect_source(source)
    assert result.error == (
        "The plan “Kế hoạch 2026” is not active today: choose another plan for this source."
    )
    assert not articles().exists()


def test_a_feed_on_a_private_network_is_refused_unless_allowed(source, feeds, settings):
    settings.WAGTAIL_BORDERPLAN = {"COLLECT_PRIVATE_HOSTS": []}
    feeds.add_file("/rss", "rss091.xml")
    result = collect_source(source)
    assert result.error == f"{feeds.url('/rss')} is on a private network (127.0.0.1): not fetched."
    assert feeds.hits("/rss") == 0


def test_the_address_connected_to_is_checked_too(source, feeds, settings, monkeypatch):
    # DNS rebinding: the name passed the check, then resolved to a private address.
    from wagtail_borderplan.collect import fetch

    settings.WAGTAIL_BORDERPLAN = {"COLLECT_PRIVATE_HOSTS": []}
    monkeypatch.setattr(fetch, "check_public", lambda url: None)
    with pytest.raises(fetch.FetchError, match=r"private network \(127\.0\.0\.1\)"):
        fetch.fetch(feeds.url("/images/red.png"), max_bytes=10_000, public_only=True)
    assert feeds.hits("/images/red.png") == 0


def test_command_output_is_translated(source, feeds, capsys):
    feeds.add_file("/rss", "rss091.xml")
    with translation.override("vi"):
        call_command("borderplan_collect")
    assert "Báo Biên phòng: đã nhập 1, lỗi 0, đã có từ trước 0" in capsys.readouterr().out


def test_an_article_already_pasted_by_hand_is_not_collected_again(source, feeds, index):
    from tests.factories import make_article

    make_article(index, "Dán tay", live=False, source_url=feeds.url("/tin/1"))
    feeds.add("/rss", rss([rss_item(1, base=feeds.base), rss_item(2, base=feeds.base)]))
    result = collect_source(source)
    assert [i.key for i in result.imported] == ["tin-2"] and result.skipped == 1
