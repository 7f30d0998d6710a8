"""Builders for the plan as data, shared by the calendar tests."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail_borderplan.models import (
    CalendarEntry,
    Channel,
    ContentLine,
    Plan,
    Unit,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


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
