"""The feed-source form refuses, at save, the addresses the collector refuses at every
fetch: other schemes than http(s), and hosts on loopback, private, link-local or
reserved networks unless ``COLLECT_PRIVATE_HOSTS`` names them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

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


@pytest.mark.parametrize(
    "url,message",
    [
        ("ftp://bao.example/rss", "Chỉ tải được địa chỉ http và https: ftp://bao.example/rss"),
        (
            "http://127.0.0.1:8000/rss",
            "http://127.0.0.1:8000/rss thuộc mạng nội bộ (127.0.0.1): không tải về.",
        ),
        ("http://localhost/rss", "http://localhost/rss thuộc mạng nội bộ ("),
        ("http://10.1.2.3/rss", "http://10.1.2.3/rss thuộc mạng nội bộ (10.1.2.3): không tải về."),
        ("http://[::1]/rss", "http://[::1]/rss thuộc mạng nội bộ (::1): không tải về."),
        (
            "http://169.254.169.254/latest/meta-data/",
            "http://169.254.169.254/latest/meta-data/ thuộc mạng nội bộ (169.254.169.254)",
        ),
    ],
    ids=["ftp", "loopback", "localhost", "private", "ipv6-loopback", "link-local"],
)
def test_an_address_the_collector_refuses_is_refused_at_save(
    admin_client, portals, settings, url, message
):
    settings.WAGTAIL_BORDERPLAN = {"COLLECT_PRIVATE_HOSTS": []}
    response = admin_client.post(ADD, data(portals, url))
    assert response.status_code == 200
    [error] = response.context["form"].errors["feed_url"]
    assert error.startswith(message), error
    assert message in response.content.decode()
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
        "http://192.168.1.10/rss thuộc mạng nội bộ (192.168.1.10): không tải về."
    ]
    source.refresh_from_db()
    assert source.feed_url == "https://93.184.215.14/rss"
