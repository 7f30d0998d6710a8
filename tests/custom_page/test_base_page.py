"""Our pages and relations build on whatever base page the project has: Wagtail's Page by
default, ``custom_page.BasePage`` under ``tests.settings_custom_page`` (the CI leg that
swaps it)."""

import pytest
from django.conf import settings

from tests.factories import make_article
from wagtail_borderplan.compat import PAGE_MODEL, Page, get_page_model
from wagtail_borderplan.models import (
    BorderArticlePage,
    BorderIndexPage,
    CalendarEntry,
    Channel,
    FeedSource,
    SectionTaggedPage,
    TopicTaggedPage,
    TreatyTaggedPage,
)


def test_the_page_model_is_the_projects():
    base = get_page_model()
    assert base is Page
    assert base._meta.label == PAGE_MODEL
    assert getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.Page") == PAGE_MODEL
    assert not base._meta.swapped


@pytest.mark.parametrize("model", [BorderArticlePage, BorderIndexPage])
def test_page_types_build_on_it(model):
    assert issubclass(model, get_page_model())
    parent_link = model._meta.get_ancestor_link(get_page_model())
    assert parent_link.name == f"{get_page_model()._meta.model_name}_ptr"


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (SectionTaggedPage, "content_object"),
        (TreatyTaggedPage, "content_object"),
        (TopicTaggedPage, "content_object"),
        (CalendarEntry, "page"),
        (Channel, "index_page"),
        (FeedSource, "index_page"),
    ],
)
def test_relations_point_at_it(model, field):
    assert model._meta.get_field(field).related_model is get_page_model()


@pytest.mark.django_db
def test_an_article_is_a_row_of_it(index):
    article = make_article(index, "Cột mốc 1116")
    assert get_page_model().objects.get(pk=article.pk).specific == article
