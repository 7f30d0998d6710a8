"""Dates are bounded (2000–2100) where editors type them, the feeds survive what was
stored before, and every time an editor reads or types names its zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.factories import HANOI, NO_EDITIONS, at, make_article, make_entry
from wagtail_borderplan.calendar.periods import VIEWS
from wagtail_borderplan.models import BorderArticlePage, CalendarEntry, CalendarFeed
from wagtail_borderplan.times import format_with_zone, validate_day, zone_label

JSON = {"HTTP_ACCEPT": "application/json"}


def zone() -> str:
    """The editors' zone as the admin names it, in the active language."""
    return f"{_('Vietnam time')} (Asia/Ho_Chi_Minh, UTC+07:00)"


def at_zone(time: str) -> str:
    return _("%(time)s, %(zone)s") % {"time": time, "zone": zone()}


def bounds() -> str:
    return _("Choose a date between %(first)s and %(last)s.") % {
        "first": "01/01/2000",
        "last": "31/12/2100",
    }


def times_are_in() -> str:
    return _("Times are in %(zone_label)s.") % {"zone_label": zone()}


def test_zone_label_names_the_editors_zone():
    assert zone_label() == zone()
    when = datetime(2026, 5, 4, 2, 15, tzinfo=UTC)
    assert format_with_zone(when) == at_zone("04/05/2026 09:15")
    with timezone.override("Europe/London"):
        assert zone_label(moment=when) == "Europe/London, UTC+01:00"


