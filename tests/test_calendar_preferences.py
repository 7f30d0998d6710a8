"""The calendar remembers each user's last filters, and shows a legend of the sections."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.planning import at, make_entry
from wagtail_borderplan.models import CalendarPreference, Section

pytestmark = pytest.mark.django_db
CALENDAR = "borderplan_calendar:index"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_last_filters_are_restored_for_their_user_only(client, world):
    a, b = world["users"]["member"], world["users"]["viewer"]
    slug = world["china"].section.slug
    url = reverse(CALENDAR)
    client.force_login(a)
    response = client.get(url, {"view": "list", "section": slug, "plan": ""})
    assert response.status_code == 200

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


def test_clear_filters_forgets_them(client, world):
    user = world["users"]["member"]
    client.force_login(user)
    url = reverse(CALENDAR)
    page = client.get(url, {"section": world["china"].section.slug})
    clear = page.content.decode().split("Xóa bộ lọc")[0].rsplit('href="', 1)[1].split('"')[0]
    assert client.get(url + clear.replace("&amp;", "&")).status_code == 200
    assert CalendarPreference.objects.get(user=user).filters == {}
    assert client.get(url).status_code == 200


def test_a_stale_remembered_filter_does_not_loop(client, world):
    user = world["users"]["member"]
    CalendarPreference.objects.create(user=user, filters={"section": "gone", "unit": "x"})
    client.force_login(user)
    response = client.get(reverse(CALENDAR), follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) == 1
    assert CalendarPreference.objects.get(user=user).filters == {}


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
    client.get(reverse(CALENDAR), {"unit": world["ict"].pk})
    response = client.post(
        reverse("borderplan_calendar:move", args=[entry.pk]), {"date": "2026-05-06"}
    )
    assert response.status_code == 302
    assert f"unit={world['ict'].pk}" in response["Location"]
    assert "date=2026-05-06" in response["Location"]
