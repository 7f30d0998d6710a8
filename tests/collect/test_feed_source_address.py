"""The feed-source form refuses, at save, the addresses the collector refuses at every
fetch: other schemes than http(s), and hosts on loopback, private, link-local or
reserved networks unless ``COLLECT_PRIVATE_HOSTS`` names them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from wagtail_borderplan.models import FeedSource

ADD = reverse("wagtailsnippets_wagtail_borderplan_feedsource:add")


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def admin_client(client, editors):
    client.force_login(editors["superuser"])
    return client


def data(portals, url):
    return {"name": "Báo", "feed_url": url, "index_page": portals["provincial"].pk, "active": "on"}


def private(url: str, address: str | None) -> str:
    """The refusal of a private address; only what precedes the address if it is not known
    (a name may resolve to 127.0.0.1 or ::1)."""
    message = _("%(url)s is on a private network (%(address)s): not fetched.")
    if address is None:
        return (message % {"url": url, "address": "\0"}).split("\0")[0]
    return message % {"url": url, "address": address}


@pytest.mark.parametrize(
    "url,address",
    [
        ("ftp://bao.example/rss", None),
        ("http://127.0.0.1:8000/rss", "127.0.0.1"),
        ("http://localhost/rss", None),
        ("http://10.1.2.3/rss", "10.1.2.3"),
        ("http://[::1]/rss", "::1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ],
    ids=["ftp", "loopback", "localhost", "private", "ipv6-loopback", "link-local"],
)
def test_an_address_the_collector_refuses_is_refused_at_save(
    admin_client, portals, settings, url, address
):
    if url.startswith("ftp:"):
        message = _("Only http and https addresses can be fetched: %(url)s") % {"url": url}
    else:
        message = private(url, address)
    settings.WAGTAIL_BORDERPLAN = {"COLLECT_PRIVATE_HOSTS": []}
    response = admin_client.post(ADD, data(portals, url))
    assert response.status_code == 200
    [error] = response.context["form"].errors["feed_url"]
    assert error.startswith(message), error
    assert escape(message) in response.content.decode()
    assert not FeedSource.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/rss",  # named in COLLECT_PRIVATE_HOSTS by the test settings
        "https://93.184.215.14/rss",  # a public address
        "https://bao.example/rss",  # does not resolve today; the fetch will say so
    ],
)
def test_an_address_the_collector_fetches_is_saved(admin_client, portals, url):
    response = admin_client.post(ADD, data(portals, url))
    assert response.status_code == 302, response.context["form"].errors
    assert FeedSource.objects.get().feed_url == url


def test_an_existing_source_cannot_be_moved_to_a_private_address(admin_client, portals, settings):
    settings.WAGTAIL_BORDERPLAN = {"COLLECT_PRIVATE_HOSTS": []}
    source = FeedSource.objects.create(
        name="Báo", feed_url="https://93.184.215.14/rss", index_page=portals["provincial"]
    )
    edit = reverse("wagtailsnippets_wagtail_borderplan_feedsource:edit", args=[source.pk])
    response = admin_client.post(edit, data(portals, "http://192.168.1.10/rss"))
    assert response.status_code == 200
    assert response.context["form"].errors["feed_url"] == [
        private("http://192.168.1.10/rss", "192.168.1.10")
    ]
    source.refresh_from_db()
    assert source.feed_url == "https://93.184.215.14/rss"
