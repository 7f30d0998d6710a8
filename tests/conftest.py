from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from taggit.models import Tag
from wagtail.models import Collection, GroupPagePermission, Locale, Page, Site

from example_site.home.models import HomePage
from wagtail_borderplan.models import BorderArticlePage, BorderIndexPage, Section, Treaty

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def restore_wagtail_roots() -> Page:
    """The page tree's root and the root collection, put back if a transactional test
    (a browser's live server) flushed what Wagtail's migrations create."""
    root = Page.get_first_root_node()
    if root is None:
        locale, _created = Locale.objects.get_or_create(language_code="vi")
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return root


@pytest.fixture
def portals(db):
    """Two portals (Sites) like the example site's, each with a border index page."""
    root = restore_wagtail_roots()
    Site.objects.all().delete()
    made = {}
    for key, hostname, name, is_default in (
        ("provincial", "tinh.localhost", "Cổng tỉnh", True),
        ("department", "so.localhost", "Cổng Sở", False),
    ):
        home = root.add_child(instance=HomePage(title=name, slug=f"home-{key}"))
        Site.objects.create(
            hostname=hostname, port=80, root_page=home, site_name=name, is_default_site=is_default
        )
        index = home.add_child(instance=BorderIndexPage(title=f"Biên giới {key}", slug="bien-gioi"))
        made[key] = index
    return made


@pytest.fixture
def index(portals):
    return portals["provincial"]


@pytest.fixture
def taxonomy(db):
    china = Section.objects.create(name="Việt Nam - Trung Quốc", neighbour_country="Trung Quốc")
    laos = Section.objects.create(name="Việt Nam - Lào", neighbour_country="Lào")
    treaty = Treaty.objects.create(
        name="Hiệp ước 1999", full_title="Hiệp ước biên giới trên đất liền", kind="treaty"
    )
    treaty.sections.add(china)
    protocol = Treaty.objects.create(
        name="Nghị định thư Lào", full_title="Nghị định thư về đường biên giới", kind="protocol"
    )
    protocol.sections.add(laos)
    security = Tag.objects.create(name="An ninh biên giới", slug="an-ninh-bien-gioi")
    tourism = Tag.objects.create(name="Du lịch", slug="du-lich")
    return {
        "china": china,
        "laos": laos,
        "treaty": treaty,
        "protocol": protocol,
        "security": security,
        "tourism": tourism,
    }


_counter = iter(range(1, 10**9))


def make_article(
    index: BorderIndexPage,
    title: str | None = None,
    *,
    sections=(),
    treaties=(),
    topics=(),
    published_at: datetime | None = None,
    live: bool = True,
    with_revision: bool = True,
    **fields,
) -> BorderArticlePage:
    number = next(_counter)
    article = BorderArticlePage(
        title=title or f"Bài viết {number}", slug=f"bai-viet-{number}", **fields
    )
    article.sections.add(*sections)
    article.treaties.add(*treaties)
    article.topics.add(*topics)
    index.add_child(instance=article)
    if live and with_revision:
        article.save_revision().publish()
    if live:
        when = published_at or datetime(2021, 3, 1, 8, 0, tzinfo=HANOI) + timedelta(hours=number)
        BorderArticlePage.objects.filter(pk=article.pk).update(
            first_published_at=when, last_published_at=when
        )
        article.refresh_from_db()
    else:
        article.live = False
        article.save_revision()
        BorderArticlePage.objects.filter(pk=article.pk).update(live=False)
    return article


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
    from tests.planning import planning_world

    return planning_world(portals, taxonomy)


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
