"""The demo's radio stations and their confirmations of the 2021 plan (issue 12).

The demo takes seconds: one test runs it twice and checks everything in between.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from example_site.home import demo_data
from wagtail_borderplan.models import (
    BulletinIssue,
    CalendarEntry,
    CarrierLink,
    Channel,
    ChannelKind,
    Delivery,
    DeliveryState,
    Unit,
)

RELAYS = (ChannelKind.DISTRICT_RADIO, ChannelKind.COMMUNE_RADIO)


def run_demo() -> str:
    out = StringIO()
    call_command("borderplan_demo", verbosity=0, stdout=out)
    return out.getvalue()


def assert_stations_carry_the_relays() -> None:
    district = Channel.objects.get(kind=ChannelKind.DISTRICT_RADIO)
    commune = Channel.objects.get(kind=ChannelKind.COMMUNE_RADIO)
    committees = {row[0] for row in demo_data.RADIO_STATIONS}
    stations = list(district.carriers.select_related("parent"))
    assert len(stations) == len(demo_data.RADIO_STATIONS) == 6
    assert {station.parent.name for station in stations} == committees
    communes = list(commune.carriers.all())
    assert len(communes) >= 12
    assert {unit.parent_id for unit in communes} == {station.pk for station in stations}


def assert_a_mixed_picture() -> None:
    seed = CalendarEntry.objects.filter(plan__period_start__year=2021).exclude(planned_at=None)
    seed = seed.prefetch_related("channels__carriers")
    pairs = {
        (entry.pk, channel.pk, unit.pk)
        for entry in seed
        for channel in entry.channels.all()
        if channel.kind in RELAYS
        for unit in channel.carriers.all()
    }
    assert len(pairs) >= 40 * 18  # every 2021 entry on both relays, at every station
    deliveries = list(
        Delivery.objects.filter(entry__in=seed, channel__kind__in=RELAYS).select_related("entry")
    )
    states = [delivery.state for delivery in deliveries]
    recorded = {(d.entry_id, d.channel_id, d.unit_id) for d in deliveries}
    assert recorded < pairs  # some broadcasts missing: no row
    on_time, late = states.count(DeliveryState.ON_TIME), states.count(DeliveryState.LATE)
    assert on_time > len(pairs) / 2 > late > 0
    assert DeliveryState.CANCELLED in states
    for delivery in deliveries:
        assert delivery.note
        if delivery.state != DeliveryState.CANCELLED:
            assert 5 <= delivery.duration_minutes <= 15


def assert_the_bulletin_issues_delivered_their_entries() -> None:
    """Published as an editor would (PublishBulletinAction): each entry of an issue is
    planned on the bulletin and delivered by its managing unit with the issue's number."""
    bulletin = Channel.objects.get(kind=ChannelKind.BULLETIN)
    issues = list(BulletinIssue.objects.filter(channel=bulletin).order_by("issue_date"))
    assert [(i.number, i.issue_date) for i in issues] == demo_data.BULLETIN_ISSUES
    states = []
    for issue in issues:
        assert issue.published_at is not None and issue.issue_date.year == 2021
        entries = list(issue.entries.all())
        assert len(entries) == demo_data.ARTICLES_PER_ISSUE
        for entry in entries:
            assert bulletin in entry.channels.all()
            delivery = Delivery.objects.get(entry=entry, channel=bulletin)
            assert delivery.unit == bulletin.unit and delivery.issue_number == issue.number
            states.append(delivery.state)
    # The article of the issue's own day on time, the weeks' before reprinted late.
    assert set(states) == {DeliveryState.ON_TIME, DeliveryState.LATE}
    assert ModelLogEntry.objects.filter(action="wagtail_borderplan.bulletin.publish").count() == 2


def assert_the_printed_link_opens_the_station_page(output: str, client) -> None:
    address = re.search(r"https?://\S+/carry/(\S+)/", output)
    assert address, output
    link = CarrierLink.objects.for_token(address.group(1))
    assert link.unit.name == demo_data.LINKED_STATION
    path = address.group(0).split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    # Whatever the day, the station has this fortnight's programmes to confirm.
    assert 'class="cp-item ' in response.content.decode()


@pytest.mark.django_db
def test_demo_stations_confirm_the_2021_relays(client):
    output = run_demo()
    assert_stations_carry_the_relays()
    assert_a_mixed_picture()
    assert_the_bulletin_issues_delivered_their_entries()
    assert_the_printed_link_opens_the_station_page(output, client)
    rows = Delivery.objects.count()
    links, units = CarrierLink.objects.count(), Unit.objects.count()
    issues = BulletinIssue.objects.count()
    again = run_demo()
    assert (Delivery.objects.count(), CarrierLink.objects.count()) == (rows, links)
    assert BulletinIssue.objects.count() == issues
    assert Unit.objects.count() == units
    assert again.splitlines()[-1] == output.splitlines()[-1]  # the same address