@pytest.mark.parametrize(
    "value",
    [date(1999, 12, 31), date(2101, 1, 1), datetime(9999, 12, 31, 23, 59, tzinfo=HANOI)],
)
def test_days_outside_the_bounds_are_refused(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        validate_day(value)
    assert error.value.messages == [bounds()]
    validate_day(date(2000, 1, 1))
    validate_day(datetime(2100, 12, 31, 23, 59, tzinfo=HANOI))


# -- The calendar: an out-of-range day is refused with a message, the view shows today.


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2101-01-01"])
@pytest.mark.parametrize("view", VIEWS)
def test_calendar_shows_today_for_an_out_of_range_day(root_client, view, value):
    url = reverse("borderplan_calendar:index")
    response = root_client.get(url, {"view": view, "date": value})
    assert response.status_code == 200
    html = response.content.decode()
    refused = _(
        "“%(value)s” is not a day the calendar can show (from %(first)s to %(last)s); "
        "it shows today instead."
    ) % {"value": value, "first": "01/01/2000", "last": "31/12/2100"}
    assert refused in html
    assert response.context["period"].contains(timezone.localdate())


def test_calendar_feeds_page_survives_far_days(root_client):
    url = reverse("borderplan_calendar:feeds")
    assert root_client.get(url, {"date": "9999-12-31", "view": "week"}).status_code == 200


# -- Forms and moves refuse days outside the bounds.


def test_schedule_form_refuses_year_9999(root_client, article_entry):
    url = reverse("borderplan_calendar:schedule", args=[article_entry.pk])
    response = root_client.post(url, {"go_live_at": "9999-12-31 23:59"})
    assert response.status_code == 400
    assert response.context["form"].errors["go_live_at"] == [bounds()]
    assert article_entry.page.specific.scheduled_revision is None


def test_entry_form_refuses_year_9999(root_client, world):
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add")
    response = root_client.post(
        url,
        {
            "plan": world["plan"].pk,
            "title": "Năm 9999",
            "editorial_status": "idea",
            **NO_EDITIONS,
            "planned_at": "9999-12-31 23:59",
            "due_date": "0001-01-01",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["planned_at"] == [bounds()] and errors["due_date"] == [bounds()]
    assert not CalendarEntry.objects.filter(title="Năm 9999").exists()


def test_move_refuses_year_9999(root_client, world):
    entry = make_entry(world["plan"], "Dời", planned_at=at(2026, 5, 4, 9, 15))
    url = reverse("borderplan_calendar:move", args=[entry.pk])
    response = root_client.post(url, {"date": "9999-12-31"})
    assert response.status_code == 400
    assert response.context["form"].errors["date"] == [bounds()]
    # The calendar's drag and drop gets the reason, to show where the editor looks.
    response = root_client.post(url, {"date": "9999-12-31"}, **JSON)
    assert response.status_code == 400
    assert response.json()["error"] == bounds()
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 4, 9, 15)


def test_scheduling_refuses_far_dates_for_every_caller(world, article_entry):
    from wagtail_borderplan.actions.base import ActionError
    from wagtail_borderplan.actions.scheduling import ScheduleArticleAction

    with pytest.raises(ActionError, match="31/12/2100"):
        ScheduleArticleAction(
            article_entry,
            world["users"]["superuser"],
            go_live_at=datetime(9999, 12, 31, 23, 59, tzinfo=HANOI),
        ).execute()


# -- Feeds survive rows stored before dates were bounded.


def test_ics_feed_survives_an_entry_stored_at_year_9999(client, world):
    user = world["users"]["superuser"]
    make_entry(world["plan"], "Bình thường", planned_at=at(2026, 5, 4))
    far = make_entry(world["plan"], "Năm 9999", planned_at=at(2026, 5, 5))
    past = make_entry(world["plan"], "Năm 1", planned_at=at(2026, 5, 6))
    # Written directly, as an older version let it be stored.
    CalendarEntry.objects.filter(pk=far.pk).update(
        planned_at=datetime(9999, 12, 31, 23, 59, tzinfo=HANOI)
    )
    CalendarEntry.objects.filter(pk=past.pk).update(
        planned_at=datetime(1, 1, 1, 8, 0, tzinfo=HANOI)
    )
    _feed, token = CalendarFeed.create_for(user, "Lịch", "")
    response = client.get(reverse("wagtail_borderplan_ics", args=[token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Bình thường" in body
    assert "Năm 9999" not in body and "Năm 1" not in body


@pytest.mark.parametrize(
    "when",
    [datetime(9999, 12, 31, 23, 59, tzinfo=UTC), datetime(1, 1, 1, 0, 0, tzinfo=UTC)],
)
@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_rss_and_atom_survive_extreme_stored_dates(client, portals, when, feed):
    article = make_article(portals["provincial"], "Bài xa")
    BorderArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=when, last_published_at=when
    )
    response = client.get(f"/bien-gioi/{feed}/", HTTP_HOST="tinh.localhost")
    assert response.status_code == 200
    assert "Bài xa" in response.content.decode()


def test_report_refuses_an_out_of_range_period(root_client, world):
    url = reverse("borderplan_reports:coverage")
    for params in (
        {"period_from": "9999-12-31"},
        {"period_to": "0001-01-01"},
        {"period_from": "2026-01-01", "period_to": "9999-12-31", "export": "xlsx"},
    ):
        response = root_client.get(url, params)
        assert response.status_code == 200, params
    response = root_client.get(url, {"period_from": "9999-12-31"})
    assert bounds() in response.content.decode()


def test_report_survives_a_plan_stored_with_far_dates(root_client, world):
    from wagtail_borderplan.models import Plan

    Plan.objects.filter(pk=world["plan"].pk).update(
        period_start=date(1, 1, 1), period_end=date(9999, 12, 31)
    )
    response = root_client.get(reverse("borderplan_reports:coverage"))
    assert response.status_code == 200


def test_plan_form_refuses_far_dates(world):
    from django.core.exceptions import ValidationError

    plan = world["plan"]
    plan.period_end = date(9999, 12, 31)
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert error.value.message_dict["period_end"] == [bounds()]


# -- Every date-time an editor reads or types names its zone.


def test_schedule_page_names_the_zone(root_client, article_entry):
    url = reverse("borderplan_calendar:schedule", args=[article_entry.pk])
    html = root_client.get(url).content.decode()
    form = root_client.get(url).context["form"]
    assert zone() in str(form.fields["go_live_at"].help_text)
    assert zone() in str(form.fields["expire_at"].help_text)
    assert times_are_in() in html
    when = (timezone.now() + timedelta(days=3)).astimezone(HANOI).replace(second=0, microsecond=0)
    response = root_client.post(url, {"go_live_at": f"{when:%Y-%m-%d %H:%M}"}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert at_zone(f"{when:%d/%m/%Y %H:%M}") in text
    html = root_client.get(url).content.decode()  # now scheduled: "currently scheduled for"
    assert at_zone(f"{when:%d/%m/%Y %H:%M}") in html


def test_schedule_errors_name_the_zone(root_client, article_entry):
    url = reverse("borderplan_calendar:schedule", args=[article_entry.pk])
    response = root_client.post(url, {"go_live_at": "2020-01-01 08:00"})
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert any(zone() in error for error in errors), errors


def test_move_messages_name_the_zone(root_client, world):
    entry = make_entry(world["plan"], "Dời", planned_at=at(2026, 5, 4, 9, 15))
    url = reverse("borderplan_calendar:move", args=[entry.pk])
    page = root_client.get(url)
    assert zone() in str(page.context["form"].fields["date"].help_text)
    assert at_zone("04/05/2026 09:15") in page.content.decode()
    response = root_client.post(url, {"date": "2026-05-06"}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    moved = _("“%(title)s” was moved to %(time)s.")
    assert moved % {"title": "Dời", "time": at_zone("06/05/2026 09:15")} in text
    data = root_client.post(url, {"date": "2026-05-07"}, **JSON).json()
    assert at_zone("07/05/2026 09:15") in data["message"]


def test_history_names_the_zone(root_client, world):
    entry = make_entry(world["plan"], "Dời", planned_at=at(2026, 5, 4, 9, 15))
    root_client.post(reverse("borderplan_calendar:move", args=[entry.pk]), {"date": "2026-05-06"})
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:history", args=[entry.pk])
    html = root_client.get(url).content.decode()
    moved = _("%(label)s: %(old)s → %(new)s") % {
        "label": _("Moved in the calendar"),
        "old": at_zone("04/05/2026 09:15"),
        "new": at_zone("06/05/2026 09:15"),
    }
    assert moved in html


def test_entry_form_and_feed_list_name_the_zone(root_client, world):
    form = root_client.get(reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add")).context[
        "form"
    ]
    assert zone() in str(form.fields["planned_at"].help_text)
    CalendarFeed.create_for(world["users"]["superuser"], "Lịch", "")
    html = root_client.get(reverse("borderplan_calendar:feeds")).content.decode()
    assert times_are_in() in html


# -- Headers show the page's own title, not only "Home".


def last_breadcrumb(html: str) -> str:
    items = re.findall(r"<li[^>]*w-font-bold[^>]*>(.*?)</li>", html, re.S)
    assert items, "no breadcrumbs"
    return re.sub(r"<[^>]+>|\s+", " ", items[-1]).strip()


def test_headers_name_their_page(root_client, world, article_entry, portals, feeds):
    from wagtail_borderplan.models import FeedSource

    plain = make_entry(world["plan"], "Chưa có bài")
    source = FeedSource.objects.create(
        name="Nguồn",
        feed_url=feeds.url("/rss"),
        index_page=portals["provincial"],
        plan=world["plan"],
    )
    pages = {
        reverse("borderplan_calendar:schedule", args=[article_entry.pk]): _("Schedule the article"),
        reverse("borderplan_calendar:create_article", args=[plain.pk]): _(
            "Create the draft article"
        ),
        reverse("borderplan_calendar:feeds"): _("Calendar feeds (ICS)"),
        reverse("borderplan_collect:collect_now", args=[source.pk]): _("Fetch now"),
    }
    for url, title in pages.items():
        html = root_client.get(url).content.decode()
        assert last_breadcrumb(html) == title, url
