"""Every report view, export, print page and results fragment checks the calendar's
view permission: anonymous users log in, admin access alone or another portal's
editor rights are refused."""

import pytest
from django.urls import reverse

from tests.access import assert_denied
from tests.reports_data import NOW
from wagtail_borderplan.reports import scope as report_scope

REPORTS = ["coverage", "units", "treaties", "treaty_articles", "published"]
VARIANTS = [
    ("", {}),
    ("", {"export": "csv"}),
    ("", {"export": "xlsx"}),
    ("", {"print": "1"}),
    ("_results", {}),
]


@pytest.fixture(autouse=True)
def now(monkeypatch):
    monkeypatch.setattr(report_scope, "current_time", lambda: NOW)


def user_for(role, world, editors):
    if role == "department_editor":
        return editors["department"]
    return world["users"][role]


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize(
    "role",
    ["anonymous", "admin_only", "department_editor", "viewer", "other_member", "superuser"],
)
def test_report_permissions(client, world, editors, report, role):
    user = user_for(role, world, editors)
    if user is not None:
        client.force_login(user)
    for suffix, params in VARIANTS:
        response = client.get(reverse(f"borderplan_reports:{report}{suffix}"), params)
        if role in ("viewer", "other_member", "superuser"):
            assert response.status_code == 200, (suffix, params)
        else:
            assert_denied(response, role)


@pytest.mark.parametrize(
    "role,shown",
    [("admin_only", False), ("department_editor", False), ("viewer", True), ("superuser", True)],
)
def test_reports_menu_items(client, world, editors, role, shown):
    client.force_login(user_for(role, world, editors))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for report in REPORTS:
        assert (reverse(f"borderplan_reports:{report}") in html) is shown
