"""Times on public pages are shown in Asia/Ho_Chi_Minh with the zone named."""

from datetime import UTC, datetime

import pytest

from tests.factories import make_article
from wagtail_borderplan.templatetags.borderplan_tags import bp_datetime, bp_localtime


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        # 23:30 and 00:30 in Hà Nội fall on the local day, not the UTC one.
        (
            datetime(2021, 5, 1, 16, 30, tzinfo=UTC),
            "01/05/2021 23:30 (Asia/Ho_Chi_Minh, UTC+07:00)",
        ),
        (
            datetime(2021, 4, 30, 17, 30, tzinfo=UTC),
            "01/05/2021 00:30 (Asia/Ho_Chi_Minh, UTC+07:00)",
        ),
    ],
)
def test_datetimes_are_shown_in_hanoi_time(utc, shown):
    assert bp_datetime(utc) == shown


def test_zone_follows_the_setting(settings):
    settings.WAGTAIL_BORDERPLAN = {"TIME_ZONE": "Asia/Bangkok"}
    assert bp_datetime(datetime(2021, 5, 1, 0, 0, tzinfo=UTC)) == (
        "01/05/2021 07:00 (Asia/Bangkok, UTC+07:00)"
    )


def test_missing_values_render_empty():
    assert bp_datetime(None) == ""
    assert bp_localtime(None) is None


def test_article_page_shows_the_local_time(client, index, settings):
    settings.TIME_ZONE = "UTC"  # the portal's zone does not matter: the plan's does
    article = make_article(index, published_at=datetime(2021, 5, 1, 16, 30, tzinfo=UTC))
    html = client.get(article.url, HTTP_HOST="tinh.localhost").content.decode()
    assert "01/05/2021 23:30 (Asia/Ho_Chi_Minh, UTC+07:00)" in html
    assert 'datetime="2021-05-01T23:30:00+07:00"' in html
