"""The admin's delivery screens: "deliveries to confirm" with its bulk confirmation, and
a unit's confirmation links, for every kind of user."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.access import assert_denied
from tests.factories import make_entry, make_user
from wagtail_borderplan.models import CalendarEntry, CarrierLink, Delivery, Unit

pytestmark = pytest.mark.django_db

INDEX = "borderplan_deliveries:index"
CONFIRM_LOG = "wagtail_borderplan.delivery.confirm"


@pytest.fixture
def stations(world):
    """Two commune stations carrying the radio channel, a member of each."""
    first = Unit.objects.create(name="Đài xã Thanh Sơn", kind="commune_committee")
    second = Unit.objects.create(name="Đài xã Liên Sơn", kind="commune_committee")
    world["radio"].carriers.set([first, second])
    return {
        "first": first,
        "second": second,
        "member": make_user("tram_1", "access_admin", units=[first]),
        "other": make_user("tram_2", "access_admin", units=[second]),
    }


def today_at(hour: int = 0, minute: int = 5) -> datetime:
    return datetime.combine(
        timezone.localdate(), time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def entry(world):
    return make_entry(
        world["plan"],
        "Tiếp sóng chương trình biên giới",
        unit=world["ict"],
        channels=[world["provincial"], world["radio"]],
        planned_at=today_at(),
    )


def key(entry, channel, unit) -> str:
    return f"{entry.pk}-{channel.pk}-{unit.pk}"


def items_of(response) -> set[str]:
    return {row.split('"')[0] for row in response.content.decode().split('data-item="')[1:]}


def confirmation(*keys, **values) -> dict:
    now = timezone.localtime()
    return {
        "item": list(keys),
        "delivered_date": now.date().isoformat(),
        "delivered_time": now.strftime("%H:%M"),
        "note": "Phát đầy đủ",
        **values,
    }


def error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


# -- Who reaches the pages -----------------------------------------------------------------


def test_anonymous_is_sent_to_the_login(client, world):
    for url in (
        reverse(INDEX),
        reverse("borderplan_deliveries:links"),
        reverse("borderplan_deliveries:unit_links", args=[world["ict"].pk]),
    ):
        assert_denied(client.get(url), "anonymous")
    assert client.post(reverse(INDEX), confirmation()).status_code == 302
    assert not Delivery.objects.exists()


def test_admin_access_alone_is_refused(client, world, stations, entry):
    client.force_login(world["users"]["admin_only"])
    assert_denied(client.get(reverse(INDEX)), "user")
    response = client.post(
        reverse(INDEX), confirmation(key(entry, world["radio"], stations["first"]))
    )
    assert_denied(response, "user")
    assert_denied(client.get(reverse("borderplan_deliveries:links")), "user")
    assert not Delivery.objects.exists()


def test_a_member_sees_their_units_items_only(client, world, stations, entry):
    client.force_login(stations["member"])
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    # The served portal delivers by publishing: never an item here.
    assert items_of(response) == {key(entry, world["radio"], stations["first"])}


def test_a_member_confirms_their_item_in_bulk_and_it_is_logged(client, world, stations, entry):
    client.force_login(stations["member"])
    item = key(entry, world["radio"], stations["first"])
    response = client.post(reverse(INDEX), confirmation(item))
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.unit, delivery.confirmed_by, delivery.note) == (
        stations["first"],
        stations["member"],
        "Phát đầy đủ",
    )
    log = ModelLogEntry.objects.get(action=CONFIRM_LOG)
    assert (log.user, log.object_id) == (stations["member"], str(delivery.pk))
    # Confirmed: shown as on time, no longer tickable.
    page = client.get(reverse(INDEX)).content.decode()
    assert "bp-delivery--on_time" in page
    assert f'value="{item}"' not in page


def test_another_units_member_cannot_confirm_and_nothing_is_written(client, world, stations, entry):
    client.force_login(stations["other"])
    assert items_of(client.get(reverse(INDEX))) == {key(entry, world["radio"], stations["second"])}
    response = client.post(
        reverse(INDEX), confirmation(key(entry, world["radio"], stations["first"]))
    )
    assert response.status_code == 302
    assert len(error_messages(response)) == 1
    assert not Delivery.objects.exists()
    assert not ModelLogEntry.objects.filter(action=CONFIRM_LOG).exists()


def test_a_refused_item_does_not_take_its_neighbours_down(client, world, stations, entry):
    client.force_login(stations["other"])
    own = key(entry, world["radio"], stations["second"])
    others = key(entry, world["radio"], stations["first"])
    portal = key(entry, world["provincial"], stations["second"])
    response = client.post(reverse(INDEX), confirmation(others, own, portal, "999-999-999"))
    assert response.status_code == 302
    # Another unit's items (and unknown ones) are refused together, before anything of
    # them is read; the portal served here is refused by the action, by name.
    assert len(error_messages(response)) == 2
    assert list(Delivery.objects.values_list("unit", flat=True)) == [stations["second"].pk]
    assert ModelLogEntry.objects.filter(action=CONFIRM_LOG).count() == 1


@pytest.mark.parametrize("holder", ["superuser", "change_delivery"])
def test_superusers_and_change_delivery_holders_confirm_for_every_unit(
    client, world, stations, entry, holder
):
    if holder == "superuser":
        user = world["users"]["superuser"]
    else:
        user = make_user("dieu_phoi", "access_admin")
        user.user_permissions.add(Permission.objects.get(codename="change_delivery"))
    client.force_login(user)
    items = {key(entry, world["radio"], stations[name]) for name in ("first", "second")}
    assert items_of(client.get(reverse(INDEX))) == items
    assert client.post(reverse(INDEX), confirmation(*items)).status_code == 302
    assert Delivery.objects.filter(confirmed_by=user).count() == 2
    assert ModelLogEntry.objects.filter(action=CONFIRM_LOG, user=user).count() == 2


def test_the_filters_narrow_by_unit_and_channel(root_client, world, stations, entry):
    url = reverse(INDEX)
    first = key(entry, world["radio"], stations["first"])
    assert items_of(root_client.get(url, {"unit": stations["first"].pk})) == {first}
    assert items_of(root_client.get(url, {"channel": world["radio"].pk, "unit": ""})) == {
        first,
        key(entry, world["radio"], stations["second"]),
    }


def test_the_default_period_keeps_last_weeks_unconfirmed_items_only(
    root_client, world, stations, entry
):
    last_week = make_entry(
        world["plan"], "Tuần trước", channels=[world["radio"]], planned_at=today_at() - timedelta(7)
    )
    Delivery.objects.create(
        entry=last_week, channel=world["radio"], unit=stations["first"], delivered_at=today_at()
    )
    shown = items_of(root_client.get(reverse(INDEX)))
    assert key(last_week, world["radio"], stations["first"]) not in shown
    assert key(last_week, world["radio"], stations["second"]) in shown
    page = root_client.get(reverse(INDEX)).content.decode()
    assert "bp-delivery--missed" in page
    # An explicit period shows everything in it, confirmed or not.
    day = (timezone.localdate() - timedelta(7)).isoformat()
    explicit = items_of(root_client.get(reverse(INDEX), {"start": day, "end": day}))
    assert key(last_week, world["radio"], stations["first"]) in explicit


# -- Bad input answers clearly, never 500 --------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"unit": "99999999999999999999"},
        {"channel": "abc"},
        {"start": "2026-13-45"},
        {"start": "9999-01-01", "end": "0001-01-01"},
        {"start": "2026-01-01", "end": "2026-12-31"},
        {"p": "99999999999999999999"},
    ],
)
def test_bad_filters_fall_back_without_error(root_client, world, stations, entry, query):
    assert root_client.get(reverse(INDEX), query).status_code == 200


@pytest.mark.parametrize(
    "values",
    [
        {"item": ["abc"]},
        {"item": ["99999999999-1-1"]},
        {"item": []},
        {"delivered_date": "2026-02-30"},
        {"delivered_date": "9999-01-01"},
        {"delivered_date": (timezone.localdate() + timedelta(2)).isoformat()},
        {"delivered_time": "25:99"},
        {"note": "x" * 5000},
    ],
)
def test_a_bad_post_is_refused_with_the_form(root_client, world, stations, entry, values):
    data = confirmation(key(entry, world["radio"], stations["first"]))
    data.update(values)
    response = root_client.post(reverse(INDEX), data)
    assert response.status_code == 400
    assert 'class="error-message"' in response.content.decode()
    assert not Delivery.objects.exists()


def test_too_many_items_are_refused(root_client, world, stations, entry):
    data = confirmation(*[f"{n}-1-1" for n in range(1, 600)])
    assert root_client.post(reverse(INDEX), data).status_code == 400


def test_the_bulk_post_needs_the_csrf_token(world, stations, entry):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(stations["member"])
    data = confirmation(key(entry, world["radio"], stations["first"]))
    assert client.post(reverse(INDEX), data).status_code == 403
    assert not Delivery.objects.exists()


# -- Queries ---------------------------------------------------------------------------------


def make_entries(world, count: int) -> None:
    through = CalendarEntry.channels.through
    entries = CalendarEntry.objects.bulk_create(
        CalendarEntry(plan=world["plan"], title=f"Mục {n}", planned_at=today_at(0, n % 60))
        for n in range(count)
    )
    through.objects.bulk_create(
        through(calendarentry_id=entry.pk, channel_id=world["radio"].pk) for entry in entries
    )


def listing_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(INDEX)).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["superuser", "member"])
def test_the_listing_costs_the_same_queries_for_5_and_200_items(client, world, stations, role):
    client.force_login(world["users"]["superuser"] if role == "superuser" else stations["member"])
    make_entries(world, 5)
    small = listing_queries(client)
    CalendarEntry.objects.all().delete()
    make_entries(world, 200)
    # Some confirmed, some not: the deliveries are read in one query too.
    for entry in CalendarEntry.objects.all()[:50]:
        Delivery.objects.create(
            entry=entry, channel=world["radio"], unit=stations["first"], delivered_at=today_at()
        )
    assert listing_queries(client) == small


# -- Confirmation links ----------------------------------------------------------------------


def links_url(unit) -> str:
    return reverse("borderplan_deliveries:unit_links", args=[unit.pk])


def shown_address(response) -> str | None:
    page = response.content.decode()
    if 'id="new-link"' not in page:
        return None
    return page.split('readonly value="')[1].split('"')[0]


def test_a_new_links_address_is_shown_once_and_works(root_client, world, stations):
    unit = stations["first"]
    response = root_client.post(links_url(unit), {"name": "Điện thoại trạm"})
    # Post/Redirect/Get: the POST answers with a redirect, not with the address.
    assert response.status_code == 303 and response["Location"] == links_url(unit)
    assert "readonly value" not in response.content.decode()
    link = CarrierLink.objects.get(unit=unit)
    page = root_client.get(links_url(unit))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    address = shown_address(page)
    match = resolve(urlsplit(address).path)
    assert match.url_name == "wagtail_borderplan_carry"
    assert CarrierLink.objects.for_token(match.kwargs["token"]) == link
    assert ModelLogEntry.objects.filter(action="wagtail_borderplan.link.create").count() == 1
    assert shown_address(root_client.get(links_url(unit))) is None  # once
    assert "borderplan_new_link" not in root_client.session


def test_a_refresh_after_making_a_link_makes_no_second_one(root_client, stations):
    unit = stations["first"]
    response = root_client.post(links_url(unit), {"name": "Điện thoại trạm"}, follow=True)
    # The browser followed the 303 with a GET: a refresh repeats that GET, not the POST.
    assert response.redirect_chain == [(links_url(unit), 303)]
    assert response.request["REQUEST_METHOD"] == "GET"
    first = shown_address(response)
    assert first and CarrierLink.objects.count() == 1
    refreshed = root_client.get(links_url(unit))
    assert shown_address(refreshed) is None
    assert CarrierLink.objects.count() == 1


def test_a_new_address_waits_for_its_own_units_page(root_client, stations):
    """Opening another unit's links first does not use up (nor show) the address."""
    first, second = stations["first"], stations["second"]
    root_client.post(links_url(first), {"name": "Điện thoại trạm"})
    assert shown_address(root_client.get(links_url(second))) is None
    assert shown_address(root_client.get(links_url(first)))


