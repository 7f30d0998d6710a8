"""The calendar's layout with plain objects: no database, no request."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from wagtail_borderplan.calendar.grid import build_grid, by_day, make_drawer, shown_per_day
from wagtail_borderplan.calendar.periods import period_for

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 5, 14)


@dataclass
class Card:
    title: str
    local: datetime | None


def card(title, day, hour=9):
    return Card(title, datetime(2026, 5, day, hour, tzinfo=HANOI))


def test_a_month_is_whole_weeks_from_monday():
    grid = build_grid(period_for("month", date(2026, 5, 20)), [], TODAY)
    assert len(grid.days) == 35 and len(grid.weeks) == 5
    assert all(len(week) == 7 for week in grid.weeks)
    assert grid.days[0].date == date(2026, 4, 27) and grid.days[0].date.weekday() == 0
    assert grid.days[-1].date == date(2026, 5, 31)
    outside = [day.date for day in grid.days if not day.in_period]
    assert outside == [date(2026, 4, d) for d in range(27, 31)]
    assert [day.date for day in grid.days if day.is_today] == [TODAY]
    assert grid.days[4].number == "1" and grid.days[4].iso == "2026-05-01"


def test_a_week_numbers_its_days_with_the_month():
    grid = build_grid(period_for("week", TODAY), [], TODAY)
    assert [day.number for day in grid.days] == [f"{d:02}/05" for d in range(11, 18)]
    assert all(day.in_period for day in grid.days)


def test_cards_land_on_their_local_day_in_order():
    cards = [card("a", 4, 8), card("b", 4, 17), card("c", 6), Card("unplanned", None)]
    grid = build_grid(period_for("month", TODAY), cards, TODAY)
    days = {day.date: [c.title for c in day.cards] for day in grid.days if day.cards}
    assert days == {date(2026, 5, 4): ["a", "b"], date(2026, 5, 6): ["c"]}
    # A late evening in Hanoi is its own local day, whatever UTC says.
    late = Card("late", datetime(2026, 5, 11, 23, 30, tzinfo=HANOI))
    assert list(by_day([late])) == [date(2026, 5, 11)]


def test_list_days_are_days_with_cards_and_today():
    grid = build_grid(period_for("list", TODAY), [card("a", 4)], TODAY)
    assert [day.date for day in grid.list_days] == [date(2026, 5, 4), TODAY]
    assert len(grid.days) == 31


def test_busy_days_get_a_more_link_and_quiet_ones_none():
    counts = {date(2026, 5, 8): 7, date(2026, 5, 9): 3}
    grid = build_grid(
        period_for("month", TODAY),
        [card(str(n), 8) for n in range(3)],
        TODAY,
        counts=counts,
        limit=3,
        more_url=lambda day: f"/list/#day-{day}",
    )
    days = {day.date: day for day in grid.days}
    assert (days[date(2026, 5, 8)].more, days[date(2026, 5, 8)].more_url) == (
        4,
        "/list/#day-2026-05-08",
    )
    assert (days[date(2026, 5, 9)].more, days[date(2026, 5, 9)].more_url) == (0, "")
    # Without counts (the week and list views), nothing is hidden.
    plain = build_grid(period_for("week", TODAY), [], TODAY, more_url=lambda day: "x")
    assert all(day.more == 0 and day.more_url == "" for day in plain.days)


def test_add_links_name_their_day():
    grid = build_grid(period_for("week", TODAY), [], TODAY, add_url=lambda day: f"/add?d={day}")
    assert grid.days[0].add_url == "/add?d=2026-05-11"
    assert "11/05/2026" in grid.days[0].add_label
    assert build_grid(period_for("week", TODAY), [], TODAY).days[0].add_url == ""


def test_shown_per_day_keeps_the_first_of_each_day():
    may8, may9 = date(2026, 5, 8), date(2026, 5, 9)
    rows = [(n, may8) for n in range(9)] + [(n, may9) for n in range(9, 12)]
    shown, counts = shown_per_day(rows, 4)
    assert shown == [0, 1, 2, 3, 9, 10, 11]
    assert counts == {may8: 9, may9: 3}


def test_the_drawer_says_when_there_are_more():
    drawer = make_drawer(["a", "b", "c"], 2)
    assert (list(drawer), drawer.more, len(drawer)) == (["a", "b"], True, 2)
    drawer = make_drawer(["a", "b"], 2)
    assert (drawer.cards, drawer.more) == (["a", "b"], False)


class HtmlCard(Card):
    def __html__(self):
        return f"<li>{self.title}</li>"


def test_cells_render_their_cards_and_classes():
    grid = build_grid(
        period_for("month", TODAY),
        [HtmlCard("a", datetime(2026, 4, 28, 9, tzinfo=HANOI)), card("<b>", 14)],
        TODAY,
    )
    days = {day.date: day for day in grid.days}
    assert days[date(2026, 4, 27)].css_class == (
        "bp-cal__day bp-cal__drop bp-cal__day--outside bp-cal__day--empty"
    )
    assert days[date(2026, 4, 28)].css_class == "bp-cal__day bp-cal__drop bp-cal__day--outside"
    assert days[date(2026, 4, 28)].cards_html == "<li>a</li>"
    assert days[TODAY].css_class == "bp-cal__day bp-cal__drop bp-cal__day--today"
    # Anything that does not render itself is escaped.
    assert "&lt;b&gt;" in days[TODAY].cards_html
    assert days[TODAY].label.endswith("14/05/2026")
