"""A press agency's feed proposes the deliveries it shows; a person confirms or rejects
them. Fetched from a real HTTP server on 127.0.0.1."""

import pytest
from django.utils import translation
from wagtail.models import ModelLogEntry

from tests.factories import at, make_entry
from tests.feedserver import rss, rss_item
from wagtail_borderplan.actions.base import ActionStateError
from wagtail_borderplan.actions.deliveries import ConfirmDeliveryAction, RejectProposalAction
from wagtail_borderplan.collect.collector import collect_source
from wagtail_borderplan.collect.press import similar
from wagtail_borderplan.models import (
    Channel,
    Delivery,
    DeliveryState,
    DeliveryStatus,
    FeedSource,
    Unit,
)
from wagtail_borderplan.models.deliveries import pending_deliveries


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def agency(world, portals, feeds):
    unit = Unit.objects.create(name="Báo Hà Nam", kind="press_agency")
    channel = Channel.objects.create(name="Báo Hà Nam", kind="press", unit=unit)
    source = FeedSource.objects.create(
        name="Báo Hà Nam",
        feed_url=feeds.url("/rss"),
        index_page=portals["provincial"],
        plan=world["plan"],
        channel=channel,
    )
    return {"unit": unit, "channel": channel, "source": source}


MARCH_3 = "Tue, 03 Mar 2026 08:00:00 +0700"


def test_titles_alike_match_and_others_do_not():
    assert similar(
        "Hoàn thành phân giới cắm mốc Việt – Lào", "Hoàn thành phân giới, cắm mốc Việt Lào"
    )
    assert not similar("Hoàn thành phân giới cắm mốc", "Khánh thành cửa khẩu quốc tế")
    # A tone mark changes the word: "mốc" (marker) is not "mộc" (wood).
    assert not similar("Cắm mốc", "Cắm mộc")


def test_a_matching_item_proposes_the_delivery_and_a_person_confirms_it(world, agency, feeds):
    entry = make_entry(
        world["plan"],
        "Tuyên truyền Hiệp ước biên giới trên đất liền 1999",
        channels=[agency["channel"]],
        planned_at=at(2026, 3, 2, 9),
    )
    make_entry(  # planned on the agency, but another article
        world["plan"],
        "Khánh thành cửa khẩu",
        channels=[agency["channel"]],
        planned_at=at(2026, 3, 2),
    )
    feeds.add(
        "/rss",
        rss(
            [
                rss_item(
                    1, title="Tuyên truyền Hiệp ước biên giới trên đất liền năm 1999", date=MARCH_3
                )
            ]
        ),
        content_type="application/rss+xml",
    )
    result = collect_source(agency["source"])
    assert len(result.imported) == 1 and len(result.proposed) == 1
    proposal = Delivery.objects.get()
    assert (proposal.entry, proposal.unit, proposal.status) == (
        entry,
        agency["unit"],
        DeliveryStatus.PROPOSED,
    )
    assert proposal.evidence_url.endswith("/tin/1")
    # A proposal is not a delivery: still to confirm (and missed once its day is over).
    assert proposal.state == DeliveryState.MISSED
    assert [(e, c) for e, c, _u in pending_deliveries(type(entry).objects.filter(pk=entry.pk))] == [
        (entry, agency["channel"])
    ]
    assert ModelLogEntry.objects.filter(action="wagtail_borderplan.delivery.propose").exists()

    ConfirmDeliveryAction(
        entry,
        agency["channel"],
        agency["unit"],
        world["users"]["superuser"],
        delivered_at=at(2026, 3, 3, 8),
    ).execute()
    confirmed = Delivery.objects.get()
    assert confirmed.status == DeliveryStatus.DELIVERED
    assert confirmed.evidence_url == proposal.evidence_url  # the collector's link is kept
    # Seen again in a later run: nothing new is proposed over the confirmation.
    assert collect_source(agency["source"]).proposed == []


def test_a_link_written_in_the_entry_matches_whatever_the_title(world, agency, feeds):
    link = feeds.url("/tin/7")
    entry = make_entry(
        world["plan"],
        "Bài đặt hàng",
        channels=[agency["channel"]],
        planned_at=at(2026, 3, 3),
        brief=f"Báo Hà Nam đăng tại {link}",
    )
    feeds.add(
        "/rss",
        rss([rss_item(7, title="Một tiêu đề khác hẳn", base=feeds.base, date=MARCH_3)]),
        content_type="application/rss+xml",
    )
    collect_source(agency["source"])
    assert Delivery.objects.get().entry == entry


def test_a_rejected_proposal_is_gone_and_logged(world, agency, feeds):
    entry = make_entry(
        world["plan"], "Tin biên giới số 1", channels=[agency["channel"]], planned_at=at(2026, 3, 3)
    )
    feeds.add("/rss", rss([rss_item(1, date=MARCH_3)]), content_type="application/rss+xml")
    collect_source(agency["source"])
    proposal = Delivery.objects.get(entry=entry)
    RejectProposalAction(proposal, world["users"]["superuser"]).execute()
    assert not Delivery.objects.exists()
    assert ModelLogEntry.objects.filter(action="wagtail_borderplan.delivery.reject").exists()
    confirmed = ConfirmDeliveryAction(entry, agency["channel"], agency["unit"]).execute()
    with pytest.raises(ActionStateError):  # a person's record is not a proposal
        RejectProposalAction(confirmed, world["users"]["superuser"]).execute()


def test_a_source_without_a_channel_proposes_nothing(world, agency, feeds):
    agency["source"].channel = None
    agency["source"].save()
    make_entry(
        world["plan"], "Tin biên giới số 1", channels=[agency["channel"]], planned_at=at(2026, 3, 3)
    )
    feeds.add("/rss", rss([rss_item(1, date=MARCH_3)]), content_type="application/rss+xml")
    result = collect_source(agency["source"])
    assert len(result.imported) == 1 and result.proposed == []
    assert not Delivery.objects.exists()
