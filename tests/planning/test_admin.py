"""The admin: vocabularies as snippets under "Planning", articles with tags, permissions."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from wagtail_borderplan.models import BorderArticlePage, Section, Treaty

SECTION_LIST = "wagtailsnippets_wagtail_borderplan_section:list"
TREATY_LIST = "wagtailsnippets_wagtail_borderplan_treaty:list"
TREATY_ADD = "wagtailsnippets_wagtail_borderplan_treaty:add"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, "login"),
        ("admin_only", "denied"),
        ("provincial", "denied"),
        ("department", "denied"),
        ("manager", 200),
        ("superuser", 200),
    ],
)
@pytest.mark.parametrize("view", [SECTION_LIST, TREATY_LIST, TREATY_ADD])
def test_vocabulary_views_check_permissions(client, editors, taxonomy, who, expected, view):
    response = as_user(client, editors.get(who)).get(reverse(view))
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    elif expected == "denied":
        # Wagtail answers a missing permission with a redirect to the dashboard.
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response.status_code == expected


def test_vocabulary_listing_shows_terms_and_tag_counts(client, editors, taxonomy):
    html = as_user(client, editors["manager"]).get(reverse(TREATY_LIST)).content.decode()
    assert "Hiệp ước 1999" in html
    assert _("Tagged pages") in html  # our column
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar's menu is JSON in the page, with non-ASCII letters escaped.
    assert json.dumps(_("Planning"))[1:-1] in html


def test_manager_adds_a_treaty_with_sections(client, editors, taxonomy):
    response = as_user(client, editors["manager"]).post(
        reverse(TREATY_ADD),
        {
            "name": "Hiệp định Bản Giốc",
            "slug": "",
            "full_title": "Hiệp định hợp tác bảo vệ và khai thác tài nguyên du lịch thác Bản Giốc",
            "kind": "agreement",
            "sections": [taxonomy["china"].pk],
            "signed_on": "",
            "effective_on": "",
            "summary": "",
            "official_text_url": "",
            "sort_order": "3",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    treaty = Treaty.objects.get(name="Hiệp định Bản Giốc")
    assert treaty.slug == "hiep-dinh-ban-gioc"
    assert list(treaty.sections.all()) == [taxonomy["china"]]


def test_section_colour_is_validated(client, editors):
    response = as_user(client, editors["manager"]).post(
        reverse("wagtailsnippets_wagtail_borderplan_section:add"),
        {
            "name": "Tuyến thử",
            "slug": "",
            "neighbour_country": "X",
            "colour": "red",
            "description": "",
            "sort_order": "0",
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["colour"]
    assert _("Enter a colour as #rrggbb, e.g. #b91c1c.") in response.content.decode()
    assert not Section.objects.filter(name="Tuyến thử").exists()


def tags(*names):
    """A vocabulary's checkboxes as the browser submits them: one pk per ticked box."""
    terms = {t.name: t.pk for model in (Section, Treaty) for t in model.objects.all()}
    return [str(terms[name]) for name in names]


def topics(*names):
    """The topics field as the browser submits it: one name per line."""
    return "\r\n".join(names)


