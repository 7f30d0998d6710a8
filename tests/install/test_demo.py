"""The example site's demo data: the seed plan's real vocabulary, idempotent."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Site

from example_site.home import demo_data
from wagtail_borderplan.models import BorderArticlePage, Section, Treaty


def snapshot():
    """Row count and highest primary key of every model: any write would change them."""
    state = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            rows = model._base_manager.order_by("-pk").values_list("pk", flat=True)
            state[model._meta.label] = (rows.count(), rows.first())
    return state


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (13 seconds a load), rolled back at its end;
    each test still runs in its own transaction inside this one."""
    from tests.factories import restore_wagtail_roots

    with django_db_blocker.unblock(), transaction.atomic():
        restore_wagtail_roots()
        call_command("borderplan_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db):
    return None


def test_demo_has_two_portals_each_with_an_index(demo):
    names = {site.site_name for site in Site.objects.all()}
    assert names == {p["site_name"] for p in demo_data.PORTALS}
    assert Site.objects.get(is_default_site=True).site_name == "Cổng Thông tin điện tử tỉnh Hà Nam"
    for site in Site.objects.all():
        index = site.root_page.get_children().get(slug=demo_data.INDEX_SLUG)
        assert index.live


def test_demo_loads_the_plans_vocabulary(demo):
    assert list(Section.objects.canonical().values_list("name", flat=True)) == [
        "Việt Nam - Trung Quốc",
        "Việt Nam - Lào",
        "Việt Nam - Campuchia",
    ]
    assert Treaty.objects.canonical().count() == len(demo_data.TREATIES) == 18
    assert not Treaty.objects.canonical().filter(sections=None).exists()
    ban_gioc = Treaty.objects.get(slug="hiep-dinh-thac-ban-gioc-duc-thien")
    assert ban_gioc.sections.get().name == "Việt Nam - Trung Quốc"
    assert Treaty.objects.get(slug="hiep-uoc-bo-sung-2005").signed_on.year == 2005


def test_demo_articles_spread_over_portals_sections_and_treaties(demo):
    articles = BorderArticlePage.objects.live()
    assert articles.count() >= 30
    for site in Site.objects.all():
        on_site = articles.descendant_of(site.root_page)
        assert on_site.count() >= 15
        for section in Section.objects.canonical():
            assert on_site.filter(borderplan_section_items__tag=section).exists()
    for treaty in Treaty.objects.canonical():
        assert articles.filter(borderplan_treaty_items__tag=treaty).exists(), treaty
    assert set(articles.values_list("article_kind", flat=True)) == {
        "news",
        "explainer",
        "rebuttal",
        "exemplary_model",
        "legal_guide",
    }


def test_demo_superuser_can_log_in(demo, client):
    user = get_user_model().objects.get(username=demo_data.SUPERUSER["username"])
    assert user.is_superuser
    assert client.login(
        username=demo_data.SUPERUSER["username"], password=demo_data.SUPERUSER["password"]
    )


def test_running_the_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("borderplan_demo", verbosity=0)
    assert snapshot() == before


def test_demo_pages_render(demo, client):
    for hostname in ("localhost", "so.localhost"):
        for url in ("/", "/bien-gioi/", "/bien-gioi/section/viet-nam-lao/", "/bien-gioi/atom/"):
            response = client.get(url, HTTP_HOST=f"{hostname}:8000")
            assert response.status_code == 200, (hostname, url)


def test_demo_loads_the_plan_as_data(demo):
    from wagtail_borderplan.models import (
        CalendarEntry,
        Channel,
        ContentLine,
        EntryStatus,
        Plan,
        Unit,
    )

    seed = Plan.objects.get(title__endswith="năm 2021")
    assert seed.guidance.startswith("Hướng dẫn số 14-HD/BTGTU")
    for section in Section.objects.canonical():
        assert ContentLine.objects.filter(plan=seed, section=section).exists()
    names = set(Unit.objects.values_list("name", flat=True))
    for name in (
        "Phòng Thông tin - Báo chí - Xuất bản",
        "Phòng Bưu chính - Viễn thông - Công nghệ thông tin",
        "Trung tâm Công nghệ thông tin và Truyền thông",
        "Báo Hà Nam",
        "Đài Phát thanh và Truyền hình Hà Nam",
        "UBND thành phố Phủ Lý",
        "UBND thị xã Duy Tiên",
        "UBND huyện Kim Bảng",
        "UBND huyện Thanh Liêm",
        "UBND huyện Bình Lục",
        "UBND huyện Lý Nhân",
    ):
        assert name in names
    kinds = set(Channel.objects.values_list("kind", flat=True))
    assert kinds == {"portal", "bulletin", "press", "district_radio", "commune_radio"}
    assert Channel.objects.filter(kind="portal", site__isnull=False).count() == 2
    statuses = set(CalendarEntry.objects.with_status().values_list("current_status", flat=True))
    assert statuses == set(EntryStatus.values)
    assert CalendarEntry.objects.filter(planned_at__isnull=True).exists()
    # A year of entries around today.
    dates = CalendarEntry.objects.filter(plan__status="active").exclude(planned_at=None)
    first, last = dates.order_by("planned_at").first(), dates.order_by("planned_at").last()
    assert (last.planned_at - first.planned_at).days >= 330


def test_demo_calendar_renders(demo, client):
    from django.urls import reverse

    client.login(username=demo_data.SUPERUSER["username"], password=demo_data.SUPERUSER["password"])
    for view in ("month", "week", "list"):
        response = client.get(reverse("borderplan_calendar:index"), {"view": view})
        assert response.status_code == 200


def test_demo_has_feed_sources_and_a_collected_article(demo, client):
    from wagtail_borderplan.models import CalendarEntry, CollectedItem, EntryStatus, FeedSource

    assert FeedSource.objects.count() == len(demo_data.FEED_SOURCES)
    assert not FeedSource.objects.filter(active=True).exists()  # the demo fetches nothing
    item = CollectedItem.objects.get()
    article = item.page.specific
    assert not article.live and article.source_name == "Báo Hà Nam"
    assert article.body.startswith("<p><b>Các đồn Biên phòng")
    for removed in ("script", "onclick", "button", "style"):
        assert removed not in article.body
    entry = CalendarEntry.objects.with_status().get(pk=item.entry_id)
    assert entry.current_status == EntryStatus.COLLECTED and entry.planned_at is None
    # The ICT centre's group can use the import form.
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=demo_data.COLLECTING_GROUP)
    user = get_user_model().objects.create_user("cntt", password="pw")
    user.groups.add(group)
    client.force_login(user)
    assert client.get("/admin/borderplan/collect/import/").status_code == 200


