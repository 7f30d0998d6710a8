"""ICS feeds: secret per-user URLs, stable UIDs, a valid calendar, nothing leaked."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from tests.factories import at, make_entry
from wagtail_borderplan.models import CalendarEntry, CalendarFeed

FEEDS = reverse("borderplan_calendar:feeds")


def create_feed(client, user, query=""):
    client.force_login(user)
    response = client.post(FEEDS, {"name": "Lịch của tôi", "query": query})
    assert response.status_code == 200
    url = response.context["new_url"]
    client.logout()
    return url


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content), response.content.decode()


@pytest.fixture
def entries(world):
    return [
        make_entry(
            world["plan"],
            "Bài Trung Quốc",
            planned_at=at(2026, 5, 4, 23, 30),
            content_line=world["china"],
            unit=world["ict"],
            brief="Yêu cầu",
        ),
        make_entry(
            world["plan"],
            "Bài Lào",
            planned_at=at(2026, 5, 5, 8, 0),
            content_line=world["laos"],
            unit=world["division"],
        ),
        make_entry(world["plan"], "Chưa lên lịch"),
    ]


def test_feed_is_a_valid_calendar_with_stable_uids(client, world, entries):
    url = create_feed(client, world["users"]["viewer"])
    assert re.match(r"http://testserver/borderplan/ics/[-\w]{40,}\.ics$", url)
    cal, text = fetch(client, url)
    cal.validate()  # icalendar's own RFC 5545 checks
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Bài Trung Quốc", "Bài Lào"]
    assert [str(e["UID"]) for e in events] == [
        f"{entries[0].uuid}@wagtail-borderplan",
        f"{entries[1].uuid}@wagtail-borderplan",
    ]
    first = events[0]
    assert first.decoded("DTSTART") == at(2026, 5, 4, 23, 30)
    assert first["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert "DTSTAMP" in first
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text
    assert "Yêu cầu" in str(first["DESCRIPTION"])
    # Fetching again (after an edit) keeps the UIDs: clients update, never duplicate.
    CalendarEntry.objects.filter(pk=entries[0].pk).update(title="Đổi tên")
    again, _text = fetch(client, url)
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]
    assert str(again.walk("VEVENT")[0]["SUMMARY"]) == "Đổi tên"


def test_feed_keeps_the_calendars_filters(client, world, entries):
    url = create_feed(
        client, world["users"]["viewer"], "section=viet-nam-lao&view=month&date=2026-05-01"
    )
    feed = CalendarFeed.objects.get()
    assert feed.query == "section=viet-nam-lao"  # only what the filters understand
    cal, _text = fetch(client, url)
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Bài Lào"]


def test_token_is_shown_once_and_stored_hashed(client, world):
    url = create_feed(client, world["users"]["viewer"])
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert token not in feed.token_hash and len(feed.token_hash) == 64
    client.force_login(world["users"]["viewer"])
    assert token not in client.get(FEEDS).content.decode()


@pytest.mark.parametrize(
    "title",
    [
        "Dòng 1\r\nBEGIN:VEVENT\r\nSUMMARY:giả mạo",
        "Tab\tand\x0bvertical\x0cfeed\x1bescape",
        "Dòng\nmới\rvà \\ dấu ; phẩy ,",
    ],
)
def test_control_characters_cannot_inject_lines(client, world, title):
    make_entry(world["plan"], title, planned_at=at(2026, 5, 4))
    url = create_feed(client, world["users"]["viewer"])
    cal, text = fetch(client, url)
    assert len(cal.walk("VEVENT")) == 1
    lines = text.split("\r\n")
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 1
    for line in lines:
        assert "\n" not in line and "\r" not in line
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", line)
    assert not re.search(r"^SUMMARY:giả mạo", text, re.M)
    cal.validate()


def test_wrong_revoked_or_disabled_tokens_are_plain_404s(client, world, entries):
    viewer = world["users"]["viewer"]
    url = create_feed(client, viewer)
    wrong = client.get(url[:-10] + "AAAAAA.ics")
    assert wrong.status_code == 404
    assert "Bài".encode() not in wrong.content
    # Revoked
    client.force_login(viewer)
    client.post(reverse("borderplan_calendar:revoke_feed", args=[CalendarFeed.objects.get().pk]))
    client.logout()
    assert client.get(url).status_code == 404
    # A disabled account's feeds stop too.
    url = create_feed(client, viewer)
    viewer.is_active = False
    viewer.save()
    assert client.get(url).status_code == 404


def test_entries_a_user_may_not_see_never_appear(client, world, entries):
    viewer = world["users"]["viewer"]
    url = create_feed(client, viewer)
    viewer.user_permissions.remove(Permission.objects.get(codename="view_calendarentry"))
    cal, _text = fetch(client, url)
    assert cal.walk("VEVENT") == []


def test_feed_queries_do_not_grow_with_entries(client, world):
    url = create_feed(client, world["users"]["viewer"])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    def add(count, offset):
        CalendarEntry.objects.bulk_create(
            CalendarEntry(
                plan=world["plan"],
                title=f"Mục {offset + n}",
                planned_at=at(2026, 5, 1) + timedelta(hours=offset + n),
                content_line=world["china"],
                unit=world["ict"],
            )
            for n in range(count)
        )

    add(5, 0)
    small = count()
    add(1995, 5)
    assert count() == small