def article_form(**overrides):
    data = {
        "title": "Bài mới về cột mốc",
        "slug": "bai-moi-ve-cot-moc",
        "intro": "Giới thiệu",
        "body": rich_text("<p>Nội dung</p>"),
        "article_kind": "news",
        "sections": tags("Việt Nam - Trung Quốc"),
        "treaties": tags("Hiệp ước 1999"),
        "topics": topics("Chủ đề mới hoàn toàn"),
        "source_name": "",
        "source_url": "",
        "source_date": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    # Ticked checkboxes are repeated keys, which nested_form_data would number.
    boxes = {name: data.pop(name) for name in ("sections", "treaties")}
    return {**nested_form_data(data), **boxes}


def add_url(index):
    return reverse(
        "wagtailadmin_pages:add", args=("wagtail_borderplan", "borderarticlepage", index.pk)
    )


def test_editor_writes_and_tags_an_article(client, editors, portals, taxonomy):
    index = portals["provincial"]
    response = as_user(client, editors["provincial"]).post(add_url(index), article_form())
    assert response.status_code == 302, response.context["form"].errors
    article = BorderArticlePage.objects.get(slug="bai-moi-ve-cot-moc")
    assert [s.name for s in article.sections.all()] == ["Việt Nam - Trung Quốc"]
    assert [t.name for t in article.treaties.all()] == ["Hiệp ước 1999"]
    # Topics are free tags: a new one is created.
    assert [t.name for t in article.topics.all()] == ["Chủ đề mới hoàn toàn"]
    # Tags are kept in the revision too (ParentalKey + ClusterTaggableManager).
    revision_page = article.get_latest_revision_as_object()
    assert [t.name for t in revision_page.treaties.all()] == ["Hiệp ước 1999"]


@pytest.mark.parametrize("field", ["sections", "treaties"])
def test_a_vocabulary_accepts_only_its_own_terms(client, editors, portals, taxonomy, field):
    index = portals["provincial"]
    missing = str(max(Section.objects.count(), Treaty.objects.count()) + 1000)
    response = as_user(client, editors["provincial"]).post(
        add_url(index), article_form(**{field: [missing]})
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()[field]] == ["invalid_choice"]
    assert not BorderArticlePage.objects.filter(slug="bai-moi-ve-cot-moc").exists()
    # Nothing else the editor typed is lost: the form is shown again with it.
    assert response.context["form"].data["title"] == "Bài mới về cột mốc"


def test_names_with_commas_stay_whole(client, editors, portals, taxonomy):
    """A treaty and a topic whose names hold commas save unchanged, with no junk tags."""
    treaty = Treaty.objects.create(
        name="Hiệp định về tàu, thuyền", full_title="Hiệp định về tàu, thuyền đi lại"
    )
    tags_before = Tag.objects.count()
    response = as_user(client, editors["provincial"]).post(
        add_url(portals["provincial"]),
        article_form(
            treaties=[str(treaty.pk)],
            topics=topics("Thông tin đối ngoại, hữu nghị", "An ninh biên giới"),
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    article = BorderArticlePage.objects.get(slug="bai-moi-ve-cot-moc")
    assert [t.name for t in article.treaties.all()] == ["Hiệp định về tàu, thuyền"]
    assert sorted(t.name for t in article.topics.all()) == [
        "An ninh biên giới",
        "Thông tin đối ngoại, hữu nghị",
    ]
    assert Tag.objects.count() == tags_before + 1
    # The edit form shows each name whole: a ticked box, and one topic per line.
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert re.search(rf'name="treaties" value="{treaty.pk}"[^>]*checked', html)
    assert "Thông tin đối ngoại, hữu nghị\nAn ninh biên giới" in html or (
        "An ninh biên giới\nThông tin đối ngoại, hữu nghị" in html
    )


def test_editor_of_the_other_portal_cannot_add_articles_here(client, editors, portals, taxonomy):
    response = as_user(client, editors["department"]).post(
        add_url(portals["provincial"]), article_form()
    )
    assert response.status_code in (302, 403)
    assert not BorderArticlePage.objects.filter(slug="bai-moi-ve-cot-moc").exists()


def test_admin_only_user_cannot_add_articles(client, editors, portals):
    response = as_user(client, editors["admin_only"]).get(add_url(portals["provincial"]))
    assert response.status_code in (302, 403)


def test_vocabularies_are_checkboxes_and_topics_suggest(client, editors, portals, taxonomy):
    client = as_user(client, editors["provincial"])
    html = client.get(add_url(portals["provincial"])).content.decode()
    for term in (taxonomy["china"], taxonomy["laos"], taxonomy["treaty"], taxonomy["protocol"]):
        assert (
            f'type="checkbox" name="{"sections" if isinstance(term, Section) else "treaties"}" value="{term.pk}"'
            in html
        )
    assert 'data-controller="bp-topics"' in html
    found = client.get(reverse("wagtailadmin_tag_autocomplete"), {"term": "An ninh"}).json()
    assert found == ["An ninh biên giới"]
