"""Every calendar view and endpoint, for every role: anonymous, admin access only,
view only, a member of the entry's unit (directly or by group), a member of another
unit, a superuser, and an editor of the other portal."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from tests.access import assert_denied
from tests.factories import NO_EDITIONS, at, make_entry
from wagtail_borderplan.models import CalendarEntry

CALENDAR = reverse("borderplan_calendar:index")
FEEDS = reverse("borderplan_calendar:feeds")


@pytest.fixture
def entry(world):
    return make_entry(
        world["plan"],
        "Bài của Trung tâm",
        planned_at=at(2026, 5, 4, 9, 15),
        unit=world["ict"],
        content_line=world["china"],
        channels=[world["provincial"]],
    )


def login(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


SEES = {"viewer", "member", "group_member", "other_member", "superuser"}
CHANGES = {"member", "group_member", "superuser"}
ROLES = ["anonymous", "admin_only", "viewer", "member", "group_member", "other_member", "superuser"]


@pytest.mark.parametrize("role", ROLES)
def test_calendar_page(client, world, entry, role):
    response = login(client, world, role).get(CALENDAR, {"date": "2026-05-01"})
    if role not in SEES:
        assert_denied(response, role)
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bài của Trung tâm" in html
    card = html[html.index(f'data-entry-id="{entry.pk}"') - 200 : html.index("Bài của Trung tâm")]
    # Drag and the move link are offered exactly to those who may change the entry.
    assert ('draggable="true"' in card) is (role in CHANGES)
    move_url = reverse("borderplan_calendar:move", args=[entry.pk])
    assert (f'class="bp-entry__move" href="{move_url}"' in html) is (role in CHANGES)


@pytest.mark.parametrize("role", ROLES)
def test_move_endpoint(client, world, entry, role):
    url = reverse("borderplan_calendar:move", args=[entry.pk])
    response = login(client, world, role).post(
        url, {"date": "2026-05-06"}, HTTP_ACCEPT="application/json"
    )
    entry.refresh_from_db()
    if role in CHANGES:
        assert response.status_code == 200
        assert response.json()["ok"] is True
        assert entry.planned_at == at(2026, 5, 6, 9, 15)
    else:
        if role == "anonymous":
            assert response.status_code == 302
        else:
            assert (
                response.status_code == 403 if role in SEES else response.status_code in (302, 403)
            )
            if role in SEES:
                assert "error" in response.json()
        assert entry.planned_at == at(2026, 5, 4, 9, 15)


@pytest.mark.parametrize("role", ROLES)
def test_entry_edit_view(client, world, entry, role):
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    response = login(client, world, role).get(url)
    if role in CHANGES:
        assert response.status_code == 200
    else:
        assert_denied(response, role)


def test_member_cannot_plan_for_another_unit(client, world):
    client = login(client, world, "member")
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add")
    form = client.get(url).context["form"]
    assert list(form.fields["unit"].queryset) == [world["ict"]]
    response = client.post(
        url,
        {
            "plan": world["plan"].pk,
            "title": "Lén",
            "unit": world["division"].pk,
            "editorial_status": "idea",
            **NO_EDITIONS,
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not CalendarEntry.objects.filter(title="Lén").exists()


def test_move_needs_post_and_csrf(world, entry):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["superuser"])
    url = reverse("borderplan_calendar:move", args=[entry.pk])
    # GET shows the form and changes nothing.
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2026-05-06"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 4, 9, 15)


@pytest.mark.parametrize("role", ROLES)
def test_feeds_page(client, world, role):
    response = login(client, world, role).get(FEEDS)
    if role in SEES:
        assert response.status_code == 200
    else:
        assert_denied(response, role)


def test_revoke_only_own_feed_and_only_by_post(client, world):
    from wagtail_borderplan.models import CalendarFeed

    feed, _token = CalendarFeed.create_for(world["users"]["viewer"], "Của người xem", "")
    url = reverse("borderplan_calendar:revoke_feed", args=[feed.pk])
    login(client, world, "member")
    assert client.post(url).status_code == 404  # someone else's feed
    client.force_login(world["users"]["viewer"])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not CalendarFeed.objects.filter(pk=feed.pk).exists()


def test_other_portal_editor_cannot_create_the_article_there(client, world, editors, entry):
    """An editor of the department portal, member of the entry's unit, may plan it but
    not create its article under the provincial portal's index."""
    department_editor = editors["department"]
    department_editor.user_permissions.add(*world["users"]["member"].user_permissions.all())
    world["ict"].members.add(department_editor)
    client.force_login(department_editor)
    url = reverse("borderplan_calendar:create_article", args=[entry.pk])
    response = client.post(url, {"channel": world["provincial"].pk})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.page is None
    refusal = _("You may not add pages under this portal's index.")
    assert response.context["form"].errors["channel"] == [refusal]
    assert escape(refusal) in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_create_article_view(client, world, entry, role):
    url = reverse("borderplan_calendar:create_article", args=[entry.pk])
    response = login(client, world, role).get(url)
    if role in CHANGES:
        assert response.status_code == 200
    else:
        assert_denied(response, role)
    response = client.post(url, {"channel": world["provincial"].pk})
    entry.refresh_from_db()
    if role == "superuser":
        assert response.status_code == 302
        assert entry.page is not None
    else:
        # Members may change the entry but have no page permission on the portal.
        assert response.status_code in (302, 403)
        assert entry.page is None


SNIPPETS = ["plan", "contentline", "unit", "channel", "calendarentry"]


@pytest.mark.parametrize("model", SNIPPETS)
@pytest.mark.parametrize("role", ["anonymous", "admin_only", "viewer", "superuser"])
def test_planning_snippets(client, world, role, model):
    url = reverse(f"wagtailsnippets_wagtail_borderplan_{model}:list")
    response = login(client, world, role).get(url)
    # The view permission on entries shows the entries' listing only.
    if role == "superuser" or (role == "viewer" and model == "calendarentry"):
        assert response.status_code == 200
    else:
        assert_denied(response, role)


def test_creating_an_entry_is_logged(client, world):
    from wagtail.models import ModelLogEntry

    login(client, world, "member")
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add")
    response = client.post(
        url,
        {
            "plan": world["plan"].pk,
            "title": "Mới",
            "unit": world["ict"].pk,
            "editorial_status": "idea",
            **NO_EDITIONS,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    entry = CalendarEntry.objects.get(title="Mới")
    assert entry.created_by == world["users"]["member"]
    log = ModelLogEntry.objects.get(action="wagtail.create")
    assert (log.object_id, log.user_id) == (str(entry.pk), world["users"]["member"].pk)
