"""The carrying units' public page: confirm deliveries through a secret link."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from tests.factories import at, make_entry
from wagtail_borderplan.actions.deliveries import RevokeCarrierLinkAction
from wagtail_borderplan.deliveries import carrier_page, rate_limit
from wagtail_borderplan.models import CalendarEntry, CarrierLink, Channel, Delivery, Unit

# A Wednesday: the window is Mon 23/11 – Sun 6/12 (last week and this week).
NOW = at(2026, 12, 2, 10, 0)
MONDAY = at(2026, 11, 30, 0, 0)


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    cache.clear()  # the rate limiter's counts
    monkeypatch.setattr(timezone, "now", lambda: NOW.astimezone(UTC))
    yield
    cache.clear()


@pytest.fixture
def station(world):
    """A commune radio station carrying the world's radio channel, with its link."""
    unit = Unit.objects.create(name="Đài truyền thanh xã A", kind="commune_committee")
    world["radio"].carriers.add(unit)
    link, token = CarrierLink.create_for(unit, "Điện thoại đài")
    return {"unit": unit, "link": link, "token": token, "url": url(token)}


def url(token: str) -> str:
    return reverse("wagtail_borderplan_carry", args=[token])


def entry_on(world, when, title="Bài", channels=None, **fields):
    return make_entry(
        world["plan"], title, channels=channels or [world["radio"]], planned_at=when, **fields
    )


def form_data(entry, channel, **values) -> dict:
    return {
        "entry": entry.pk,
        "channel": channel.pk,
        "status": "delivered",
        "delivered_date": "2026-12-02",
        "delivered_time": "07:15",
        "duration_minutes": "15",
        "evidence_url": "https://dai.example/ban-tin",
        "issue_number": "",
        "note": "Phát lúc 7 giờ",
        **values,
    }


def bulletin_of(station) -> Channel:
    """A bulletin the station's unit manages (and so confirms)."""
    return Channel.objects.create(name="Bản tin xã A", kind="bulletin", unit=station["unit"])


def item_html(html: str, entry, channel) -> str:
    """One item's article on the page."""
    start = html.index(f'id="item-{entry.pk}-{channel.pk}"')
    return html[start : html.index("</article>", start)]


def evidence_inputs(html: str) -> set[str]:
    names = set(re.findall(r'name="([a-z_]+)"', html))
    return names & {"duration_minutes", "evidence_url", "issue_number", "note", "evidence_file"}


def assert_private(response) -> None:
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_lists_this_week_and_last_weeks_unconfirmed(client, world, station):
    radio, unit = world["radio"], station["unit"]
    managed = Channel.objects.create(name="Bản tin huyện", kind="bulletin", unit=unit)
    other = Channel.objects.create(name="Đài huyện B", kind="district_radio")
    other.carriers.add(world["division"])
    shown = {
        "tuesday": entry_on(world, MONDAY + timedelta(days=1, hours=7)),  # past, unconfirmed
        "friday": entry_on(world, MONDAY + timedelta(days=4, hours=7)),
        "last_week": entry_on(world, MONDAY - timedelta(days=3)),  # overdue
        "managed": entry_on(world, MONDAY + timedelta(days=2), channels=[managed]),
        "due_only": entry_on(world, None, due_date=(MONDAY + timedelta(days=5)).date()),
    }
    hidden = {
        "done_last_week": entry_on(world, MONDAY - timedelta(days=2)),
        "two_weeks_ago": entry_on(world, MONDAY - timedelta(days=8)),
        "next_week": entry_on(world, MONDAY + timedelta(days=7)),
        "cancelled": entry_on(world, MONDAY + timedelta(days=3), editorial_status="cancelled"),
        "other_unit": entry_on(world, MONDAY + timedelta(days=3), channels=[other]),
        "portal": entry_on(world, MONDAY + timedelta(days=3), channels=[world["provincial"]]),
    }
    Delivery.objects.create(
        entry=hidden["done_last_week"], channel=radio, unit=unit, delivered_at=MONDAY
    )
    response = client.get(station["url"])
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert '<html lang="vi">' in html and 'name="viewport"' in html
    assert "csrfmiddlewaretoken" in html
    assert "<link" not in html and "<script" not in html  # no external assets
    for entry in shown.values():
        channel = entry.channels.get()
        assert f'id="item-{entry.pk}-{channel.pk}"' in html
    for entry in hidden.values():
        assert f'id="item-{entry.pk}-' not in html
    overdue, week = html.split('id="carrier-week"')
    assert f'id="item-{shown["tuesday"].pk}-' in overdue
    assert f'id="item-{shown["last_week"].pk}-' in overdue
    assert f'id="item-{shown["friday"].pk}-' in week
    assert 'data-state="waiting"' in week
    with translation.override("vi"):
        assert gettext("Vietnam time") in html  # every time names its zone


