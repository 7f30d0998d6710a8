"""Builders for the tests: the portals, the vocabularies, articles and the plan as data.

Fixtures in ``conftest.py`` wrap these; tests that need a variation call them directly.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from taggit.models import Tag
from wagtail.models import Collection, Locale, Site

from example_site.home.models import HomePage
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import (
    BorderArticlePage,
    BorderIndexPage,
    CalendarEntry,
    Channel,
    ContentLine,
    Plan,
    Section,
    Treaty,
    Unit,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


# The entry form's editions formset, empty: what a browser posts for an entry that plans
# no edition in another language.
NO_EDITIONS = {
    "editions-TOTAL_FORMS": "0",
    "editions-INITIAL_FORMS": "0",
    "editions-MIN_NUM_FORMS": "0",
    "editions-MAX_NUM_FORMS": "1000",
}


def at(year, month, day, hour=8, minute=30) -> datetime:
    """An aware datetime in Hà Nội time."""
    return datetime(year, month, day, hour, minute, tzinfo=HANOI)


def make_plan(**fields) -> Plan:
    return Plan.objects.create(
        **{
            "title": "Kế hoạch 2026",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 12, 31),
            "status": "active",
            **fields,
        }
    )


def make_entry(plan, title="Bài", *, channels=(), **fields) -> CalendarEntry:
    entry = CalendarEntry.objects.create(plan=plan, title=title, **fields)
    entry.channels.set(channels)
    return entry


def make_user(name, *codenames, units=(), groups=(), superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(name, f"{name}@example.com", "pw")
    user = User.objects.create_user(name, f"{name}@example.com", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    user.groups.add(*groups)
    for unit in units:
        unit.members.add(user)
    return user


def planning_world(portals, taxonomy):
    """A plan with two lines, two units, portal channels and the six roles of the tests."""
    plan = make_plan()
    china = ContentLine.objects.create(plan=plan, section=taxonomy["china"], text="Hiệp ước 1999")
    china.treaties.add(taxonomy["treaty"])
    china.topics.add(taxonomy["security"])
    laos = ContentLine.objects.create(plan=plan, section=taxonomy["laos"], text="Lào")
    ict = Unit.objects.create(name="Trung tâm CNTT&TT", kind="ict_centre")
    division = Unit.objects.create(name="Phòng TT-BC-XB", kind="division")
    provincial = Channel.objects.create(
        name="Cổng tỉnh",
        kind="portal",
        site=portals["provincial"].get_site(),
        index_page=portals["provincial"],
    )
    department = Channel.objects.create(
        name="Cổng Sở",
        kind="portal",
        site=portals["department"].get_site(),
        index_page=portals["department"],
    )
    radio = Channel.objects.create(name="Truyền thanh xã", kind="commune_radio")
    view = ("access_admin", "view_calendarentry")
    users = {
        "anonymous": None,
        "admin_only": make_user("cal_admin_only", "access_admin"),
        "viewer": make_user("cal_viewer", *view),
        "member": make_user("cal_member", *view, units=[ict]),
        "other_member": make_user("cal_other", *view, units=[division]),
        "superuser": make_user("cal_root", superuser=True),
    }
    # Membership through a group counts too.
    group = Group.objects.create(name="ICT staff")
    ict.member_groups.add(group)
    users["group_member"] = make_user("cal_group_member", *view, groups=[group])
    return {
        "plan": plan,
        "china": china,
        "laos": laos,
        "ict": ict,
        "division": division,
        "provincial": provincial,
        "department": department,
        "radio": radio,
        "users": users,
    }


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


def make_portals() -> dict[str, BorderIndexPage]:
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


def make_taxonomy() -> dict:
    """Two sections, a treaty and a protocol, two topics."""
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
