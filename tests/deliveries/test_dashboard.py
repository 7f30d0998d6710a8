"""The dashboard lists the deliveries still unconfirmed after their day."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import HANOI, make_entry
from wagtail_borderplan.actions.deliveries import ConfirmDeliveryAction
from wagtail_borderplan.models import Unit
from wagtail_borderplan.publishing.dashboard import unconfirmed_deliveries

HOME = reverse("wagtailadmin_home")


@pytest.fixture
def stations(world):
    units = [Unit.objects.create(name=f"Đài xã {n}", kind="commune_committee") for n in range(3)]
    world["radio"].carriers.set(units)
    return units


def days_ago(days: int, hour: int = 18):
    day = timezone.localdate() - timedelta(days=days)
    return timezone.datetime(day.year, day.month, day.day, hour, tzinfo=HANOI)


def test_past_entries_with_units_yet_to_confirm_are_listed(world, stations):
    late = make_entry(world["plan"], "Chưa đủ", channels=[world["radio"]], planned_at=days_ago(2))
    done = make_entry(world["plan"], "Đủ cả", channels=[world["radio"]], planned_at=days_ago(3))
    make_entry(world["plan"], "Hôm nay", channels=[world["radio"]], planned_at=days_ago(0, 1))
    make_entry(world["plan"], "Cổng tỉnh", channels=[world["provincial"]], planned_at=days_ago(2))
    make_entry(world["plan"], "Quá xa", channels=[world["radio"]], planned_at=days_ago(40))
    ConfirmDeliveryAction(late, world["radio"], stations[0], delivered_at=days_ago(2, 19)).execute()
    for unit in stations:
        ConfirmDeliveryAction(done, world["radio"], unit, delivered_at=days_ago(3, 19)).execute()
    rows, count = unconfirmed_deliveries(timezone.localdate())
    assert [(row.entry.title, row.channel, row.units) for row in rows] == [
        ("Chưa đủ", world["radio"], 2)
    ]
    assert count == 2


def test_the_panel_shows_them_in_constant_queries(client, world, stations):
    client.force_login(world["users"]["viewer"])
    make_entry(world["plan"], "Mục 0", channels=[world["radio"]], planned_at=days_ago(2))

    def count():
        client.get(HOME)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(HOME).content.decode()
        return len(queries), html

    small, html = count()
    assert 'id="borderplan-unconfirmed"' in html and "Mục 0" in html
    for n in range(1, 25):
        make_entry(
            world["plan"], f"Mục {n}", channels=[world["radio"]], planned_at=days_ago(n % 10 + 1)
        )
    assert count()[0] == small