@pytest.mark.parametrize("kind", ["wrong", "revoked", "malformed", "long"])
def test_a_bad_token_is_the_same_404(client, world, station, kind):
    token = {
        "wrong": "x" * 43,
        "revoked": station["token"],
        "malformed": "%00<script>",
        "long": "a" * 5000,
    }[kind]
    if kind == "revoked":
        RevokeCarrierLinkAction(station["link"], user=None).execute()
    wrong = client.get(url("y" * 43))
    response = client.get(url(token))
    assert response.status_code == 404
    assert_private(response)
    assert 'id="carrier-not-found"' in response.content.decode()
    assert response.content == wrong.content
    assert client.post(url(token), {}).status_code == 404


def test_confirm_redirects_records_and_logs(client, world, station):
    radio = world["radio"]
    entry = entry_on(world, MONDAY + timedelta(days=1, hours=7))
    response = client.post(station["url"], form_data(entry, radio, delivered_date="2026-12-01"))
    assert response.status_code == 302
    assert_private(response)
    assert response["Location"] == f"{station['url']}#item-{entry.pk}-{radio.pk}"
    delivery = Delivery.objects.get(entry=entry, channel=radio, unit=station["unit"])
    assert delivery.status == "delivered"
    assert delivery.confirmed_via == station["link"] and delivery.confirmed_by is None
    assert delivery.delivered_at == at(2026, 12, 1, 7, 15)
    assert delivery.duration_minutes == 15 and delivery.note == "Phát lúc 7 giờ"
    assert ModelLogEntry.objects.filter(
        action="wagtail_borderplan.delivery.confirm", object_id=str(delivery.pk)
    ).exists()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'id="carrier-success"' in html
    assert 'data-state="on_time"' in html


def test_will_not_carry(client, world, station):
    entry = entry_on(world, MONDAY + timedelta(days=4))
    data = form_data(entry, world["radio"], status="cancelled", note="Mất điện")
    assert client.post(station["url"], data).status_code == 302
    delivery = Delivery.objects.get(entry=entry)
    assert delivery.status == "cancelled" and delivery.note == "Mất điện"
    assert ModelLogEntry.objects.filter(action="wagtail_borderplan.delivery.cancel").exists()


def test_evidence_file(client, world, station, monkeypatch):
    entry = entry_on(world, MONDAY + timedelta(days=1))
    scan = SimpleUploadedFile("ban-tin.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    data = form_data(entry, world["radio"], evidence_file=scan)
    assert client.post(station["url"], data).status_code == 302
    assert Delivery.objects.get(entry=entry).evidence_file.name.endswith(".pdf")

    monkeypatch.setattr(carrier_page, "MAX_FILE_SIZE", 10)
    big = SimpleUploadedFile("lon.pdf", b"x" * 11, content_type="application/pdf")
    assert (
        client.post(station["url"], form_data(entry, world["radio"], evidence_file=big)).status_code
        == 400
    )
    script = SimpleUploadedFile("a.html", b"<script>", content_type="text/html")
    assert (
        client.post(
            station["url"], form_data(entry, world["radio"], evidence_file=script)
        ).status_code
        == 400
    )


@pytest.mark.parametrize(
    "values",
    [
        {"delivered_date": "2026-13-45"},
        {"delivered_date": "9999-01-01"},
        {"delivered_time": "25:99"},
        {"duration_minutes": "99999"},
        {"evidence_url": "javascript:alert(1)"},
        {"status": "published"},
        {"note": "x" * 5000},
        {"issue_number": "\x00"},
    ],
)
def test_invalid_values_rerender_keeping_the_input(client, world, station, values):
    # A bulletin's issue number is checked on a bulletin (a radio item has no such field).
    channel = world["radio"] if "issue_number" not in values else bulletin_of(station)
    entry = entry_on(world, MONDAY + timedelta(days=1), channels=[channel])
    data = form_data(entry, channel, **{"issue_number": "Số 12", **values})
    response = client.post(station["url"], data)
    assert response.status_code == 400
    assert_private(response)
    html = response.content.decode()
    assert 'id="carrier-error"' in html and 'class="cp-errors"' in html
    if "note" not in values:
        assert "Phát lúc 7 giờ" in html  # what was typed is still there
    assert not Delivery.objects.exists()


def test_the_future_is_refused_by_the_action(client, world, station):
    entry = entry_on(world, MONDAY + timedelta(days=1))
    data = form_data(entry, world["radio"], delivered_date="2026-12-05")
    response = client.post(station["url"], data)
    assert response.status_code == 400
    with translation.override("vi"):
        assert (
            gettext("A delivery cannot be confirmed before it happens.")
            in response.content.decode()
        )
    assert 'value="2026-12-05"' in response.content.decode()
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    "ids", [("abc", "1"), ("99999999999999999999999", "1"), ("", ""), ("999999", "999999")]
)
def test_bad_ids_are_a_clear_400(client, world, station, ids):
    entry = entry_on(world, MONDAY + timedelta(days=1))
    data = {**form_data(entry, world["radio"]), "entry": ids[0], "channel": ids[1]}
    response = client.post(station["url"], data)
    assert response.status_code == 400
    assert 'id="carrier-error"' in response.content.decode()