# Editions (issue 13) ------------------------------------------------------------------

SCRIPTS = {
    "lo": (0x0E80, 0x0EFF),
    "km": (0x1780, 0x17FF),
    "zh-hans": (0x4E00, 0x9FFF),
}


def test_demo_has_editions_in_four_languages(demo, client):
    from wagtail.models import Locale

    for original_title, editions in demo_data.EDITIONS.items():
        original = BorderArticlePage.objects.get(title=original_title)
        for language, (title, intro) in editions.items():
            edition = original.get_translation(Locale.objects.get(language_code=language))
            edition = edition.specific
            assert (edition.live, edition.title, edition.intro) == (True, title, intro)
            # Machine translation, and marked as such on the page.
            assert demo_data.MACHINE_TRANSLATION_NOTE[language] in edition.body
            response = client.get(edition.url, HTTP_HOST="localhost:8000")
            html = response.content.decode()
            assert response.status_code == 200
            assert f'<html lang="{language}">' in html and title in html
    for language in demo_data.EDITION_LANGUAGES:
        response = client.get(f"/{language}/bien-gioi/", HTTP_HOST="localhost:8000")
        assert response.status_code == 200, language
        assert demo_data.PORTAL_IN[language][1] in response.content.decode()
    # The department portal serves Vietnamese only.
    assert client.get("/en/bien-gioi/", HTTP_HOST="so.localhost:8000").status_code == 404


def test_demo_plans_its_editions_as_work(demo):
    """The translated articles' entries plan their four languages, on time but the Lao
    ones (late); the next articles' English editions were never made (missed)."""
    from collections import Counter
    from datetime import date

    from wagtail_borderplan.models import PlannedEdition
    from wagtail_borderplan.models.editions import edition_state

    editions = PlannedEdition.objects.for_state()
    states = Counter(
        (edition.locale.language_code, edition_state(edition, date(2026, 12, 1)))
        for edition in editions
    )
    made = Counter(language for editions in demo_data.EDITIONS.values() for language in editions)
    assert made["lo"] and made["km"] and made["zh-hans"]
    assert states == {
        ("en", "published"): made["en"],
        ("zh-hans", "published"): made["zh-hans"],
        ("km", "published"): made["km"],
        ("lo", "late"): made["lo"],
        ("en", "missed"): demo_data.UNTRANSLATED_ENGLISH,
    }


def test_demo_vocabularies_are_named_in_the_readers_languages(demo, client):
    html = client.get("/en/bien-gioi/", HTTP_HOST="localhost:8000").content.decode()
    for names in demo_data.SECTION_NAMES.values():
        name, slug = names["en"]
        assert f">{name}<" in html.replace("&ndash;", "–")
        response = client.get(f"/en/bien-gioi/section/{slug}/", HTTP_HOST="localhost:8000")
        assert response.status_code == 200, slug


def text_of_demo_editions():
    """Every text the demo writes in a reader's language, with the language."""
    for editions in demo_data.EDITIONS.values():
        for language, texts in editions.items():
            yield language, texts
    for language, texts in demo_data.PORTAL_IN.items():
        yield language, texts
    for names in [*demo_data.SECTION_NAMES.values(), *demo_data.TREATY_NAMES.values()]:
        for language, texts in names.items():
            yield language, texts
    yield from demo_data.MACHINE_TRANSLATION_NOTE.items()


def test_demo_texts_are_in_their_languages_script():
    """A Lao text holds no Khmer letter and the reverse (easy to mix up by hand)."""
    for language, texts in text_of_demo_editions():
        texts = [texts] if isinstance(texts, str) else texts
        for text in texts:
            for other, (low, high) in SCRIPTS.items():
                letters = [ch for ch in text if low <= ord(ch) <= high]
                if other != language:
                    assert not letters, (language, other, text)
            if language in SCRIPTS and not text.isascii():
                low, high = SCRIPTS[language]
                assert any(low <= ord(ch) <= high for ch in text), (language, text)