def test_a_link_needs_a_name(root_client, stations):
    assert root_client.post(links_url(stations["first"]), {"name": ""}).status_code == 400
    assert not CarrierLink.objects.exists()


def test_members_see_and_revoke_their_units_links_but_do_not_create(client, world, stations):
    link, _token = CarrierLink.create_for(stations["first"], "Trạm")
    client.force_login(stations["member"])
    page = client.get(links_url(stations["first"]))
    assert page.status_code == 200
    assert 'id="new-link-form"' not in page.content.decode()
    assert_denied(client.post(links_url(stations["first"]), {"name": "Mới"}), "user")
    revoke = reverse("borderplan_deliveries:revoke_link", args=[link.pk])
    assert client.get(revoke).status_code == 200
    assert client.post(revoke).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    log = ModelLogEntry.objects.get(action="wagtail_borderplan.link.revoke")
    assert log.user == stations["member"]
    # Again: said, not a 500.
    response = client.post(revoke)
    assert response.status_code == 302
    assert len(error_messages(response)) == 1


def test_another_units_member_may_not_see_or_revoke(client, world, stations):
    link, _token = CarrierLink.create_for(stations["first"], "Trạm")
    client.force_login(stations["other"])
    assert_denied(client.get(links_url(stations["first"])), "user")
    revoke = reverse("borderplan_deliveries:revoke_link", args=[link.pk])
    assert_denied(client.get(revoke), "user")
    assert_denied(client.post(revoke), "user")
    link.refresh_from_db()
    assert link.revoked_at is None
    assert not ModelLogEntry.objects.filter(action="wagtail_borderplan.link.revoke").exists()
    units_page = client.get(reverse("borderplan_deliveries:links")).content.decode()
    assert stations["second"].name in units_page
    assert stations["first"].name not in units_page


