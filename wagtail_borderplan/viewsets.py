"""Admin viewsets: the plan's vocabularies as snippets under one "Planning" menu."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Section, Treaty


class SectionViewSet(SnippetViewSet):
    model = Section
    icon = "site"
    menu_order = 100
    list_display = [
        "name",
        "neighbour_country",
        Column("treaty_count", label=_("Treaties"), sort_key="treaty_count"),
        Column("article_count", label=_("Tagged pages"), sort_key="article_count"),
        "sort_order",
    ]
    search_fields = ["name", "neighbour_country", "description"]
    ordering = ["sort_order", "name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Section.objects.annotate(
            treaty_count=Count("treaties", distinct=True),
            article_count=Count("tagged_pages", distinct=True),
        )


class TreatyViewSet(SnippetViewSet):
    model = Treaty
    icon = "doc-full"
    menu_order = 200
    list_display = [
        "name",
        "kind",
        "signed_on",
        Column("article_count", label=_("Tagged pages"), sort_key="article_count"),
    ]
    list_filter = ["kind", "sections"]
    search_fields = ["name", "full_title", "summary"]
    ordering = ["sort_order", "name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Treaty.objects.annotate(article_count=Count("tagged_pages"))


class PlanningViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Planning")
    menu_icon = "calendar"
    menu_name = "borderplan-planning"
    menu_order = 250
    items = (SectionViewSet, TreatyViewSet)
