"""An entry links only an article its editor may edit: the reports count the linked
article as the entry's publication. Through the real admin form and page chooser."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from tests.factories import NO_EDITIONS, at, make_article, make_entry
from wagtail_borderplan.calendar.article_field import EDITABLE
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import BorderArticlePage, CalendarEntry

CHOOSER = {"page_type": "wagtail_borderplan.borderarticlepage", "user_perms": EDITABLE}


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def member(world, portals):
    """A member of the ICT centre who writes for the provincial portal: Wagtail's "add"
    permission there, so they edit the pages they created and no others."""
    writers = Group.objects.create(name="Provincial writers")
    GroupPagePermission.objects.create(
        group=writers, page=portals["provincial"], permission_type="add"
    )
    user = world["users"]["member"]
    user.groups.add(writers)
    return user


@pytest.fixture
def pages(world, portals, member):
    def owned(article, owner):
        Page.objects.filter(pk=article.pk).update(owner=owner)
        return article

    other = world["users"]["other_member"]
    return {
        "own_draft": owned(
            make_article(portals["provincial"], "Bản nháp của tôi", live=False), member
        ),
        "other_unit": owned(make_article(portals["provincial"], "Bài đã đăng của phòng"), other),
        "other_portal": owned(
            make_article(portals["department"], "Bản nháp cổng Sở", live=False), other
        ),
    }


@pytest.fixture
def entry(world):
    return make_entry(
        world["plan"], "Bài của Trung tâm", planned_at=at(2026, 5, 4, 9, 0), unit=world["ict"]
    )


def edit(client, world, entry, page, **extra):
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    data = {
        "plan": world["plan"].pk,
        "title": entry.title,
        "unit": world["ict"].pk,
        "editorial_status": "idea",
        **NO_EDITIONS,
        "page": page.pk if page else "",
        **extra,
    }
    return client.post(url, data)


@pytest.mark.parametrize(
    "key", ["other_portal", "other_unit"], ids=["other-portals-draft", "other-units-article"]
)
def test_an_article_the_member_may_not_edit_is_refused(client, world, member, pages, entry, key):
    client.force_login(member)
    page = pages[key]
    response = edit(client, world, entry, page)
    assert response.status_code == 200
    message = _("You may not edit “%(page)s”: choose an article you may edit.") % {
        "page": page.title
    }
    assert response.context["form"].errors["page"] == [message]
    assert message in response.content.decode()
    entry.refresh_from_db()
    assert entry.page_id is None


def test_a_new_entry_cannot_claim_it_either(client, world, member, pages):
    client.force_login(member)
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add")
    data = {
        "plan": world["plan"].pk,
        "title": "Lén",
        "unit": world["ict"].pk,
        "editorial_status": "idea",
        **NO_EDITIONS,
        "page": pages["other_unit"].pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "page" in response.context["form"].errors
    assert not CalendarEntry.objects.filter(title="Lén").exists()


def test_the_members_own_article_is_linked(client, world, member, pages, entry):
    client.force_login(member)
    response = edit(client, world, entry, pages["own_draft"])
    assert response.status_code == 302, response.context["form"].errors
    entry.refresh_from_db()
    assert entry.page_id == pages["own_draft"].pk


def test_only_an_article_page_is_accepted(client, world, member, portals, entry):
    client.force_login(member)
    response = edit(client, world, entry, portals["provincial"])
    assert response.context["form"].errors["page"] == [
        _("“%(page)s” is not an article: choose an article page.")
        % {"page": portals["provincial"].title}
    ]


def test_an_article_linked_by_someone_else_stays_when_the_member_edits(
    client, world, member, pages, entry
):
    # Linked by whoever created it: the member may still change the entry's notes.
    CalendarEntry.objects.filter(pk=entry.pk).update(page=pages["other_unit"])
    entry.refresh_from_db()
    client.force_login(member)
    response = edit(client, world, entry, pages["other_unit"], notes="Đã sửa ghi chú")
    assert response.status_code == 302, response.context["form"].errors
    entry.refresh_from_db()
    assert (entry.page_id, entry.notes) == (pages["other_unit"].pk, "Đã sửa ghi chú")


def test_a_superuser_links_any_article(client, world, pages, entry):
    client.force_login(world["users"]["superuser"])
    response = edit(client, world, entry, pages["other_portal"])
    assert response.status_code == 302


def chooser_titles(response) -> str:
    assert response.status_code == 200
    return (
        json.loads(response.content)["html"]
        if response["Content-Type"].startswith("application/json")
        else response.content.decode()
    )


def test_the_form_asks_the_chooser_for_editable_articles(client, world, member, entry):
    client.force_login(member)
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    widget = client.get(url).context["form"].fields["page"].widget
    assert widget.user_perms == EDITABLE
    assert widget.target_models == [BorderArticlePage]


# Committed rows: MariaDB's full-text index, behind Wagtail's search in the chooser, does
# not see rows of a transaction still open.
@pytest.mark.django_db(transaction=True)
def test_the_chooser_offers_only_editable_articles(client, member, portals, pages):
    client.force_login(member)
    browse = reverse("wagtailadmin_choose_page_child", args=[portals["provincial"].pk])
    html = chooser_titles(client.get(browse, CHOOSER))
    assert "Bản nháp của tôi" in html
    assert "Bài đã đăng của phòng" not in html
    # From the top, the way down to the grant only: not the other portal.
    html = chooser_titles(client.get(reverse("wagtailadmin_choose_page"), CHOOSER))
    assert portals["provincial"].get_parent().title in html
    assert portals["department"].get_parent().title not in html
    department = reverse("wagtailadmin_choose_page_child", args=[portals["department"].pk])
    assert "Bản nháp cổng Sở" not in chooser_titles(client.get(department, CHOOSER))
    search = reverse("wagtailadmin_choose_page_search")
    html = chooser_titles(client.get(search, {**CHOOSER, "q": "Bản"}))
    assert "Bản nháp của tôi" in html
    assert "Bản nháp cổng Sở" not in html
    html = chooser_titles(client.get(search, {**CHOOSER, "q": "Bài đã đăng"}))
    assert "Bài đã đăng của phòng" not in html


def test_other_page_choosers_are_untouched(client, member, portals, pages):
    client.force_login(member)
    browse = reverse("wagtailadmin_choose_page_child", args=[portals["provincial"].pk])
    html = chooser_titles(client.get(browse, {"page_type": CHOOSER["page_type"]}))
    assert "Bài đã đăng của phòng" in html


def test_a_superuser_is_offered_every_article(client, world, portals, pages):
    client.force_login(world["users"]["superuser"])
    department = reverse("wagtailadmin_choose_page_child", args=[portals["department"].pk])
    assert "Bản nháp cổng Sở" in chooser_titles(client.get(department, CHOOSER))