@pytest.mark.parametrize("pk", [0, 999999, 99999999999999999999])
def test_unknown_units_and_links_answer_404(root_client, pk):
    assert root_client.get(f"/admin/borderplan/deliveries/links/unit/{pk}/").status_code == 404
    assert root_client.post(f"/admin/borderplan/deliveries/links/{pk}/revoke/").status_code == 404


def test_the_channel_form_lists_the_carrying_units(root_client, world, stations):
    url = reverse("wagtailsnippets_wagtail_borderplan_channel:edit", args=[world["radio"].pk])
    page = root_client.get(url).content.decode()
    assert 'name="carriers"' in page
    for station in (stations["first"], stations["second"]):
        assert re.search(rf'name="carriers" value="{station.pk}"[^>]*checked', page)


def test_the_unit_form_takes_the_units_own_address(root_client, stations):
    unit = stations["first"]
    url = reverse("wagtailsnippets_wagtail_borderplan_unit:edit", args=[unit.pk])
    assert 'name="email"' in root_client.get(url).content.decode()
    data = {"name": unit.name, "short_name": "", "kind": unit.kind, "email": "dai@example.com"}
    assert root_client.post(url, data).status_code == 302
    unit.refresh_from_db()
    assert unit.email == "dai@example.com"


@pytest.fixture
def proposal(world, stations, entry):
    """The collector's proposal that the first station carried the entry."""
    return Delivery.objects.create(
        entry=entry,
        channel=world["radio"],
        unit=stations["first"],
        status="proposed",
        delivered_at=timezone.now(),
        evidence_url="https://baochi.example/tin-1",
    )


