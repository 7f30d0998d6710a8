"""Foreign-language editions on the public side: a page tree per locale (Wagtail's own),
sections and treaties named and addressed in each language, the language switcher and
hreflang alternates, feeds per locale, and no portal answering in a language it does
not serve."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.db import IntegrityError, transaction
from django.forms import modelform_factory
from django.utils import translation
from wagtail.models import Locale

from tests.factories import make_article
from tests.portal.test_query_counts import count_queries
from wagtail_borderplan.models import ContentLine, FeedSource, Section
from wagtail_borderplan.tag_fields import VocabularyField
from wagtail_borderplan.vocabulary import rows_in_language

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "tinh.localhost"}


@pytest.fixture
def english(db) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


def translate(row, locale: Locale, **fields):
    """A section or treaty's translation, as simple_translation's snippet action makes it."""
    copy = row.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


@pytest.fixture
def english_taxonomy(taxonomy, english) -> dict:
    return {
        "china": translate(
            taxonomy["china"], english, name="Vietnam – China", slug="vietnam-china"
        ),
        "treaty": translate(
            taxonomy["treaty"],
            english,
            name="1999 Land Border Treaty",
            slug="land-border-treaty-1999",
            full_title="Treaty on the Land Border between Viet Nam and China (1999)",
        ),
    }


@pytest.fixture
def english_index(index, english):
    """The provincial portal serves English: its home and index translated, published."""
    home = index.get_parent().specific
    home.copy_for_translation(english).save_revision().publish()
    english_index = index.copy_for_translation(english, copy_parents=True)
    english_index.title = "Border"
    english_index.save_revision().publish()
    return english_index


def english_edition(article, title: str):
    edition = article.copy_for_translation(Locale.objects.get(language_code="en"))
    edition.title = title
    edition.save_revision().publish()
    return edition


# Vocabularies ----------------------------------------------------------------------


def test_names_and_slugs_are_unique_within_a_locale_only(taxonomy, english):
    copy = translate(taxonomy["china"], english)
    assert (copy.name, copy.slug) == (taxonomy["china"].name, taxonomy["china"].slug)
    assert copy.translation_key == taxonomy["china"].translation_key
    with transaction.atomic(), pytest.raises(IntegrityError):
        Section.objects.create(name=taxonomy["china"].name, slug="khac", neighbour_country="TQ")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Section.objects.create(name="Khác", slug=taxonomy["china"].slug, neighbour_country="TQ")


def test_pages_and_plans_choose_from_the_default_locale_only(english_taxonomy, taxonomy):
    line_form = modelform_factory(ContentLine, fields=["section", "treaties"])()
    source_form = modelform_factory(FeedSource, fields=["section", "treaties"])()
    for field in (
        VocabularyField(Section),  # an article's sections
        *line_form.fields.values(),
        *source_form.fields.values(),
    ):
        choices = set(field.queryset)
        assert english_taxonomy["china"] not in choices
        assert english_taxonomy["treaty"] not in choices


def test_rows_in_language_name_each_canonical_row_once(english_taxonomy, taxonomy):
    with translation.override("en"):
        names = [row.name for row in rows_in_language(Section)]
    # Translated where a translation exists, the Vietnamese name otherwise, in order.
    assert sorted(names) == sorted(["Vietnam – China", taxonomy["laos"].name])
    with translation.override("vi"):
        assert {row.name for row in rows_in_language(Section)} == {
            taxonomy["china"].name,
            taxonomy["laos"].name,
        }


# The public side ---------------------------------------------------------------------


@pytest.fixture
def articles(index, english_index, taxonomy, english_taxonomy):
    t = taxonomy
    original = make_article(
        index, "Cắm mốc biên giới", sections=[t["china"]], treaties=[t["treaty"]]
    )
    edition = english_edition(original, "Planting border markers")
    other = make_article(index, "Bài chỉ có tiếng Việt", sections=[t["laos"]])
    return {"original": original, "edition": edition, "other": other}


def test_the_english_index_lists_english_editions_with_english_names(client, articles):
    response = client.get("/en/bien-gioi/", **HOST)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Planting border markers" in html
    assert "Cắm mốc biên giới" not in html and "Bài chỉ có tiếng Việt" not in html
    # The article's section and treaty chips: English names, English addresses.
    assert ">Vietnam – China</a>" in html
    assert "/en/bien-gioi/section/vietnam-china/" in html
    assert ">1999 Land Border Treaty</a>" in html


def test_vietnamese_pages_are_unchanged(client, articles, taxonomy):
    html = client.get("/bien-gioi/", **HOST).content.decode()
    assert '<html lang="vi">' in html
    assert "Cắm mốc biên giới" in html and "Planting border markers" not in html
    assert f">{taxonomy['china'].name}</a>" in html and "Vietnam – China" not in html


@pytest.mark.parametrize(
    "route",
    ["section/vietnam-china/", "section/viet-nam-trung-quoc/", "treaty/land-border-treaty-1999/"],
)
def test_filters_read_english_and_vietnamese_slugs(client, articles, route):
    response = client.get(f"/en/bien-gioi/{route}", **HOST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Planting border markers" in html
    # The active filter is named in English, whichever slug the link used.
    assert 'class="bp-chip">Vietnam – China</span>' in html or "1999 Land Border Treaty" in html


def test_treaty_details_in_english(client, articles):
    html = client.get("/en/bien-gioi/treaty/land-border-treaty-1999/", **HOST).content.decode()
    assert "Treaty on the Land Border between Viet Nam and China (1999)" in html
    assert "<dd>Vietnam – China</dd>" in html


def test_feeds_per_locale(client, articles):
    feed = client.get("/en/bien-gioi/section/vietnam-china/rss/", **HOST).content.decode()
    assert "<title>Planting border markers</title>" in feed
    assert "Cắm mốc" not in feed
    assert "Border – Vietnam – China" in feed
    assert "http://tinh.localhost/en/bien-gioi/section/vietnam-china/rss/" in feed
    # The items' categories too.
    assert "<category>Vietnam – China</category>" in feed
    assert "<category>1999 Land Border Treaty</category>" in feed
    assert "<category>Việt Nam - Trung Quốc</category>" not in feed
    vietnamese = client.get("/bien-gioi/rss/", **HOST).content.decode()
    assert "Cắm mốc biên giới" in vietnamese and "Planting border markers" not in vietnamese


def test_switcher_and_hreflang_link_the_editions(client, articles):
    edition_html = client.get(articles["edition"].url, **HOST).content.decode()
    original_url = articles["original"].get_full_url()
    edition_url = articles["edition"].get_full_url()
    assert edition_url.startswith("http://tinh.localhost/en/")
    for html in (edition_html, client.get(articles["original"].url, **HOST).content.decode()):
        assert f'<link rel="alternate" hreflang="vi" href="{original_url}">' in html
        assert f'<link rel="alternate" hreflang="en" href="{edition_url}">' in html
    nav = re.search(r'<nav class="bp-languages".*?</nav>', edition_html, re.S).group(0)
    assert '<span aria-current="page" lang="en">English</span>' in nav
    assert f'href="{original_url}" hreflang="vi" lang="vi">Tiếng Việt</a>' in nav


def test_a_page_without_editions_has_no_switcher(client, articles):
    html = client.get(articles["other"].url, **HOST).content.decode()
    assert "bp-languages" not in html and "hreflang" not in html


@pytest.mark.parametrize("prefix", ["km", "zh-hans"])
def test_a_portal_answers_only_in_the_languages_it_serves(client, articles, prefix):
    """No Khmer or Chinese tree: Wagtail would route through the Vietnamese one."""
    assert client.get(f"/{prefix}/bien-gioi/", **HOST).status_code == 404
    assert client.get(f"/{prefix}{articles['original'].url}", **HOST).status_code == 404
    # The department portal has no English tree either, not even a home page.
    assert client.get("/en/bien-gioi/", HTTP_HOST="so.localhost").status_code == 404
    assert client.get("/en/", HTTP_HOST="so.localhost").status_code == 404
    assert client.get("/en/", **HOST).status_code == 200


def test_the_language_comes_from_the_address_not_the_browser(client, articles):
    """An English browser still gets the Vietnamese page and the Vietnamese admin login."""
    response = client.get("/bien-gioi/", HTTP_ACCEPT_LANGUAGE="en", **HOST)
    assert '<html lang="vi">' in response.content.decode()
    # Nor do responses vary by it (caches keep one copy, not one per browser language).
    assert "accept-language" not in response.get("Vary", "").lower()
    assert response["Content-Language"] == "vi"
    login = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="vi"' in login


# Query counts ------------------------------------------------------------------------

URLS = [
    "/en/bien-gioi/",
    "/en/bien-gioi/section/vietnam-china/",
    "/en/bien-gioi/treaty/land-border-treaty-1999/?section=vietnam-china",
    "/en/bien-gioi/rss/",
    "/en/bien-gioi/section/vietnam-china/atom/",
]


def add_editions(index, english_index, taxonomy, count):
    for _number in range(count):
        original = make_article(
            index,
            sections=[taxonomy["china"], taxonomy["laos"]],
            treaties=[taxonomy["treaty"]],
            with_revision=False,
        )
        make_article(
            english_index,
            sections=[taxonomy["china"], taxonomy["laos"]],
            treaties=[taxonomy["treaty"]],
            with_revision=False,
            translation_key=original.translation_key,
        )


def test_localised_index_and_feeds_keep_flat_query_counts(
    client, index, english_index, taxonomy, english_taxonomy, settings
):
    settings.WAGTAIL_BORDERPLAN = {"INDEX_PAGE_SIZE": 10, "FEED_ITEMS": 20}
    add_editions(index, english_index, taxonomy, 5)
    small = {url: count_queries(client, url) for url in URLS}
    add_editions(index, english_index, taxonomy, 195)
    large = {url: count_queries(client, url) for url in URLS}
    assert large == small
    assert max(small.values()) <= 26, small


# The readers' languages ----------------------------------------------------------------

PUBLIC_CATALOGUES = ["zh_Hans", "lo", "km"]
LOCALE_DIR = Path(__file__).resolve().parents[2] / "wagtail_borderplan/locale"
PUBLIC_FILES = (
    "templates/wagtail_borderplan/base.html",
    "templates/wagtail_borderplan/border_",
    "templates/wagtail_borderplan/includes/",
    "feeds.py",
)


def public_msgids() -> set[tuple[str | None, str]]:
    """What readers see: the strings of the public templates and feeds (from the
    Vietnamese catalogue's references, which CI keeps complete)."""
    catalogue = polib.pofile(str(LOCALE_DIR / "vi/LC_MESSAGES/django.po"))
    return {
        (entry.msgctxt, entry.msgid)
        for entry in catalogue
        if not entry.obsolete
        and any(path.startswith(PUBLIC_FILES) for path, _line in entry.occurrences)
    }


@pytest.mark.parametrize("language", PUBLIC_CATALOGUES)
def test_every_public_string_is_translated_for_readers(language):
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES/django.po"))
    translated = {(entry.msgctxt, entry.msgid) for entry in catalogue if entry.translated()}
    needed = public_msgids()
    assert len(needed) >= 30
    assert needed <= translated, needed - translated


@pytest.mark.parametrize(
    ("code", "filter_label", "html_lang"),
    [("lo", "ກັ່ນຕອງບົດຄວາມ", "lo"), ("km", "ចម្រាញ់អត្ថបទ", "km"), ("zh-hans", "筛选文章", "zh-hans")],
)
def test_a_portal_serving_a_language_shows_its_pages_in_it(
    client, index, articles, code, filter_label, html_lang
):
    locale = Locale.objects.get_or_create(language_code=code)[0]
    index.get_parent().specific.copy_for_translation(locale).save_revision().publish()
    translated = index.copy_for_translation(locale)
    translated.save_revision().publish()
    html = client.get(f"/{code}/bien-gioi/", **HOST).content.decode()
    assert f'<html lang="{html_lang}">' in html
    assert f'aria-label="{filter_label}"' in html


def test_the_admin_counts_a_translation_with_its_original(articles, taxonomy, english_taxonomy):
    """The snippet listings' columns: a translation's pages and treaties are its
    original's (pages and treaties point at the Vietnamese rows)."""
    from wagtail_borderplan.viewsets import SectionViewSet, TreatyViewSet

    sections = {row.pk: row for row in SectionViewSet().get_queryset(None)}
    for key in ("china",):
        original, translation = sections[taxonomy[key].pk], sections[english_taxonomy[key].pk]
        # The article and its English edition (which keeps the original's tags).
        assert original.article_count == translation.article_count == 2
        assert original.treaty_count == translation.treaty_count == 1
    treaties = {row.pk: row for row in TreatyViewSet().get_queryset(None)}
    assert treaties[english_taxonomy["treaty"].pk].article_count == 2
    assert treaties[taxonomy["protocol"].pk].article_count == 0


def test_the_admin_lists_sections_per_locale(admin_client, english_taxonomy):
    from django.urls import reverse

    url = reverse("wagtailsnippets_wagtail_borderplan_section:list")
    english = admin_client.get(url, {"locale": "en"}).content.decode()
    vietnamese = admin_client.get(url, {"locale": "vi"}).content.decode()
    assert "Vietnam – China" in english and "Việt Nam - Trung Quốc" not in english
    assert "Việt Nam - Trung Quốc" in vietnamese and "Vietnam – China" not in vietnamese


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("vi", "01/05/2021 23:30"),
        ("en", "1 May 2021, 23:30"),
        ("zh-hans", "2021年5月1日 23:30"),
        ("lo", "01/05/2021 23:30"),
        ("km", "01/05/2021 23:30"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(language, written):
    from datetime import UTC, datetime

    from wagtail_borderplan.templatetags.borderplan_tags import bp_datetime

    with translation.override(language):
        shown = bp_datetime(datetime(2021, 5, 1, 16, 30, tzinfo=UTC))
    assert shown == f"{written} (Asia/Ho_Chi_Minh, UTC+07:00)"


def section_form(**fields) -> dict:
    """The section form's fields as the admin posts them."""
    return {
        "slug": "",
        "neighbour_country": "Trung Quốc",
        "description": "",
        "colour": "#b91c1c",
        "sort_order": 0,
        **fields,
    }


def test_a_translator_translates_a_section_with_wagtails_tool(admin_client, taxonomy, english):
    """simple_translation's action on the snippet listing, then its submit form."""
    from django.urls import reverse

    china = taxonomy["china"]
    submit = reverse(
        "simple_translation:submit_snippet_translation",
        args=["wagtail_borderplan", "section", china.pk],
    )
    listing = admin_client.get(reverse("wagtailsnippets_wagtail_borderplan_section:list"))
    assert submit in listing.content.decode()
    response = admin_client.post(submit, {"locales": [english.pk]})
    assert response.status_code == 302
    copy = Section.objects.get(locale=english, translation_key=china.translation_key)
    # The translator then names it in English, with an English slug.
    edit = reverse("wagtailsnippets_wagtail_borderplan_section:edit", args=[copy.pk])
    form = section_form(name="Vietnam – China", slug="vietnam-china", neighbour_country="China")
    assert admin_client.post(edit, form).status_code == 302
    copy.refresh_from_db()
    assert (copy.name, copy.slug) == ("Vietnam – China", "vietnam-china")
    china.refresh_from_db()
    assert china.name == "Việt Nam - Trung Quốc"


def test_a_duplicate_name_in_a_locale_is_a_form_error(admin_client, taxonomy):
    from django.urls import reverse

    url = reverse("wagtailsnippets_wagtail_borderplan_section:add")
    response = admin_client.post(url, section_form(name=taxonomy["china"].name))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Section.objects.filter(name=taxonomy["china"].name).count() == 1


def test_a_cleared_slug_is_filled_from_the_name(admin_client, english_taxonomy):
    from django.urls import reverse

    copy = english_taxonomy["china"]
    url = reverse("wagtailsnippets_wagtail_borderplan_section:edit", args=[copy.pk])
    assert admin_client.post(url, section_form(name="Vietnam and China")).status_code == 302
    copy.refresh_from_db()
    assert copy.slug == "vietnam-and-china"


def test_a_translations_own_sections_are_not_read(client, articles, taxonomy, english_taxonomy):
    """Only the original treaty's sections count (a translator may tick some by mistake)."""
    from wagtail_borderplan.viewsets import SectionViewSet

    english_taxonomy["treaty"].sections.add(taxonomy["china"], taxonomy["laos"])
    assert list(english_taxonomy["treaty"].plan_sections()) == [taxonomy["china"]]
    sections = {row.pk: row for row in SectionViewSet().get_queryset(None)}
    assert sections[taxonomy["china"].pk].treaty_count == 1
    assert sections[taxonomy["laos"].pk].treaty_count == 1  # the protocol only


def test_the_plans_section_pickers_offer_the_default_locale_only(admin_client, english_taxonomy):
    from django.urls import reverse

    for model in ("contentline", "feedsource"):
        html = admin_client.get(
            reverse(f"wagtailsnippets_wagtail_borderplan_{model}:add")
        ).content.decode()
        assert "Việt Nam - Trung Quốc" in html, model
        assert "Vietnam – China" not in html, model


def test_a_translated_treatys_form_does_not_offer_its_ignored_sections(
    root_client, taxonomy, english
):
    from django.urls import reverse

    treaty = taxonomy["treaty"]
    copy = translate(treaty, english, name="1999 Treaty", slug="treaty-1999")
    edit = "wagtailsnippets_wagtail_borderplan_treaty:edit"
    original_form = root_client.get(reverse(edit, args=[treaty.pk])).context["form"]
    assert "sections" in original_form.fields
    response = root_client.get(reverse(edit, args=[copy.pk]))
    assert response.status_code == 200
    assert "sections" not in response.context["form"].fields
    # Saving the translation keeps the original's border lines, read through it.
    data = {
        "name": "1999 Land Border Treaty",
        "slug": "treaty-1999",
        "sort_order": 0,
        "full_title": "Treaty on the Land Border (1999)",
        "kind": copy.kind,
    }
    assert root_client.post(reverse(edit, args=[copy.pk]), data).status_code == 302
    copy.refresh_from_db()
    assert copy.name == "1999 Land Border Treaty"
    assert list(copy.plan_sections()) == list(treaty.plan_sections())


def test_topics_are_per_locale(client, index, english_index, taxonomy):
    """Topics are free tags of each page: an edition carries its own, in its language,
    and each language's index filters by its own."""
    original = make_article(index, "Cột mốc 1116", topics=["cột mốc"])
    edition = english_edition(original, "Marker 1116")
    edition.topics.set(["border markers"])
    edition.save_revision().publish()
    english = client.get("/en/bien-gioi/topic/border-markers/", **HOST)
    assert english.status_code == 200 and "Marker 1116" in english.content.decode()
    from taggit.models import Tag

    slug = Tag.objects.get(name="cột mốc").slug
    vietnamese = client.get(f"/bien-gioi/topic/{slug}/", **HOST).content.decode()
    assert "Cột mốc 1116" in vietnamese and "Marker 1116" not in vietnamese
    # The Vietnamese index does not list the English topic's page.
    other = client.get("/bien-gioi/topic/border-markers/", **HOST).content.decode()
    assert "Marker 1116" not in other


def test_the_title_names_the_portal_in_the_pages_language(client, articles, english):
    from wagtail.models import Site

    from wagtail_borderplan.compat import Page

    site = Site.objects.get(hostname="tinh.localhost")
    home = site.root_page.get_translation(english)
    Page.objects.filter(pk=home.pk).update(title="Provincial Portal")
    english_html = client.get("/en/bien-gioi/", **HOST).content.decode()
    assert "<title>Border – Provincial Portal</title>" in english_html
    vietnamese_html = client.get("/bien-gioi/", **HOST).content.decode()
    assert f" – {site.site_name}</title>" in vietnamese_html
