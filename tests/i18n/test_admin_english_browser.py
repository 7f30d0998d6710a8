"""Wagtail's JavaScript-rendered admin (sidebar, page editor's minimap) in Vietnamese."""

import pytest
from playwright.sync_api import expect

from tests.browser import log_in
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sidebar_and_page_editor_strings_from_javascript_are_vietnamese(page, world, index):
    article = make_article(index, "Bài có mục lục")
    log_in(page, world["users"]["superuser"].username)
    page.goto(f"/admin/pages/{article.pk}/edit/")
    expect(page.get_by_role("button", name="Thu gọn tất cả")).to_have_count(1)
    expect(page.get_by_role("button", name="Mở/đóng thanh bên")).to_have_count(1)
    text = page.locator("body").inner_text()
    assert "Collapse all" not in text
    assert page.locator('[aria-label="Toggle sidebar"], [aria-label="Main menu"]').count() == 0
    assert page.errors == []
