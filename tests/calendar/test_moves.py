"""Moving, planning and unplanning entries; refusals; the audit log; draft articles."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from tests.factories import NO_EDITIONS, at, make_article, make_entry
from wagtail_borderplan.listing import article_model
from wagtail_borderplan.models import EntryStatus
from wagtail_borderplan.times import format_with_zone, zone_label

JSON = {"HTTP_ACCEPT": "application/json"}


def move(client, entry, date, **extra):
    return client.post(
        reverse("borderplan_calendar:move", args=[entry.pk]), {"date": date}, **extra
    )


def test_move_keeps_the_time_and_logs(root_client, world):
    entry = make_entry(world["plan"], planned_at=at(2026, 5, 4, 23, 30))
    response = move(root_client, entry, "2026-05-09", **JSON)
    assert response.json() == {
        "ok": True,
        "entry": {
            "id": entry.pk,
            "title": entry.title,
            "date": "2026-05-09",
            "time": "23:30",
            "status": "idea",
            "statusLabel": str(EntryStatus.IDEA.label),
            "overdue": False,
            "missed": False,
            # The card's line, redrawn by the script: the status, no flag, no badge.
            "className": "bp-entry bp-entry--idea",
            "metaHtml": (
                f'<span class="bp-entry__status" data-bp-status>{EntryStatus.IDEA.label}</span>'
            ),
        },
        "message": _("“%(title)s” was moved to %(time)s.")
        % {"title": "Bài", "time": format_with_zone(at(2026, 5, 9, 23, 30))},
    }
    assert "09/05/2026 23:30" in response.json()["message"]
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 9, 23, 30)
    assert entry.updated_by == world["users"]["superuser"]
    log = ModelLogEntry.objects.get(action="wagtail_borderplan.move")
    assert {k: datetime.fromisoformat(v) for k, v in log.data.items()} == {
        "old": at(2026, 5, 4, 23, 30),
        "new": at(2026, 5, 9, 23, 30),
    }


def test_plan_from_the_drawer_and_unplan(root_client, world, settings):
    settings.WAGTAIL_BORDERPLAN = {"CALENDAR_DEFAULT_TIME": "09:45"}
    entry = make_entry(world["plan"])
    move(root_client, entry, "2026-05-09", **JSON)
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 9, 9, 45)
    move(root_client, entry, "", **JSON)
    entry.refresh_from_db()
    assert entry.planned_at is None
    actions = list(ModelLogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["wagtail_borderplan.plan", "wagtail_borderplan.unplan"]


def test_history_shows_the_moves(root_client, world):
    entry = make_entry(world["plan"], planned_at=at(2026, 5, 4, 8, 0))
    move(root_client, entry, "2026-05-09", **JSON)
    html = root_client.get(
        reverse("wagtailsnippets_wagtail_borderplan_calendarentry:history", args=[entry.pk])
    ).content.decode()
    assert "Asia/Ho_Chi_Minh" in zone_label()
    moved = _("%(label)s: %(old)s → %(new)s") % {
        "label": _("Moved in the calendar"),
        "old": _("%(time)s, %(zone)s") % {"time": "04/05/2026 08:00", "zone": zone_label()},
        "new": _("%(time)s, %(zone)s") % {"time": "09/05/2026 08:00", "zone": zone_label()},
    }
    assert moved in html


def test_status_change_in_the_edit_form_is_logged(root_client, world):
    entry = make_entry(world["plan"], editorial_status=EntryStatus.IDEA)
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    response = root_client.post(
        url,
        {
            "plan": world["plan"].pk,
            "title": entry.title,
            "editorial_status": "ready",
            **NO_EDITIONS,
            "planned_at": "",
            "due_date": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    log = ModelLogEntry.objects.get(action="wagtail_borderplan.status")
    assert log.data == {"old": "idea", "new": "ready"}


def test_published_entry_cannot_move(root_client, world, index):
    entry = make_entry(world["plan"], planned_at=at(2026, 5, 4), page=make_article(index))
    response = move(root_client, entry, "2026-05-09", **JSON)
    assert response.status_code == 409
    assert response.json()["error"] == _("A published entry cannot be moved.")
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 4)


def test_scheduled_entry_points_at_the_schedule(root_client, world, index):
    page = make_article(index, live=False)
    page.go_live_at = timezone.now() + timedelta(days=2)
    page.save_revision().publish()
    entry = make_entry(world["plan"], planned_at=at(2026, 5, 4), page=page)
    response = move(root_client, entry, "2026-05-09", **JSON)
    assert response.status_code == 409
    body = response.json()
    assert body["link"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    scheduled = _(
        "Its article is scheduled to go live on %(time)s. Change the schedule "
        "on the article; the calendar follows it."
    ) % {"time": format_with_zone(page.go_live_at)}
    assert body["error"] == scheduled
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 4)
    # Without JavaScript: a redirect back to the form with the message.
    response = move(root_client, entry, "2026-05-09")
    assert response.status_code == 302
    page_html = root_client.get(response["Location"]).content.decode()
    assert escape(scheduled) in page_html


@pytest.mark.parametrize("bad", ["2026-13-01", "mai", "2026-02-30"])
def test_bad_dates_are_refused(root_client, world, bad):
    entry = make_entry(world["plan"], planned_at=at(2026, 5, 4))
    response = move(root_client, entry, bad, **JSON)
    assert response.status_code == 400
    assert response.json()["error"] == _("Enter a valid date.")
    response = move(root_client, entry, bad)
    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["date"][0].code == "invalid"
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 4)


def test_unknown_entry_is_404(root_client):
    assert (
        root_client.post(
            reverse("borderplan_calendar:move", args=[999999]), {"date": ""}
        ).status_code
        == 404
    )


def test_move_without_javascript(root_client, world):
    entry = make_entry(world["plan"], planned_at=at(2026, 5, 4, 10, 0))
    url = reverse("borderplan_calendar:move", args=[entry.pk])
    form = root_client.get(url).content.decode()
    assert 'name="date"' in form and 'value="2026-05-04"' in form
    response = root_client.post(url, {"date": "2026-05-07"})
    assert response.status_code == 302
    assert "date=2026-05-07" in response["Location"]
    entry.refresh_from_db()
    assert entry.planned_at == at(2026, 5, 7, 10, 0)


def test_create_the_draft_article_from_an_entry(root_client, world, taxonomy):
    entry = make_entry(
        world["plan"],
        "Giới thiệu Hiệp ước 1999",
        brief="Tóm tắt",
        content_line=world["china"],
        channels=[world["provincial"], world["department"]],
        planned_at=at(2026, 5, 4),
    )
    url = reverse("borderplan_calendar:create_article", args=[entry.pk])
    form = root_client.get(url).context["form"]
    assert {c.pk for c in form.fields["channel"].queryset} == {
        world["provincial"].pk,
        world["department"].pk,
    }
    response = root_client.post(url, {"channel": world["department"].pk})
    entry.refresh_from_db()
    page = entry.page.specific
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert isinstance(page, article_model())
    assert not page.live
    assert page.get_parent().pk == world["department"].index_page_id
    assert (page.title, page.intro) == ("Giới thiệu Hiệp ước 1999", "Tóm tắt")
    assert [s.pk for s in page.sections.all()] == [taxonomy["china"].pk]
    assert [t.pk for t in page.treaties.all()] == [taxonomy["treaty"].pk]
    assert [t.pk for t in page.topics.all()] == [taxonomy["security"].pk]
    assert entry.status == EntryStatus.DRAFTING
    assert ModelLogEntry.objects.filter(action="wagtail_borderplan.article").count() == 1
    # A second attempt goes to the existing article instead of making another.
    again = root_client.post(url, {"channel": world["provincial"].pk})
    assert again["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert article_model().objects.filter(title="Giới thiệu Hiệp ước 1999").count() == 1


def test_entry_edit_view_offers_article_and_move(root_client, world, index):
    entry = make_entry(world["plan"], planned_at=at(2026, 5, 4))
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    html = root_client.get(url).content.decode()
    assert reverse("borderplan_calendar:create_article", args=[entry.pk]) in html
    assert reverse("borderplan_calendar:move", args=[entry.pk]) in html
    assert "?date=2026-05-04" in html
    entry.page = make_article(index, live=False)
    entry.save()
    html = root_client.get(url).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[entry.page_id]) in html
