"""The calendar remembers each user's last filters, and shows a legend of the sections."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import at, make_entry
from wagtail_borderplan.models import CalendarPreference, Section

pytestmark = pytest.mark.django_db
CALENDAR = "borderplan_calendar:index"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


PREFERENCES = "borderplan_calendar:preferences"


def remember(client, **filters):
    """What the calendar's script posts when filters are applied (and what the "Remember
    these filters" button posts without JavaScript)."""
    return client.post(reverse(PREFERENCES), filters, HTTP_ACCEPT="application/json")


def test_reading_the_calendar_writes_nothing(client, world):
    user = world["users"]["member"]
    client.force_login(user)
    url = reverse(CALENDAR)
    slug = world["china"].section.slug
    with CaptureQueriesContext(connection) as queries:
        for params in ({"section": slug}, {"section": slug, "plan": ""}, {}, {"plan": ""}):
            assert client.get(url, {"view": "list", **params}).status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert not [sql for sql in writes if "calendarpreference" in sql.lower()], writes
    assert not CalendarPreference.objects.filter(user=user).exists()


def test_preferences_need_a_post_with_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["member"])
    slug = world["china"].section.slug
    assert client.get(reverse(PREFERENCES), {"section": slug}).status_code == 405
    assert client.post(reverse(PREFERENCES), {"section": slug}).status_code == 403
    assert not CalendarPreference.objects.exists()


def test_preferences_need_the_calendar(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", password="pw"))
    response = client.post(reverse(PREFERENCES), {"plan": ""})
    assert response.status_code in (302, 403)
    assert not CalendarPreference.objects.exists()


def test_last_filters_are_restored_for_their_user_only(client, world):
    a, b = world["users"]["member"], world["users"]["viewer"]
    slug = world["china"].section.slug
    url = reverse(CALENDAR)
    client.force_login(a)
    response = remember(client, section=slug, plan="", bogus="x")
    assert response.json() == {"ok": True, "filters": {"section": slug}}

    # A's filters come back when A opens the calendar bare, or from a link without them.
    response = client.get(url)
    assert response.status_code == 302
    assert f"section={slug}" in response["Location"]
    page = client.get(response["Location"])
    assert page.context["filter_form"].cleaned_data["section"] == world["china"].section
    # A link that names a day shows what it names, and forgets nothing.
    assert client.get(url, {"date": "2026-05-01"}).status_code == 200
    assert client.get(url).status_code == 302

    # They outlive the session (stored per user), and B never gets them.
    client.logout()
    client.force_login(b)
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["filter_form"].cleaned_data.get("section")
    client.logout()
    client.force_login(a)
    assert client.get(url).status_code == 302


def test_remember_button_without_javascript(client, world):
    """The plain form beside the filters posts them, with the CSRF token, and comes back
    to the same view of the calendar."""
    user = world["users"]["member"]
    client.force_login(user)
    unit = world["ict"].pk
    html = client.get(reverse(CALENDAR), {"view": "week", "unit": unit}).content.decode()
    form = html.split('class="bp-cal__remember"')[1].split("</form>")[0]
    assert 'method="post"' in form and 'name="csrfmiddlewaretoken"' in form
    assert f'name="unit" value="{unit}"' in form
    response = client.post(
        reverse(PREFERENCES), {"unit": unit, "view": "week", "date": "2026-05-14"}
    )
    assert response.status_code == 302
    assert f"unit={unit}" in response["Location"] and "view=week" in response["Location"]
    assert "date=2026-05-14" in response["Location"]
    assert CalendarPreference.objects.get(user=user).filters == {"unit": str(unit)}


def test_clear_filters_forgets_them(client, world):
    user = world["users"]["member"]
    client.force_login(user)
    url = reverse(CALENDAR)
    remember(client, section=world["china"].section.slug)
    page = client.get(url, {"section": world["china"].section.slug})
    clear = page.content.decode().split("Xóa bộ lọc")[0].rsplit('href="', 1)[1].split('"')[0]
    # The link shows the calendar unfiltered; the script posts the empty filters.
    assert client.get(url + clear.replace("&amp;", "&")).status_code == 200
    remember(client)
    assert CalendarPreference.objects.get(user=user).filters == {}
    assert client.get(url).status_code == 200


def test_a_stale_remembered_filter_is_left_out(client, world):
    user = world["users"]["member"]
    CalendarPreference.objects.create(user=user, filters={"section": "gone", "unit": "x"})
    client.force_login(user)
    response = client.get(reverse(CALENDAR), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == []  # nothing left to restore, and no loop
    unit = world["ict"].pk
    CalendarPreference.objects.filter(user=user).update(filters={"section": "gone", "unit": unit})
    response = client.get(reverse(CALENDAR))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?unit={unit}")


def test_legend_names_every_section_next_to_its_colour(client, world):
    make_entry(world["plan"], "Có tuyến", planned_at=at(2026, 5, 4), content_line=world["china"])
    client.force_login(world["users"]["member"])
    html = client.get(reverse(CALENDAR), {"date": "2026-05-01"}).content.decode()
    legend = html.split('class="bp-cal__legend"')[1].split("</ul>")[0]
    for section in Section.objects.all():
        assert f"--bp-section: {section.colour}" in legend
        assert section.name in legend
    assert "Không có tuyến" in legend


def test_moving_an_entry_without_javascript_comes_back_to_the_filtered_calendar(client, world):
    user = world["users"]["member"]
    entry = make_entry(world["plan"], "Dời", planned_at=at(2026, 5, 4), unit=world["ict"])
    client.force_login(user)
    remember(client, unit=world["ict"].pk)
    response = client.post(
        reverse("borderplan_calendar:move", args=[entry.pk]), {"date": "2026-05-06"}
    )
    assert response.status_code == 302
    assert f"unit={world['ict'].pk}" in response["Location"]
    assert "date=2026-05-06" in response["Location"]
