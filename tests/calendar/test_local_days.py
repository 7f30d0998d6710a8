"""Which local day each entry falls on: told by the database when the zone's offset is
fixed over the days asked for, by Python when it changes (summer time)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_entry
from wagtail_borderplan.models import CalendarEntry
from wagtail_borderplan.times import fixed_offset, local_dates

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
LONDON = ZoneInfo("Europe/London")


def midnight(day: date, zone) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def test_a_fixed_offset_is_found_only_where_it_does_not_change():
    may = (midnight(date(2026, 4, 27), HANOI), midnight(date(2026, 6, 1), HANOI))
    assert fixed_offset(HANOI, *may) == timedelta(hours=7)
    assert fixed_offset(LONDON, *may) == timedelta(hours=1)  # British Summer Time all along
    # London moves its clocks on 29 March and 25 October 2026.
    march = (midnight(date(2026, 2, 23), LONDON), midnight(date(2026, 4, 6), LONDON))
    october = (midnight(date(2026, 10, 25), LONDON), midnight(date(2026, 10, 26), LONDON))
    assert fixed_offset(LONDON, *march) is None
    assert fixed_offset(LONDON, *october) is None


def test_python_tells_local_days_across_a_change_of_offset():
    # 25 October 2026 in London: 01:30 happens twice, then the clocks go back.
    first = datetime(2026, 10, 24, 22, 59, tzinfo=UTC)  # 23:59 BST on the 24th
    rows = [(1, first), (2, first + timedelta(minutes=2)), (3, first + timedelta(hours=25))]
    assert list(local_dates(rows, LONDON)) == [
        (1, date(2026, 10, 24)),
        (2, date(2026, 10, 25)),
        (3, date(2026, 10, 25)),  # 23:59 GMT: the longer day still holds it
    ]


@pytest.fixture
def around_midnights(world):
    """Entries a minute either side of local midnights, and one at noon."""
    moments = []
    for day in (date(2026, 3, 28), date(2026, 3, 29), date(2026, 5, 11)):
        for zone in (HANOI, LONDON):
            start = midnight(day, zone)
            moments += [start - timedelta(minutes=1), start, start + timedelta(minutes=1)]
    moments.append(datetime(2026, 5, 11, 12, tzinfo=HANOI))
    for n, moment in enumerate(moments):
        make_entry(world["plan"], f"Mục {n}", planned_at=moment)
    return moments


@pytest.mark.parametrize("zone", [HANOI, LONDON], ids=["Hanoi", "London"])
@pytest.mark.parametrize(
    "first, last",
    [(date(2026, 5, 4), date(2026, 5, 31)), (date(2026, 3, 23), date(2026, 4, 5))],
    ids=["May (fixed offset)", "late March (London changes)"],
)
def test_the_database_and_python_agree_on_every_local_day(around_midnights, zone, first, last):
    start, end = midnight(first, zone), midnight(last + timedelta(days=1), zone)
    days = CalendarEntry.objects.local_days(start, end, zone)
    expected = [
        (entry.pk, entry.planned_at.astimezone(zone).date())
        for entry in CalendarEntry.objects.filter(
            planned_at__gte=start, planned_at__lt=end
        ).order_by("planned_at", "pk")
    ]
    assert days == expected
    assert len(days) >= 6  # the fixture's entries fall inside every span tested
