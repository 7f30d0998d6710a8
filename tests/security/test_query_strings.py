"""No calendar, report, feed or public URL answers 500 to any query-string value.

Every query-string parameter that the views read (enumerated from their forms and filter
sets, plus the listing's own: ordering, page, search, export, print) gets every hostile
value of ``HOSTILE``, alone, on every view; admin URLs as a superuser, public ones
anonymously. A failure names the URL and the value.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.factories import HANOI, at, make_article, make_entry, restore_wagtail_roots
from wagtail_borderplan.calendar.filters import CalendarFilterForm
from wagtail_borderplan.models import CalendarEntry, CalendarFeed
from wagtail_borderplan.reports.filters import ReportFilterSet
from wagtail_borderplan.reports.views import REPORTS

pytestmark = pytest.mark.exhaustive

HOSTILE: list[tuple[str, Any]] = [
    ("empty", ""),
    ("space", " "),
    ("zero", "0"),
    ("minus-one", "-1"),
    ("huge-int", "99999999999999999999999"),
    ("negative-huge", "-99999999999999999999999"),
    ("float", "1.5"),
    ("max-date", "9999-12-31"),
    ("min-date", "0001-01-01"),
    ("year-10000", "10000-01-01"),
    ("feb-30", "2021-02-30"),
    ("month-13", "2021-13-01"),
    ("datetime", "9999-12-31T23:59:59"),
    ("nan", "NaN"),
    ("inf", "1e309"),
    ("percent-null", "%00"),
    ("null", "\x00"),
    ("control", "\x01\x1b\x7f"),
    ("long", "9" * 10_000),
    ("long-text", "a" * 5_000),
    ("dotdot", "../../etc/passwd"),
    ("sql", "' OR 1=1 --"),
    ("html", "<script>alert(1)</script>"),
    ("unicode", "Việt Nam – 日本 🇻🇳 \u202e"),
    ("invalid-utf8", b"\xed\xb3\xbf\xff"),  # bytes: sent percent-encoded as they are
    ("array", ["a", "b"]),
    ("array-dates", ["9999-12-31", "0001-01-01"]),
]
HOSTILE_IDS = [name for name, _value in HOSTILE]

# The parameters each family of views reads, from the forms that read them.
CALENDAR_FILTERS = list(CalendarFilterForm.base_fields)
CALENDAR_PARAMS = ["view", "date", *CALENDAR_FILTERS]
CALENDAR_VIEWS = ["month", "week", "list", "day"]


def report_filter_params() -> list[str]:
    """The query names of the report filters (a range widget reads ``_from``/``_to``)."""
    names = []
    for name, field in ReportFilterSet().form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        names += [f"{name}_{suffix}" for suffix in suffixes] if suffixes else [name]
    return names


REPORT_PARAMS = [
    *report_filter_params(),
    "ordering",
    "p",
    "q",
    "export",
    "print",
    "_w_filter_fragment",
]
PUBLIC_PARAMS = ["section", "treaty", "topic", "page"]


def test_the_parameter_lists_follow_the_forms():
    """A filter added to a form is added here too (the lists are read from the forms)."""
    assert {"plan", "section", "treaty", "unit", "channel", "status", "mine"} <= set(
        CALENDAR_PARAMS
    )
    assert {"plan", "period_from", "period_to", "section", "treaty", "unit"} <= set(REPORT_PARAMS)


def test_filters_pass_on_only_valid_values(db):
    """Links and the remembered filters (JSON, which PostgreSQL refuses with a NUL byte)
    carry the filters on: a checkbox as "on", never the text that checked it."""
    form = CalendarFilterForm({"mine": "\x00" + "x" * 5000, "plan": "' OR 1=1"})
    assert form.active() == {"mine": "on"}
    assert CalendarFilterForm({"mine": "false", "status": "idea"}).active() == {"status": "idea"}


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    """One world for the whole module, rolled back at its end: thousands of requests,
    not thousands of worlds."""
    from tests.factories import planning_world

    with django_db_blocker.unblock(), transaction.atomic():
        world = _build_world(planning_world)
        yield world
        transaction.set_rollback(True)


def _build_world(planning_world) -> dict[str, Any]:
    from taggit.models import Tag
    from wagtail.models import Site

    from example_site.home.models import HomePage
    from wagtail_borderplan.models import BorderIndexPage, Section, Treaty

    root = restore_wagtail_roots()
    Site.objects.all().delete()
    portals = {}
    for key, hostname, is_default in (
        ("provincial", "tinh.localhost", True),
        ("department", "so.localhost", False),
    ):
        home = root.add_child(instance=HomePage(title=key, slug=f"hostile-home-{key}"))
        Site.objects.create(
            hostname=hostname, port=80, root_page=home, site_name=key, is_default_site=is_default
        )
        portals[key] = home.add_child(
            instance=BorderIndexPage(title=f"Biên giới {key}", slug="bien-gioi")
        )
    china = Section.objects.create(name="Việt Nam - Trung Quốc", neighbour_country="Trung Quốc")
    laos = Section.objects.create(name="Việt Nam - Lào", neighbour_country="Lào")
    treaty = Treaty.objects.create(name="Hiệp ước 1999", full_title="Hiệp ước", kind="treaty")
    protocol = Treaty.objects.create(name="Nghị định thư", full_title="NĐT", kind="protocol")
    treaty.sections.add(china)
    protocol.sections.add(laos)
    security = Tag.objects.create(name="An ninh biên giới", slug="an-ninh-bien-gioi")
    tourism = Tag.objects.create(name="Du lịch", slug="du-lich")
    taxonomy = {
        "china": china,
        "laos": laos,
        "treaty": treaty,
        "protocol": protocol,
        "security": security,
        "tourism": tourism,
    }
    world = planning_world(portals, taxonomy)
    plan = world["plan"]
    article = make_article(
        portals["provincial"], "Bài hostile", sections=[china], treaties=[treaty], topics=[security]
    )
    entries = [
        make_entry(plan, "Planned", planned_at=at(2026, 5, 11), content_line=world["china"]),
        make_entry(plan, "Unplanned", unit=world["ict"]),
        make_entry(
            plan,
            "With article",
            planned_at=at(2026, 5, 12),
            page=article,
            channels=[world["provincial"]],
        ),
    ]
    # Rows stored before dates were bounded: the views and feeds must survive them.
    far = [
        make_entry(plan, "Far future", planned_at=datetime(9999, 12, 31, 23, 59, tzinfo=HANOI)),
        make_entry(plan, "Far past", planned_at=datetime(1, 1, 1, 8, 0, tzinfo=HANOI)),
    ]
    CalendarEntry.objects.filter(pk=far[0].pk).update(
        planned_at=datetime(9999, 12, 31, 16, 0, tzinfo=HANOI) + timedelta(hours=7)
    )
    superuser = world["users"]["superuser"]
    _feed, token = CalendarFeed.create_for(superuser, "Lịch", "")
    return {
        **world,
        "portals": portals,
        "taxonomy": taxonomy,
        "entries": entries,
        "entry": entries[2],
        "token": token,
    }


def as_query(params: dict[str, Any]) -> str:
    return urlencode(params, doseq=True)


def server_errors(client: Client, url: str, params: dict[str, Any], **headers: str) -> list[str]:
    """What answered 500, as 'GET url?query -> 500 Exception: message' lines."""
    response = client.get(url, QUERY_STRING=as_query(params), **headers)
    if response.status_code < 500:
        return []
    error = getattr(response, "exc_info", None)
    reason = f"{error[0].__name__}: {error[1]}"[:300] if error else ""
    return [f"GET {url}?{as_query(params)[:160]} -> {response.status_code} {reason}"]


def assert_no_500(
    client: Client, url: str, param: str, base: dict[str, Any] | None = None, **headers: str
) -> None:
    """Every hostile value of ``param`` on ``url``; fails naming each URL and value that
    answered 500 (all of them, not only the first)."""
    failures = []
    for name, value in HOSTILE:
        params = {**(base or {}), param: value}
        failures += [f"[{name}] {line}" for line in server_errors(client, url, params, **headers)]
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


@pytest.fixture
def admin_client(data, db):
    client = Client(raise_request_exception=False)
    client.force_login(data["users"]["superuser"])
    return client


@pytest.fixture
def public_client(data, db):
    return Client(raise_request_exception=False, HTTP_HOST="tinh.localhost")


@pytest.mark.parametrize("param", CALENDAR_PARAMS)
@pytest.mark.parametrize("view", CALENDAR_VIEWS)
def test_calendar(admin_client, view, param):
    base = {"view": view, "date": "2026-05-01"}
    assert_no_500(admin_client, reverse("borderplan_calendar:index"), param, base)


# The calendar's other admin pages: the entry's pages (HTML and the script's JSON), the
# feeds page (which reads the calendar's filters) and the add form's planned day.
@pytest.mark.parametrize("param", ["date", "next", "view"])
@pytest.mark.parametrize("page", ["move", "schedule", "create_article"])
@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_calendar_entry_pages(admin_client, data, page, accept, param):
    url = reverse(f"borderplan_calendar:{page}", args=[data["entry"].pk])
    assert_no_500(admin_client, url, param, HTTP_ACCEPT=accept)


@pytest.mark.parametrize("param", CALENDAR_PARAMS)
def test_calendar_feeds_page(admin_client, param):
    assert_no_500(admin_client, reverse("borderplan_calendar:feeds"), param)


# The plan's data under the Planning menu: Wagtail's snippet listings, with the filters
# and search of our viewsets (searching an indexed model with field names answered 500
# on SQLite).
LISTINGS = {
    "calendarentry": ["plan", "unit", "editorial_status"],
    "plan": ["status"],
    "contentline": ["plan", "section"],
    "unit": ["kind"],
    "channel": ["kind", "active"],
    "section": [],
    "treaty": ["kind", "sections"],
    "feedsource": ["active"],
    "collecteditem": ["source", "status"],
    "bulletinissue": ["channel"],
}


@pytest.mark.parametrize(
    ("model", "param"),
    [
        (model, param)
        for model, filters in LISTINGS.items()
        for param in [*filters, "q", "ordering", "p"]
    ],
)
def test_planning_listings(admin_client, model, param):
    url = reverse(f"wagtailsnippets_wagtail_borderplan_{model}:list")
    assert_no_500(admin_client, url, param)


def test_planning_listings_search(admin_client):
    """A plain word, as an editor searches (every hostile value is tried above)."""
    for model in LISTINGS:
        url = reverse(f"wagtailsnippets_wagtail_borderplan_{model}:list")
        assert admin_client.get(url, {"q": "biên giới"}).status_code == 200, model


@pytest.mark.parametrize("name", ["unschedule", "revoke_feed"])
def test_post_only_urls_refuse_get(admin_client, data, name):
    pk = data["entry"].pk if name == "unschedule" else CalendarFeed.objects.first().pk
    assert_no_500(admin_client, reverse(f"borderplan_calendar:{name}", args=[pk]), "date")


# Deliveries: the listing to confirm (its filters), the confirmation links' pages, and a
# carrying unit's public page (anonymous, by its secret link).
@pytest.mark.parametrize("param", ["unit", "channel", "start", "end", "p"])
def test_deliveries_to_confirm(admin_client, param):
    assert_no_500(admin_client, reverse("borderplan_deliveries:index"), param)


@pytest.mark.parametrize("name", ["links", "unit_links"])
def test_confirmation_link_pages(admin_client, data, name):
    args = [data["ict"].pk] if name == "unit_links" else []
    assert_no_500(admin_client, reverse(f"borderplan_deliveries:{name}", args=args), "p")


@pytest.mark.parametrize("param", ["entry", "channel", "p", "date"])
def test_carrier_page(data, db, param):
    from wagtail_borderplan.models import CarrierLink

    _link, token = CarrierLink.create_for(data["ict"], "Điện thoại")
    client = Client(raise_request_exception=False)
    assert_no_500(client, reverse("wagtail_borderplan_carry", args=[token]), param)


@pytest.mark.parametrize("param", ["planned_date", "plan", "content_line"])
def test_entry_add_form(admin_client, param):
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:add")
    assert_no_500(admin_client, url, param)


@pytest.mark.parametrize("param", CALENDAR_PARAMS)
def test_ics_feed(data, db, param):
    """The feed's own query string is ignored; the query stored with a feed is the
    user's input too (it comes from the calendar's URL)."""
    client = Client(raise_request_exception=False)
    assert_no_500(client, reverse("wagtail_borderplan_ics", args=[data["token"]]), param)
    failures = []
    for name, value in HOSTILE:
        # The feeds page stores at most 1,000 characters (FeedForm.query).
        _feed, token = CalendarFeed.create_for(
            data["users"]["superuser"], "Lịch", as_query({param: value})[:1000]
        )
        url = reverse("wagtail_borderplan_ics", args=[token])
        failures += [f"[{name}] stored {param}: {line}" for line in server_errors(client, url, {})]
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


REPORT_NAMES = [view.url_name for view in REPORTS]


@pytest.mark.parametrize("param", REPORT_PARAMS)
@pytest.mark.parametrize("report", REPORT_NAMES)
def test_report(admin_client, report, param):
    assert_no_500(admin_client, reverse(f"borderplan_reports:{report}"), param)


@pytest.mark.parametrize("output", ["csv", "xlsx", "print", "results"])
@pytest.mark.parametrize("report", REPORT_NAMES)
def test_report_outputs(admin_client, report, output):
    """The exports, the print page and the results fragment read the same filters as
    the page (tested one by one above): here every filter at once holds the value."""
    base = {"csv": {"export": "csv"}, "xlsx": {"export": "xlsx"}, "print": {"print": "1"}}
    url = reverse(f"borderplan_reports:{report}" + ("_results" if output == "results" else ""))
    failures = []
    for name, value in HOSTILE:
        params = {
            **{param: value for param in REPORT_PARAMS if param not in ("export", "print")},
            **base.get(output, {}),
        }
        failures += [f"[{name}] {line}" for line in server_errors(admin_client, url, params)]
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


PUBLIC_ROUTES = [
    "",
    "section/viet-nam-trung-quoc/",
    "treaty/hiep-uoc-1999/",
    "topic/an-ninh-bien-gioi/",
    "rss/",
    "atom/",
    "section/viet-nam-trung-quoc/rss/",
    "treaty/hiep-uoc-1999/atom/",
    "topic/an-ninh-bien-gioi/rss/",
]


@pytest.mark.parametrize("param", PUBLIC_PARAMS)
@pytest.mark.parametrize("route", PUBLIC_ROUTES)
def test_public(public_client, route, param):
    assert_no_500(public_client, "/bien-gioi/" + route, param)


def test_public_routes_exist(public_client):
    """The routes above are real (a 404 everywhere would prove nothing)."""
    for route in PUBLIC_ROUTES:
        assert public_client.get("/bien-gioi/" + route).status_code == 200, route


def test_treaties_filter_by_section_slug(admin_client, data):
    url = reverse("wagtailsnippets_wagtail_borderplan_treaty:list")
    html = admin_client.get(url, {"sections": data["taxonomy"]["laos"].slug}).content.decode()
    assert "Nghị định thư" in html and "Hiệp ước 1999" not in html
