"""The calendar's month, week and list views: days, filters, the drawer, query counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import at, make_entry
from wagtail_borderplan.models import CalendarEntry, EntryStatus

URL = reverse("borderplan_calendar:index")


def day_cell(html, iso):
    """The HTML of one day of the grid or the list."""
    match = re.search(rf'data-date="{iso}".*?(?=data-date="|</tbody>|</ol>)', html, re.S)
    assert match, iso
    return match.group(0)


def test_month_view_places_entries_on_their_local_day(root_client, world):
    plan = world["plan"]
    make_entry(plan, "Late evening", planned_at=at(2026, 5, 11, 23, 30))
    make_entry(plan, "Just after midnight", planned_at=at(2026, 5, 12, 0, 30))
    html = root_client.get(URL, {"date": "2026-05-01"}).content.decode()
    assert "Late evening" in day_cell(html, "2026-05-11")
    assert "Just after midnight" in day_cell(html, "2026-05-12")
    assert "Just after midnight" not in day_cell(html, "2026-05-11")
    assert ">23:30<" in html and ">00:30<" in html
    assert "Asia/Ho_Chi_Minh" in html and "UTC+07:00" in html  # the zone is named


def test_user_time_zone_moves_entries(root_client, world):
    make_entry(world["plan"], "Late evening", planned_at=at(2026, 5, 11, 23, 30))
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(world["users"]["superuser"])
    profile.current_time_zone = "Asia/Bangkok"  # same offset: same day
    profile.save()
    html = root_client.get(URL, {"date": "2026-05-01"}).content.decode()
    assert "Late evening" in day_cell(html, "2026-05-11")
    profile.current_time_zone = "Europe/London"  # 17:30 on the 11th there
    profile.save()
    html = root_client.get(URL, {"date": "2026-05-01"}).content.decode()
    assert ">17:30<" in html
    assert "Europe/London" in html


def test_week_and_list_views(root_client, world):
    make_entry(world["plan"], "Trong tuần", planned_at=at(2026, 5, 13, 9, 0))
    make_entry(world["plan"], "Tuần sau", planned_at=at(2026, 5, 20, 9, 0))
    week = root_client.get(URL, {"view": "week", "date": "2026-05-14"}).content.decode()
    assert "Trong tuần" in week and "Tuần sau" not in week
    assert week.count('<td class="bp-cal__day ') == 7
    listing = root_client.get(URL, {"view": "list", "date": "2026-05-14"}).content.decode()
    assert "Trong tuần" in listing and "Tuần sau" in listing
    assert 'id="day-2026-05-13"' in listing


def test_navigation_keeps_view_and_filters(root_client, world):
    response = root_client.get(URL, {"view": "week", "date": "2026-05-14", "unit": world["ict"].pk})
    context = response.context
    assert "date=2026-05-07" in context["previous_url"] and "view=week" in context["previous_url"]
    assert f"unit={world['ict'].pk}" in context["next_url"]
    assert f"date={timezone.localdate().isoformat()}" in context["today_url"]
    month = root_client.get(URL, {"date": "2026-01-15"}).context
    assert "date=2025-12-01" in month["previous_url"]
    assert "date=2026-02-01" in month["next_url"]


def test_busy_day_hides_nothing(root_client, world, settings):
    settings.WAGTAIL_BORDERPLAN = {"CALENDAR_DAY_LIMIT": 3}
    for n in range(7):
        make_entry(world["plan"], f"Bận {n}", planned_at=at(2026, 5, 8, 8, n))
    html = root_client.get(URL, {"date": "2026-05-01"}).content.decode()
    cell = day_cell(html, "2026-05-08")
    assert cell.count('class="bp-entry ') == 3
    assert "+4" in cell
    more = re.search(
        r'href="([^"]+)"[^>]*class="bp-cal__more"|class="bp-cal__more" href="([^"]+)"', cell
    )
    link = (more.group(1) or more.group(2)).replace("&amp;", "&")
    assert "view=list" in link and link.endswith("#day-2026-05-08")
    listing = root_client.get(link.split("#")[0]).content.decode()
    assert all(f"Bận {n}" in listing for n in range(7))


def test_entries_show_status_unit_portals_colour_and_overdue(root_client, world, taxonomy):
    entry = make_entry(
        world["plan"],
        "Bài trễ",
        planned_at=at(2026, 5, 20),
        due_date=timezone.localdate() - timedelta(days=1),
        editorial_status=EntryStatus.DRAFTING,
        unit=world["ict"],
        content_line=world["china"],
        channels=[world["provincial"], world["radio"]],
    )
    html = root_client.get(URL, {"date": "2026-05-01"}).content.decode()
    card = re.search(
        rf'<li class="bp-entry[^"]*"[^>]*data-entry-id="{entry.pk}".*?</li>', html, re.S
    ).group(0)
    assert "bp-entry--overdue" in card
    assert '<strong class="bp-entry__overdue">Quá hạn</strong>' in card
    assert "Đang viết" in card  # the status
    assert f"--bp-section: {taxonomy['china'].colour}" in card
    assert "Trung tâm CNTT&amp;TT" in card
    assert "Cổng tỉnh" in card and "Truyền thanh xã" not in card  # portals only


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"Trung Quốc", "Lào", "Không tuyến"}),
        ({"section": "viet-nam-trung-quoc"}, {"Trung Quốc"}),
        ({"treaty": "hiep-uoc-1999"}, {"Trung Quốc"}),
        ({"status": "ready"}, {"Lào"}),
        ({"mine": "on"}, {"Trung Quốc"}),
        ({"section": "viet-nam-lao", "status": "idea"}, set()),
        # Unknown values are ignored (and reported), never a 500.
        (
            {"section": "khong-co", "status": "bogus", "unit": "abc"},
            {"Trung Quốc", "Lào", "Không tuyến"},
        ),
    ],
)
def test_filters_combine(client, world, params, expected):
    member = world["users"]["member"]
    plan = world["plan"]
    make_entry(
        plan,
        "Trung Quốc",
        planned_at=at(2026, 5, 4),
        content_line=world["china"],
        unit=world["ict"],
        channels=[world["provincial"]],
    )
    make_entry(
        plan,
        "Lào",
        planned_at=at(2026, 5, 5),
        content_line=world["laos"],
        unit=world["division"],
        editorial_status=EntryStatus.READY,
        channels=[world["department"]],
    )
    make_entry(plan, "Không tuyến", planned_at=at(2026, 5, 6))
    client.force_login(member)
    response = client.get(URL, {"date": "2026-05-01", **params})
    assert response.status_code == 200
    shown = {card.entry.title for day in response.context["days"] for card in day.cards}
    assert shown == expected


def test_filter_by_unit_plan_and_channel(client, world):
    plan = world["plan"]
    make_entry(
        plan, "A", planned_at=at(2026, 5, 4), unit=world["ict"], channels=[world["provincial"]]
    )
    make_entry(
        plan, "B", planned_at=at(2026, 5, 5), unit=world["division"], channels=[world["radio"]]
    )
    client.force_login(world["users"]["viewer"])

    def shown(**params):
        response = client.get(URL, {"date": "2026-05-01", **params})
        return {card.entry.title for day in response.context["days"] for card in day.cards}

    assert shown(unit=world["ict"].pk) == {"A"}
    assert shown(channel=world["radio"].pk) == {"B"}
    assert shown(plan=plan.pk) == {"A", "B"}


def test_drawer_lists_unplanned_entries(root_client, world):
    make_entry(world["plan"], "Chưa có ngày")
    make_entry(world["plan"], "Đã hủy", editorial_status=EntryStatus.CANCELLED)
    response = root_client.get(URL)
    drawer = [card.entry.title for card in response.context["drawer"]]
    assert drawer == ["Chưa có ngày"]


def test_create_entry_from_a_day_prefills_the_date(root_client, world):
    url = (
        reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add") + "?planned_date=2026-05-08"
    )
    form = root_client.get(url).context["form"]
    local = timezone.localtime(form.initial.get("planned_at", form.instance.planned_at))
    assert (local.date().isoformat(), local.strftime("%H:%M")) == ("2026-05-08", "08:00")


def count_queries(client, params):
    client.get(URL, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


def add_entries(world, count, start):
    entries = [
        CalendarEntry(
            plan=world["plan"],
            title=f"Mục {n}",
            planned_at=start + timedelta(minutes=20 * n),
            content_line=world["china"] if n % 2 else world["laos"],
            unit=world["ict"] if n % 3 else world["division"],
            due_date=(start + timedelta(days=n % 5)).date(),
        )
        for n in range(count)
    ]
    CalendarEntry.objects.bulk_create(entries)
    through = CalendarEntry.channels.through
    through.objects.bulk_create(
        through(calendarentry_id=e.pk, channel_id=world["provincial"].pk)
        for e in CalendarEntry.objects.filter(title__startswith="Mục ")
        if not through.objects.filter(calendarentry_id=e.pk).exists()
    )
    CalendarEntry.objects.bulk_create(
        [CalendarEntry(plan=world["plan"], title=f"Chưa lên lịch {n}") for n in range(count // 10)]
    )


@pytest.mark.parametrize("view", ["month", "week", "list"])
def test_query_counts_do_not_grow_with_entries(client, world, view):
    client.force_login(world["users"]["member"])
    params = {"view": view, "date": "2026-05-01", "mine": "on"}
    add_entries(world, 5, at(2026, 5, 1, 7, 0))
    small = count_queries(client, params)
    add_entries(world, 1995, at(2026, 5, 1, 7, 0))
    assert count_queries(client, params) == small


def test_switching_views_keeps_the_day_in_sight(root_client, world):
    """From a month, the week view opens on the day asked for, or on today in today's
    month: not on the week of the 1st."""
    views = {
        v["name"]: v["url"] for v in root_client.get(URL, {"date": "2026-05-14"}).context["views"]
    }
    assert "date=2026-05-14" in views["week"]
    today = timezone.localdate()
    views = {v["name"]: v["url"] for v in root_client.get(URL).context["views"]}
    assert f"date={today.isoformat()}" in views["week"]
