"""The schedule page in a real browser: Wagtail's own date-time picker works (its script
is loaded), the zone is named, the header names the page, and scheduling through the
page says when, in which zone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from tests.browser import close_picker, log_in
from tests.factories import HANOI
from wagtail_borderplan.times import zone_label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_page_uses_wagtails_picker_and_names_the_zone(page, world, article_entry):
    log_in(page, world["users"]["superuser"].username)
    page.goto(f"/admin/borderplan/calendar/entries/{article_entry.pk}/schedule/")

    # The header names the page (the last breadcrumb), not only "Trang chủ".
    title = _("Schedule the article")
    crumbs = page.locator("[data-w-breadcrumbs] ol > li")
    expect(crumbs.last).to_have_text(title)
    expect(page).to_have_title(re.compile("^" + re.escape(title)))

    # The zone is named beside the fields.
    zone = zone_label()
    assert "Asia/Ho_Chi_Minh" in zone
    expect(page.locator("main")).to_contain_text(_("Date and time in %(zone)s.") % {"zone": zone})

    # Wagtail's picker opens on the field (it needs initDateTimeChooser).
    field = page.locator("#id_go_live_at")
    field.click()
    picker = page.locator(".xdsoft_datetimepicker").first
    expect(picker).to_be_visible()
    expect(picker.locator(".xdsoft_calendar")).to_be_visible()
    # Choosing a day in the picker fills the field with the picker's format.
    picker.locator(".xdsoft_date:not(.xdsoft_disabled)").last.click()
    expect(field).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$"))
    close_picker(page, picker)

    when = (
        (timezone.now() + timedelta(days=5))
        .astimezone(HANOI)
        .replace(hour=8, minute=30, second=0, microsecond=0)
    )
    field.fill(f"{when:%Y-%m-%d %H:%M}")
    close_picker(page, picker)  # typing reopened it
    page.get_by_role("button", name=_("Schedule"), exact=True).click()
    when_in_zone = _("%(time)s, %(zone)s") % {"time": f"{when:%d/%m/%Y %H:%M}", "zone": zone}
    expect(page.locator(".messages li").first).to_contain_text(when_in_zone)
    assert page.errors == [], page.errors
