"""Confirming a delivery and managing the carrying units' links: who may, when, and
what the audit log keeps."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.factories import at, make_entry, make_user
from wagtail_borderplan.actions.base import (
    ActionInvalidError,
    ActionPermissionError,
    ActionStateError,
)
from wagtail_borderplan.actions.deliveries import (
    ConfirmDeliveryAction,
    CreateCarrierLinkAction,
    RevokeCarrierLinkAction,
)
from wagtail_borderplan.models import (
    CarrierLink,
    Delivery,
    DeliveryState,
    DeliveryStatus,
    EntryStatus,
    Unit,
)
from wagtail_borderplan.models.deliveries import expected_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def stations(world):
    """Two commune stations carrying the radio channel, and a member of the first."""
    first = Unit.objects.create(name="Đài xã Thanh Sơn", kind="commune_committee")
    second = Unit.objects.create(name="Đài xã Liên Sơn", kind="commune_committee")
    world["radio"].carriers.set([first, second])
    member = make_user("tram_truong", units=[first])
    return {"first": first, "second": second, "member": member}


@pytest.fixture
def entry(world):
    return make_entry(
        world["plan"],
        "Tiếp sóng chương trình biên giới",
        unit=world["ict"],
        channels=[world["provincial"], world["radio"]],
        planned_at=at(2026, 5, 4, 18, 0),
    )


def confirm(entry, world, unit, user=None, **options):
    return ConfirmDeliveryAction(entry, world["radio"], unit, user, **options)


def test_the_carriers_are_expected_else_the_managing_unit_else_the_entrys(world, entry, stations):
    assert set(expected_units(world["radio"], entry)) == {
        stations["first"].pk,
        stations["second"].pk,
    }
    world["radio"].carriers.clear()
    assert expected_units(world["radio"], entry) == [world["ict"].pk]  # the entry's unit
    world["radio"].unit = world["division"]
    world["radio"].save()
    assert expected_units(world["radio"], entry) == [world["division"].pk]


def test_a_member_confirms_for_their_unit_with_evidence_and_it_is_logged(world, entry, stations):
    aired = at(2026, 5, 4, 18, 30)
    delivery = confirm(
        entry,
        world,
        stations["first"],
        stations["member"],
        delivered_at=aired,
        duration_minutes=10,
        note="Phát lúc 18 giờ 30",
    ).execute()
    assert (delivery.status, delivery.delivered_at, delivery.duration_minutes) == (
        DeliveryStatus.DELIVERED,
        aired,
        10,
    )
    assert delivery.confirmed_by == stations["member"] and delivery.confirmed_via is None
    assert delivery.state == DeliveryState.ON_TIME
    log = ModelLogEntry.objects.get(action="wagtail_borderplan.delivery.confirm")
    assert log.user == stations["member"] and log.data["unit"] == stations["first"].name


def test_confirming_again_changes_what_is_given_and_keeps_the_rest(world, entry, stations):
    confirm(entry, world, stations["first"], stations["member"], note="lần 1").execute()
    later = at(2026, 5, 5, 7, 0)
    confirm(entry, world, stations["first"], stations["member"], delivered_at=later).execute()
    delivery = Delivery.objects.get()
    assert delivery.delivered_at == later and delivery.note == "lần 1"  # not wiped
    assert delivery.state == DeliveryState.LATE  # the day after its planned day
    confirm(entry, world, stations["first"], stations["member"], note="").execute()
    assert Delivery.objects.get().note == ""  # given empty: cleared
    assert ModelLogEntry.objects.filter(action="wagtail_borderplan.delivery.confirm").count() == 3


@pytest.mark.parametrize("who", ["anonymous_like", "other_member", "viewer", "admin_only"])
def test_others_may_not_confirm_for_a_unit(world, entry, stations, who):
    user = world["users"].get(who) or make_user("khach")
    with pytest.raises(ActionPermissionError):
        confirm(entry, world, stations["first"], user).execute()
    assert not Delivery.objects.exists()
    assert not ModelLogEntry.objects.filter(
        action__startswith="wagtail_borderplan.delivery"
    ).exists()


def test_a_user_who_may_change_deliveries_confirms_for_any_unit(world, entry, stations):
    manager = make_user("quan_ly", "change_delivery")
    confirm(entry, world, stations["second"], manager).execute()
    confirm(entry, world, stations["first"], world["users"]["superuser"]).execute()
    assert Delivery.objects.count() == 2


def test_a_link_confirms_for_its_own_unit_only_and_not_once_revoked(world, entry, stations):
    link, _token = CarrierLink.create_for(stations["first"], "Điện thoại trạm")
    delivery = confirm(entry, world, stations["first"], link=link).execute()
    assert delivery.confirmed_via == link and delivery.confirmed_by is None
    link.refresh_from_db()
    assert link.last_used_at is not None
    with pytest.raises(ActionPermissionError):
        confirm(entry, world, stations["second"], link=link).execute()
    # A link is checked even when the permission checks are skipped.
    RevokeCarrierLinkAction(link, world["users"]["superuser"]).execute()
    with pytest.raises(ActionPermissionError):
        confirm(entry, world, stations["first"], link=link).execute(skip_permission_checks=True)


def test_the_state_rules(world, entry, stations, portals):
    member, first = stations["member"], stations["first"]
    with pytest.raises(ActionStateError):  # a portal served here delivers by publishing
        ConfirmDeliveryAction(entry, world["provincial"], first, member).execute()
    with pytest.raises(ActionStateError):  # a unit that does not carry the channel
        confirm(entry, world, world["division"], world["users"]["superuser"]).execute()
    other = make_entry(world["plan"], "Không có kênh này", channels=[world["provincial"]])
    with pytest.raises(ActionStateError):
        ConfirmDeliveryAction(other, world["radio"], first, member).execute()
    with pytest.raises(ActionInvalidError):
        confirm(
            entry, world, first, member, delivered_at=timezone.now() + timedelta(hours=2)
        ).execute()
    entry.editorial_status = EntryStatus.CANCELLED
    entry.save()
    with pytest.raises(ActionStateError):
        confirm(entry, world, first, member).execute()
    assert not Delivery.objects.exists()


def test_a_cancellation_is_recorded_and_logged(world, entry, stations):
    delivery = confirm(
        entry,
        world,
        stations["first"],
        stations["member"],
        status=DeliveryStatus.CANCELLED,
        note="Mất điện",
    ).execute()
    assert delivery.state == DeliveryState.CANCELLED
    assert ModelLogEntry.objects.filter(action="wagtail_borderplan.delivery.cancel").exists()


def test_links_are_made_by_managers_and_revoked_by_the_units_members(world, stations):
    with pytest.raises(ActionPermissionError):
        CreateCarrierLinkAction(stations["first"], stations["member"], name="Điện thoại").execute()
    with pytest.raises(ActionInvalidError):
        CreateCarrierLinkAction(stations["first"], world["users"]["superuser"], name="  ").execute()
    link, token = CreateCarrierLinkAction(
        stations["first"], world["users"]["superuser"], name="Điện thoại"
    ).execute()
    assert CarrierLink.objects.for_token(token) == link
    assert token not in link.token_hash  # only its hash is stored
    with pytest.raises(ActionPermissionError):
        RevokeCarrierLinkAction(link, world["users"]["other_member"]).execute()
    RevokeCarrierLinkAction(link, stations["member"]).execute()
    assert CarrierLink.objects.for_token(token) is None
    with pytest.raises(ActionStateError):
        RevokeCarrierLinkAction(link, stations["member"]).execute()
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"wagtail_borderplan.link.create", "wagtail_borderplan.link.revoke"} <= actions


def test_a_wrong_or_oversized_token_finds_nothing(world, stations):
    CarrierLink.create_for(stations["first"], "Điện thoại")
    assert CarrierLink.objects.for_token("") is None
    assert CarrierLink.objects.for_token("x" * 5000) is None
    assert CarrierLink.objects.for_token("not-a-token") is None
