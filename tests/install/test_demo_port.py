"""``make demo HOST=… PORT=…``: the Sites, WAGTAILADMIN_BASE_URL and so every link of the
demo follow the address it is served on, also when the demo is loaded again elsewhere."""

import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

from example_site import demo_address
from example_site.home import demo_data
from tests.processes import ROOT
from wagtail_borderplan.models import BorderArticlePage, Section

# An absolute URL with its port (or none): http://so.localhost:8123/...
ABSOLUTE = re.compile(r"""https?://([^/\s"'<>:]+|\[[^\]]+\])(?::(\d+))?""")
PORT = 8123


def other_ports(text: str) -> list[str]:
    """The absolute URLs of ``text`` on one of the demo's hosts with a port other than PORT."""
    hosts = {"127.0.0.1", "localhost", "so.localhost"}
    return [
        match.group(0)
        for match in ABSOLUTE.finditer(text)
        if match.group(1) in hosts and match.group(2) != str(PORT)
    ]


@pytest.fixture
def demo_elsewhere(db, settings):
    # First loaded on the default port, then again on another: the Sites must follow.
    call_command("borderplan_demo", verbosity=0)
    call_command("borderplan_demo", host="127.0.0.1", port=PORT, verbosity=0)
    # What example_site/settings.py makes of `make demo PORT=8123` (checked below).
    settings.WAGTAILADMIN_BASE_URL = demo_address.base_url("127.0.0.1", PORT)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]


def test_no_public_page_feed_or_ics_links_to_another_port(demo_elsewhere, client):
    assert sorted(Site.objects.values_list("hostname", "port", "is_default_site")) == [
        ("127.0.0.1", PORT, True),
        ("so.localhost", PORT, False),
    ]
    section = Section.objects.canonical().first().slug
    checked = 0
    for host in ("127.0.0.1", "so.localhost"):
        site = Site.objects.get(hostname=host)
        article = BorderArticlePage.objects.live().descendant_of(site.root_page).first()
        urls = [
            "/",
            "/bien-gioi/",
            f"/bien-gioi/section/{section}/",
            "/bien-gioi/rss/",
            "/bien-gioi/atom/",
            f"/bien-gioi/section/{section}/rss/",
            f"/bien-gioi/section/{section}/atom/",
            article.relative_url(site),
        ]
        for url in urls:
            response = client.get(url, HTTP_HOST=f"{host}:{PORT}")
            assert response.status_code == 200, (host, url)
            text = response.content.decode()
            assert other_ports(text) == [], (host, url)
            checked += len(ABSOLUTE.findall(text))
    assert checked > 50  # the header, item links and alternates really were looked at

    # The admin's "view live" and an ICS feed's URL: lines, from WAGTAILADMIN_BASE_URL and
    # the Sites.
    admin = demo_data.SUPERUSER
    client.login(username=admin["username"], password=admin["password"])
    article = BorderArticlePage.objects.live().first()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert f"{article.full_url}" in edit and f":{PORT}/" in article.full_url
    assert other_ports(edit) == []
    response = client.post(
        reverse("borderplan_calendar:feeds"),
        {"name": "Lịch", "query": ""},
        HTTP_HOST=f"127.0.0.1:{PORT}",
    )
    ics_url = response.context["new_url"]
    client.logout()
    assert ics_url.startswith(f"http://127.0.0.1:{PORT}/")
    ics = client.get(ics_url.split(f":{PORT}", 1)[1]).content.decode().replace("\r\n ", "")
    assert f"URL:http://127.0.0.1:{PORT}/" in ics
    assert other_ports(ics) == []

    # Loaded again on the default address: the Sites follow again, nothing duplicated.
    call_command("borderplan_demo", verbosity=0)
    assert sorted(Site.objects.values_list("hostname", "port")) == [
        ("localhost", 8000),
        ("so.localhost", 8000),
    ]


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        (None, None, "http://127.0.0.1:8000"),
        ("127.0.0.1", "8123", "http://127.0.0.1:8123"),
        ("0.0.0.0", "8101", "http://localhost:8101"),
        ("::1", "8101", "http://[::1]:8101"),
    ],
)
def test_settings_take_the_served_address(host, port, expected):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BORDERPLAN_DEMO_")}
    env.pop("WAGTAILADMIN_BASE_URL", None)
    env.update({"BORDERPLAN_DEMO_HOST": host or "", "BORDERPLAN_DEMO_PORT": port or ""})
    code = (
        "from example_site import settings as s\n"
        "print(s.WAGTAILADMIN_BASE_URL, s.ALLOWED_HOSTS[-1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    base_url, allowed = result.stdout.split()
    assert base_url == expected
    assert allowed == (demo_address.public_host(host) if host else "127.0.0.1")
