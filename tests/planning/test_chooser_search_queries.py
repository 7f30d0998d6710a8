"""The content-line chooser's search runs the same queries however many lines match
(browsing is guarded in test_content_line_labels.py)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_plan
from wagtail_borderplan.models import ContentLine

RESULTS = reverse("wagtailsnippetchoosers_wagtail_borderplan_contentline:choose_results")


def add_lines(taxonomy, first_year: int, count: int) -> None:
    for number in range(count):
        year = first_year + number
        plan = make_plan(
            title=f"Kế hoạch {year}", period_start=date(year, 1, 1), period_end=date(year, 12, 31)
        )
        ContentLine.objects.create(
            plan=plan, section=taxonomy["china"], text=f"Tuyên truyền mốc giới {number}"
        )


# Committed rows: MariaDB's full-text index does not see rows of an open transaction.
@pytest.mark.django_db(transaction=True)
def test_search_queries_do_not_grow_with_matches(client, world, taxonomy):
    client.force_login(world["users"]["superuser"])

    def search() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(RESULTS, {"q": "Tuyên truyền"})
        assert response.status_code == 200
        return len(queries), response.content.decode()

    add_lines(taxonomy, 2030, 1)
    few, html = search()
    assert "Tuyên truyền mốc giới 0" in html
    add_lines(taxonomy, 2040, 6)
    many, html = search()
    assert "Tuyên truyền mốc giới 5" in html
    assert many == few