def test_another_units_items_are_refused(client, world, station):
    district = Channel.objects.create(name="Đài huyện B", kind="district_radio")
    district.carriers.add(world["division"])
    theirs = entry_on(world, MONDAY + timedelta(days=1), channels=[district])
    portal = entry_on(world, MONDAY + timedelta(days=1), channels=[world["provincial"]])
    mine = entry_on(world, MONDAY + timedelta(days=1))
    old = entry_on(world, MONDAY - timedelta(days=21))  # before the weeks the page shows
    for entry, channel in (
        (theirs, district),
        (portal, world["provincial"]),
        (mine, district),
        (old, world["radio"]),
    ):
        response = client.post(station["url"], form_data(entry, channel))
        assert response.status_code == 400  # not on this unit's list: a link cannot reach it
        assert 'id="carrier-error"' in response.content.decode()
    # The other unit's own link cannot confirm the station's item either.
    _link, token = CarrierLink.create_for(world["division"], "Phòng")
    assert client.post(url(token), form_data(mine, world["radio"])).status_code == 400
    assert not Delivery.objects.exists()


def test_csrf_is_required(world, station):
    entry = entry_on(world, MONDAY + timedelta(days=1))
    client = Client(enforce_csrf_checks=True)
    data = form_data(entry, world["radio"])
    assert client.post(station["url"], data).status_code == 403
    assert not Delivery.objects.exists()
    html = client.get(station["url"]).content.decode()
    data["csrfmiddlewaretoken"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    # As a browser posts it: with the page's origin (the page's referrer policy must not
    # make it "null", which Django refuses).
    assert client.post(station["url"], data, HTTP_ORIGIN="http://testserver").status_code == 302
    assert Delivery.objects.count() == 1


def test_changing_a_confirmation_starts_from_what_was_recorded(client, world, station):
    entry = entry_on(world, MONDAY + timedelta(days=1))
    data = {**form_data(entry, world["radio"]), "note": "Phát lúc 17 giờ", "duration_minutes": "12"}
    assert client.post(station["url"], data).status_code == 302
    html = client.get(station["url"]).content.decode()
    assert "Phát lúc 17 giờ</textarea>" in html and 'value="12"' in html


@pytest.mark.scale
def test_queries_do_not_grow_with_the_data(client, world, station):
    radio, unit = world["radio"], station["unit"]

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(station["url"]).status_code == 200
        return len(queries)

    def add(count: int, start: datetime, confirmed: bool) -> None:
        for n in range(count):
            entry = entry_on(world, start + timedelta(minutes=n))
            if confirmed:
                Delivery.objects.create(entry=entry, channel=radio, unit=unit, delivered_at=start)

    add(3, MONDAY + timedelta(days=1), confirmed=True)
    small = page_queries()
    add(57, MONDAY + timedelta(days=2), confirmed=False)
    add(10, MONDAY + timedelta(days=3), confirmed=True)
    add(150, MONDAY - timedelta(days=40), confirmed=True)  # outside the window
    assert page_queries() == small
    # Ten thousand more records of the unit, from the months before its window.
    past = MONDAY - timedelta(days=200)
    entries = CalendarEntry.objects.bulk_create(
        CalendarEntry(plan=world["plan"], title=f"Cũ {n}", planned_at=past + timedelta(minutes=n))
        for n in range(10_000)
    )
    if entries[0].pk is None:  # MariaDB gives no ids back
        entries = list(CalendarEntry.objects.filter(title__startswith="Cũ "))
    through = CalendarEntry.channels.through
    through.objects.bulk_create(
        (through(calendarentry_id=e.pk, channel_id=radio.pk) for e in entries), batch_size=2000
    )
    Delivery.objects.bulk_create(
        (Delivery(entry_id=e.pk, channel=radio, unit=unit, delivered_at=past) for e in entries),
        batch_size=2000,
    )
    assert Delivery.objects.count() > 10_000
    assert page_queries() == small


def test_posts_are_limited_per_link(client, world, station, monkeypatch):
    monkeypatch.setattr(carrier_page, "LINK_POSTS", rate_limit.Limit("link", 2, 600))
    entry = entry_on(world, MONDAY + timedelta(days=1))
    data = form_data(entry, world["radio"])
    assert client.post(station["url"], data).status_code == 302
    assert client.post(station["url"], data).status_code == 302
    limited = client.post(station["url"], data)
    assert limited.status_code == 429
    assert_private(limited)
    assert 'id="carrier-limited"' in limited.content.decode()
    # Another link of the same station still confirms; the page itself still shows.
    _link, token = CarrierLink.create_for(station["unit"], "Máy tính")
    assert client.post(url(token), data).status_code == 302
    assert client.get(station["url"]).status_code == 200


def test_wrong_tokens_are_limited_per_address(client, world, station, monkeypatch):
    monkeypatch.setattr(carrier_page, "WRONG_TOKENS", rate_limit.Limit("wrong", 3, 60))
    for n in range(3):
        assert client.get(url(f"guess{n}")).status_code == 404
    assert client.get(url("guess4")).status_code == 429
    # A real link still works from that address (a station behind the same carrier NAT
    # as a guesser is not locked out); guessing from elsewhere is counted apart.
    assert client.get(station["url"]).status_code == 200
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert elsewhere.get(url("guess5")).status_code == 404


def test_a_wrong_address_is_said_once(client, world, station):
    entry = entry_on(world, MONDAY + timedelta(days=1))
    data = {**form_data(entry, world["radio"]), "evidence_url": "ftp://bao.example/tin"}
    response = client.post(station["url"], data)
    assert response.status_code == 400
    with translation.override("vi"):
        message = escape(gettext("Enter a valid URL."))
    assert response.content.decode().count(message) == 1


# -- The evidence that fits the channel ---------------------------------------------------

FITTING = {
    "commune_radio": {"duration_minutes", "evidence_url", "note", "evidence_file"},
    "district_radio": {"duration_minutes", "evidence_url", "note", "evidence_file"},
    "bulletin": {"issue_number", "evidence_url", "note", "evidence_file"},
    "press": {"evidence_url", "note", "evidence_file"},
    "portal": {"evidence_url", "note"},  # a district portal: its article's address
    "other": {"duration_minutes", "evidence_url", "issue_number", "note", "evidence_file"},
}


def test_each_item_shows_the_evidence_its_channel_can_give(client, world, station):
    items = {}
    for kind in FITTING:
        channel = Channel.objects.create(name=f"Kênh {kind}", kind=kind, unit=station["unit"])
        items[kind] = (entry_on(world, MONDAY + timedelta(days=4), channels=[channel]), channel)
    html = client.get(station["url"]).content.decode()
    for kind, (entry, channel) in items.items():
        shown = evidence_inputs(item_html(html, entry, channel))
        assert shown == FITTING[kind], kind
    radio = item_html(html, *items["commune_radio"])
    assert 'name="issue_number"' not in radio and 'name="duration_minutes"' in radio
    bulletin = item_html(html, *items["bulletin"])
    assert 'name="issue_number"' in bulletin and 'name="duration_minutes"' not in bulletin
    # No file to choose again where there is no file.
    assert 'type="file"' not in item_html(html, *items["portal"])


def test_a_field_that_does_not_fit_the_channel_is_not_stored(client, world, station):
    entry = entry_on(world, MONDAY + timedelta(days=1))
    data = form_data(entry, world["radio"], issue_number="Số 12")
    assert client.post(station["url"], data).status_code == 302
    delivery = Delivery.objects.get(entry=entry)
    assert delivery.issue_number == "" and delivery.duration_minutes == 15
    # Not even an invalid value of it is read.
    data = form_data(entry, world["radio"], issue_number="\x00", note="Sửa")
    assert client.post(station["url"], data).status_code == 302
    delivery.refresh_from_db()
    assert delivery.issue_number == "" and delivery.note == "Sửa"


def test_a_bulletin_item_stores_its_issue_number_and_no_duration(client, world, station):
    bulletin = bulletin_of(station)
    entry = entry_on(world, MONDAY + timedelta(days=1), channels=[bulletin])
    assert (
        client.post(station["url"], form_data(entry, bulletin, issue_number="Số 12")).status_code
        == 302
    )
    delivery = Delivery.objects.get(entry=entry, channel=bulletin)
    assert delivery.issue_number == "Số 12" and delivery.duration_minutes is None
    # A wrong value of a field that fits is still said on the item.
    response = client.post(station["url"], form_data(entry, bulletin, issue_number="x" * 51))
    assert response.status_code == 400
    assert 'class="cp-errors"' in item_html(response.content.decode(), entry, bulletin)
