"""Content lines are chosen by their plan and section, and a new entry starts on a plan.

The same text recurs from one year's plan to the next: the chooser (calendar entry
and feed source forms) and the import form's select show "Kế hoạch 2026 · Việt Nam -
Lào · Lào", read in one query whatever the number of lines.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_entry, make_plan
from wagtail_borderplan.collect.forms import ImportForm
from wagtail_borderplan.models import ContentLine, FeedSource

CHOOSE = reverse("wagtailsnippetchoosers_wagtail_borderplan_contentline:choose")
RESULTS = reverse("wagtailsnippetchoosers_wagtail_borderplan_contentline:choose_results")
ADD_ENTRY = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add")

LAOS = "Kế hoạch 2026 · Việt Nam - Lào · Lào"
CHINA = "Kế hoạch 2026 · Việt Nam - Trung Quốc · Hiệp ước 1999"


@pytest.fixture
def root(client, world):
    client.force_login(world["users"]["superuser"])
    return client


def chooser_html(client, url=CHOOSE, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return json.loads(response.content)["html"] if url == CHOOSE else response.content.decode()


# Committed rows: MariaDB's full-text index, behind the chooser's search, does not see
# rows of a transaction still open.
@pytest.mark.django_db(transaction=True)
def test_the_chooser_lists_each_line_with_its_plan_and_section(root, world, taxonomy):
    old = make_plan(
        title="Kế hoạch tuyên truyền năm 2021",
        period_start=date(2021, 1, 1),
        period_end=date(2021, 12, 31),
        status="closed",
    )
    ContentLine.objects.create(plan=old, section=taxonomy["laos"], text="Lào")
    html = chooser_html(root)
    assert LAOS in html and CHINA in html
    assert "Kế hoạch 2021 · Việt Nam - Lào · Lào" in html
    # Searching keeps the labels.
    found = chooser_html(root, RESULTS, q="Hiệp ước")
    assert CHINA in found and LAOS not in found


def test_the_chosen_line_and_the_widget_show_its_plan_and_section(root, world):
    chosen = reverse(
        "wagtailsnippetchoosers_wagtail_borderplan_contentline:chosen", args=[world["laos"].pk]
    )
    assert json.loads(root.get(chosen).content)["result"]["string"] == LAOS
    entry = make_entry(world["plan"], "Bài", content_line=world["laos"])
    edit = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    assert LAOS in root.get(edit).content.decode()


def test_the_feed_source_form_shows_the_lines_plan_and_section(root, world, portals):
    source = FeedSource.objects.create(
        name="Báo",
        feed_url="https://example.com/rss",
        index_page=portals["provincial"],
        plan=world["plan"],
        content_line=world["china"],
    )
    edit = reverse("wagtailsnippets_wagtail_borderplan_feedsource:edit", args=[source.pk])
    assert CHINA in root.get(edit).content.decode()


def test_the_import_form_labels_lines_with_plan_and_section(world):
    form = ImportForm(user=world["users"]["superuser"])
    field = form.fields["content_line"]
    with CaptureQueriesContext(connection) as queries:
        labels = [label for _value, label in field.choices][1:]
    assert labels == [CHINA, LAOS]
    assert len(queries) == 1  # plan and section joined


def test_the_chooser_runs_the_same_queries_for_more_lines(root, world, taxonomy):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            chooser_html(root, RESULTS)
        return len(queries)

    before = count()
    for number in range(5):
        plan = make_plan(
            title=f"Kế hoạch {2030 + number}",
            period_start=date(2030 + number, 1, 1),
            period_end=date(2030 + number, 12, 31),
        )
        ContentLine.objects.create(plan=plan, section=taxonomy["china"], text=f"Nội dung {number}")
    assert count() == before


def plan_of_new_entry(client, **params) -> int | None:
    response = client.get(ADD_ENTRY, params)
    assert response.status_code == 200
    return response.context["form"]["plan"].value()


def test_a_new_entry_starts_on_the_latest_plan_with_entries(root, world):
    plan = world["plan"]
    make_entry(plan, "Bài đã có")
    empty = make_plan(
        title="Kế hoạch 2027", period_start=date(2027, 1, 1), period_end=date(2027, 12, 31)
    )
    assert plan_of_new_entry(root) == plan.pk
    # The plan the calendar is filtered on, and a content line's plan, win.
    assert plan_of_new_entry(root, plan=empty.pk) == empty.pk
    line = ContentLine.objects.create(plan=empty, section=world["laos"].section, text="Mới")
    response = root.get(ADD_ENTRY, {"content_line": line.pk, "plan": plan.pk})
    form = response.context["form"]
    assert form["plan"].value() == empty.pk
    assert form["content_line"].value() == line.pk
    assert "Kế hoạch 2027 · Việt Nam - Lào · Mới" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"plan": "abc"},
        {"plan": "99999999999999999999999"},
        {"plan": "-1"},
        {"content_line": "0"},
        {"content_line": "1e5"},
        {"plan": ""},
    ],
)
def test_a_bad_plan_or_line_in_the_address_is_ignored(root, world, params):
    make_entry(world["plan"], "Bài đã có")
    assert plan_of_new_entry(root, **params) == world["plan"].pk


def test_the_calendars_add_links_carry_its_plan_filter(root, world):
    plan = world["plan"]
    response = root.get(reverse("borderplan_calendar:index"), {"plan": plan.pk, "view": "month"})
    assert f"&amp;plan={plan.pk}" in response.content.decode()
    assert plan_of_new_entry(root, planned_date="2026-05-04", plan=plan.pk) == plan.pk