def test_a_member_rejects_a_proposal_and_it_is_logged(client, world, stations, entry, proposal):
    client.force_login(stations["member"])
    page = client.get(reverse(INDEX)).content.decode()
    assert 'name="reject"' in page
    item = key(entry, world["radio"], stations["first"])
    response = client.post(reverse(INDEX), {"item": [item], "reject": "1"})
    assert response.status_code == 302
    assert not Delivery.objects.exists()
    log = ModelLogEntry.objects.get(action="wagtail_borderplan.delivery.reject")
    assert (log.user, log.data["link"]) == (stations["member"], "https://baochi.example/tin-1")
    # Still to confirm, as if never proposed.
    assert item in items_of(client.get(reverse(INDEX)))


def test_rejecting_keeps_what_is_not_a_proposal_and_refuses_other_units(
    client, world, stations, entry, proposal
):
    confirmed = Delivery.objects.create(
        entry=entry, channel=world["radio"], unit=stations["second"], delivered_at=timezone.now()
    )
    client.force_login(stations["other"])
    mine = key(entry, world["radio"], stations["second"])
    theirs = key(entry, world["radio"], stations["first"])
    response = client.post(reverse(INDEX), {"item": [mine, theirs], "reject": "1"})
    assert response.status_code == 302
    assert set(Delivery.objects.all()) == {proposal, confirmed}
    errors = error_messages(response)
    assert len(errors) == 2
    # Another unit's proposal is refused before it is read: nothing of it is named.
    assert not any(entry.title in error for error in errors)
    assert not ModelLogEntry.objects.filter(action="wagtail_borderplan.delivery.reject").exists()


def test_rejecting_needs_post_and_the_csrf_token(world, stations, entry, proposal):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(stations["member"])
    item = key(entry, world["radio"], stations["first"])
    assert csrf_client.post(reverse(INDEX), {"item": [item], "reject": "1"}).status_code == 403
    assert csrf_client.get(reverse(INDEX), {"item": [item], "reject": "1"}).status_code == 200
    assert Delivery.objects.filter(pk=proposal.pk).exists()
