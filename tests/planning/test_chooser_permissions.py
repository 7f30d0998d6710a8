"""Wagtail's snippet choosers for the plan's data, calendar entries, feed sources and
collected items follow the listings' policy: every chooser URL (the modal, its
results, chosen and chosen-multiple) for every role. Whoever may add or change a model
whose form chooses another (an entry's plan, a source's unit) may use that chooser."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.access import assert_denied
from tests.factories import at, make_entry, make_user
from wagtail_borderplan.models import CollectedItem, FeedSource

ROLES = [
    "anonymous",
    "admin_only",
    "viewer",
    "department_editor",
    "member",
    "collector",
    "model_viewer",
    "superuser",
]
# Besides the superuser and a user with the model's own view permission.
ALSO_ALLOWED = {
    "calendarentry": {"viewer", "member"},  # the entries' listing is the calendar's
    "plan": {"member", "collector"},  # chosen in the entry and feed source forms
    "contentline": {"member", "collector"},
    "unit": {"member", "collector"},
    "channel": {"collector"},  # the feed source's press channel
    "feedsource": {"collector"},  # who may add sources sees their listing
    "collecteditem": set(),
}


@pytest.fixture
def objects(world, portals):
    source = FeedSource.objects.create(
        name="Báo Biên phòng", feed_url="https://bao.example/rss", index_page=portals["provincial"]
    )
    return {
        "calendarentry": make_entry(world["plan"], "Bài của Trung tâm", planned_at=at(2026, 5, 4)),
        "plan": world["plan"],
        "contentline": world["china"],
        "unit": world["division"],
        "channel": world["provincial"],
        "feedsource": source,
        "collecteditem": CollectedItem.objects.create(source=source, key="k1", title="Tin hỏng"),
    }


def user_for(role, model, world, editors):
    if role == "department_editor":
        return editors["department"]
    if role == "collector":  # the ICT centre's feed sources, nothing of the plan
        return make_user("collector", "access_admin", "add_feedsource", "change_feedsource")
    if role == "model_viewer":
        return make_user(f"sees_{model}", "access_admin", f"view_{model}")
    return world["users"][role]


def text(response) -> str:
    """The response's text, JSON (modal responses) decoded."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(json.loads(response.content), ensure_ascii=False)
    return response.content.decode()


@pytest.mark.parametrize("model", list(ALSO_ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_chooser_urls(client, world, editors, objects, model, role):
    user = user_for(role, model, world, editors)
    if user is not None:
        client.force_login(user)
    chosen = objects[model]
    namespace = f"wagtailsnippetchoosers_wagtail_borderplan_{model}"
    requests = [
        (reverse(f"{namespace}:choose"), {}),
        (reverse(f"{namespace}:choose_results"), {}),
        (reverse(f"{namespace}:choose_results"), {"q": str(chosen)}),
        (reverse(f"{namespace}:chosen", args=[chosen.pk]), {}),
        (reverse(f"{namespace}:chosen_multiple"), {"id": chosen.pk}),
    ]
    allowed = role in ("superuser", "model_viewer") or role in ALSO_ALLOWED[model]
    name = str(chosen)
    for url, params in requests:
        response = client.get(url, params)
        if allowed:
            assert response.status_code == 200, (url, params)
            assert name in text(response), (url, params)
        else:
            assert_denied(response, role)
            assert name not in text(response), (url, params)


def test_the_member_still_chooses_in_the_entry_form(client, world):
    # The form renders its plan, content line and unit choosers, and they answer.
    client.force_login(world["users"]["member"])
    html = client.get(reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add")).content
    for model in ("plan", "contentline", "unit"):
        url = reverse(f"wagtailsnippetchoosers_wagtail_borderplan_{model}:choose")
        assert url.encode() in html
        assert client.get(url).status_code == 200


def test_model_permissions_are_real(world):
    # The roles above hold what their names say (guards the table against typos).
    viewer = world["users"]["viewer"]
    assert set(viewer.user_permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "view_calendarentry",
    }
    assert Permission.objects.filter(codename="view_collecteditem").exists()
