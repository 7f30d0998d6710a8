"""Fixtures shared by the suite; the builders behind them are in ``tests/factories.py``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from tests.browser import chromium, close_tab, open_tab
from tests.factories import (
    at,
    make_article,
    make_entry,
    make_portals,
    make_taxonomy,
    planning_world,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def portals(db):
    """Two portals (Sites) like the example site's, each with a border index page."""
    return make_portals()


@pytest.fixture
def index(portals):
    return portals["provincial"]


@pytest.fixture
def taxonomy(db):
    return make_taxonomy()


@pytest.fixture
def editors(db, portals):
    """Users for permission tests: admin-access-only, a provincial-portal editor, the other
    portal's editor, a vocabulary manager and a superuser."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    admin_access = Permission.objects.get(codename="access_admin")

    def user(name, *perms, groups=()):
        u = User.objects.create_user(name, f"{name}@example.com", "pw")
        u.user_permissions.add(*perms)
        u.groups.add(*groups)
        return u

    groups = {}
    for key, index in portals.items():
        group = Group.objects.create(name=f"Editors {key}")
        group.permissions.add(admin_access)
        for permission_type in ("add", "change", "publish"):
            GroupPagePermission.objects.create(
                group=group, page=index, permission_type=permission_type
            )
        groups[key] = group
    vocab = [
        Permission.objects.get(codename=f"{action}_{model}")
        for action in ("add", "change", "delete", "view")
        for model in ("section", "treaty")
    ]
    return {
        "admin_only": user("admin_only", admin_access),
        "provincial": user("provincial", groups=[groups["provincial"]]),
        "department": user("department", groups=[groups["department"]]),
        "manager": user("manager", admin_access, *vocab),
        "superuser": User.objects.create_superuser("root", "root@example.com", "pw"),
    }


@pytest.fixture
def world(portals, taxonomy):
    return planning_world(portals, taxonomy)


@pytest.fixture
def root_client(client, world):
    """The test client, logged in as the superuser of ``world``."""
    client.force_login(world["users"]["superuser"])
    return client


@pytest.fixture
def article_entry(world, portals):
    """An entry of the ICT centre on 04/05/2026 09:15 with a draft article."""
    page = make_article(portals["provincial"], "Bài lên lịch", live=False)
    return make_entry(
        world["plan"],
        "Mục có bài",
        page=page,
        unit=world["ict"],
        channels=[world["provincial"]],
        planned_at=at(2026, 5, 4, 9, 15),
    )


@pytest.fixture(scope="session")
def feed_server():
    """A real HTTP server on 127.0.0.1 serving feeds, images and errors (tests/feedserver.py)."""
    from tests.feedserver import FeedServer

    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def feeds(feed_server):
    feed_server.reset()
    return feed_server


# Browser tests: one Chromium per module, a fresh Vietnamese context per test.
@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, live_server):
    page = open_tab(browser, live_server.url)
    yield page
    close_tab(page)


@pytest.fixture
def phone(browser, live_server):
    """A page on a 390-pixel phone screen."""
    page = open_tab(browser, live_server.url, 390, 844)
    yield page
    close_tab(page)
