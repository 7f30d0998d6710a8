"""What a refused admin request looks like, for the permission tests of every view."""

from django.urls import reverse


def assert_denied(response, role: str) -> None:
    """Anonymous: sent to the login page; anyone else: 403, or Wagtail's redirect to the
    dashboard with its "permission denied" message."""
    if role == "anonymous":
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
