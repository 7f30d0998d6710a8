"""No English left in the Vietnamese admin: the pages an editor opens, rendered in
Vietnamese, show none of the English strings Wagtail or Django used to leave there.

What counts is what a person meets: the visible text, what screen readers read (hidden
texts, aria-label, title, placeholder, alt) and the sidebar's JSON props that Wagtail's
script turns into the menu; not script code, styles or hidden elements.
"""

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from wagtail.models import Site

from tests.factories import at, make_article, make_entry
from wagtail_borderplan.compat import Page

pytestmark = pytest.mark.django_db

ENGLISH = [
    "Password",
    "Log out",
    "Collapse all",
    "History",
    "Action",
    "User",
    "Root",
    "Root page",
    "Port",
    "Site name",
    "None",
    "Page not found",
]
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
SKIPPED = ("script", "style", "template")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class ReadableText(HTMLParser):
    """Collects what is shown or read aloud."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)

    @property
    def hidden(self) -> bool:
        return any(hides for _tag, hides in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        json_data = tag == "script" and attrs.get("type") == "application/json"
        hides = (tag in SKIPPED and not json_data) or "hidden" in attrs
        if not self.hidden and not hides:
            self.parts.extend(attrs[name] for name in READ_ATTRIBUTES if attrs.get(name))
        if tag not in VOID:
            self.stack.append((f"json:{tag}" if json_data else tag, hides))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0].removeprefix("json:") == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self.hidden:
            return
        if self.stack and self.stack[-1][0].startswith("json:"):
            self.parts.extend(strings_in(json.loads(data)))
        else:
            self.parts.append(data)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def english_in(html: str) -> list[str]:
    parser = ReadableText()
    parser.feed(html)
    text = "\n".join(parser.parts)
    found = []
    for word in ENGLISH:
        # Whole words: "America/Port-au-Prince" in the time zones is not "Port".
        for match in re.finditer(rf"(?<![\w/-]){re.escape(word)}(?![\w/-])", text):
            found.append(f"{word!r} in …{text[max(0, match.start() - 40) : match.end() + 20]!r}")
    return found


@pytest.fixture
def admin_pages(client, editors, portals, world):
    article = make_article(portals["provincial"], "Bài về cột mốc")
    entry = make_entry(
        world["plan"], "Mục có bài", planned_at=at(2026, 5, 4), unit=world["ict"], page=article
    )
    site = Site.objects.get(is_default_site=True)
    # The root's title is data, not a text: named as the demo names it, so that any
    # "Root" left is one the admin itself prints.
    Page.objects.filter(depth=1).update(title="Gốc", draft_title="Gốc")
    root = Page.get_first_root_node()
    return [
        reverse("wagtailadmin_home"),
        reverse("borderplan_calendar:index") + "?date=2026-05-01",
        reverse("borderplan_calendar:index") + "?view=list&date=2026-05-01",
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:history", args=[article.pk]),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[root.pk]),
        reverse("wagtailadmin_explore", args=[portals["provincial"].pk]),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailsites:index"),
        reverse("wagtailsites:edit", args=[site.pk]),
        reverse("wagtailadmin_reports:site_history"),
        # Its "last published by" of a page published without a user (the runner).
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailsnippets_wagtail_borderplan_calendarentry:history", args=[entry.pk]),
        reverse("wagtailadmin_account"),
        reverse("borderplan_calendar:feeds"),
    ]


def test_admin_pages_show_no_english(client, editors, admin_pages):
    client.force_login(editors["superuser"])
    found = {}
    for url in admin_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if english := english_in(response.content.decode()):
            found[url] = english
    assert found == {}, "\n".join(
        f"{url}: {word}" for url, words in found.items() for word in words
    )


def test_login_page_shows_no_english(client, db):
    response = client.get(reverse("wagtailadmin_login"))
    html = response.content.decode()
    assert english_in(html) == []
    assert "Mật khẩu" in html


def test_wagtails_javascript_strings_come_in_vietnamese(client, editors, portals):
    """Wagtail's JavaScript catalogue leaves "Collapse all" (the page editor's minimap),
    "Main menu" and others in English; wagtail_vi merges its own into it."""
    client.force_login(editors["superuser"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[portals["provincial"].pk]))
    html = html.content.decode()
    data = html.split('id="borderplan-wagtail-vi-catalog" type="application/json">')[1]
    catalog = json.loads(data.split("</script>")[0])
    assert catalog["Collapse all"] == "Thu gọn tất cả"
    assert catalog["Main menu"] == "Menu chính"
    assert catalog["%(num)s error"] == ["%(num)s lỗi"]
    assert "borderplan_wagtail_vi/js/catalog.js" in html


def test_screen_reader_texts_use_wagtails_own_class():
    """Wagtail 8 has no ``visually-hidden`` class: a text marked with it shows."""
    templates = Path(__file__).resolve().parents[2] / "wagtail_borderplan"
    for path in [*templates.rglob("*.html"), *templates.rglob("*.py")]:
        assert "visually-hidden" not in path.read_text(encoding="utf-8"), path


def test_not_found_page_is_the_portals_own_in_vietnamese(client, portals):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert english_in(html) == []


def test_example_site_runs_without_djangos_english_debug_pages():
    """Django's debug 404 is English; the demo runs with DEBUG off unless asked."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "example_site.settings"
    code = "from django.conf import settings; print(settings.DEBUG)"
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "False"


def test_example_site_serves_static_files_with_debug_off(client, settings):
    settings.DEBUG = False
    response = client.get("/static/wagtail_borderplan/css/calendar.css")
    assert response.status_code == 200


@pytest.mark.parametrize("report", ["workflow", "workflow_tasks"])
def test_workflow_report_exports_have_vietnamese_headings(client, editors, report):
    """Wagtail heads some export columns with the attribute's raw name
    ("requested_by", "started_at"); wagtail_vi gives them their translated names."""
    client.force_login(editors["superuser"])
    response = client.get(reverse(f"wagtailadmin_reports:{report}") + "?export=csv")
    header = b"".join(response.streaming_content).decode().splitlines()[0].split(",")
    raw = [name for name in header if re.fullmatch(r"[a-z_]+", name)]
    assert not raw, raw
    assert "Bắt đầu lúc" in header
