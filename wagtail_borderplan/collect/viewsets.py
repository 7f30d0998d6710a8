"""Admin for collecting: feed sources, the record of collected items, importing HTML."""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from ..choosers import PolicyChooserViewSet
from ..forms import FeedSourceForm
from ..models import CollectedItem, CollectedStatus, FeedSource
from ..permissions import policy_for
from .views import IMPORT_PERMISSION, CollectNowView, ImportArticleView


class FeedSourceEditView(snippet_views.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Fetch now"),
                url=reverse("borderplan_collect:collect_now", args=[self.object.pk]),
                icon_name="download",
                priority=5,
            )
        )
        list_url = reverse("wagtailsnippets_wagtail_borderplan_collecteditem:list")
        buttons.append(
            Button(
                _("Collected items"),
                url=f"{list_url}?source={self.object.pk}",
                icon_name="list-ul",
                priority=6,
            )
        )
        return buttons


class FeedSourceViewSet(SnippetViewSet):
    model = FeedSource
    chooser_viewset_class = PolicyChooserViewSet
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("active")]),
            FieldPanel("feed_url"),
            FieldPanel("index_page"),
            FieldRowPanel([FieldPanel("plan"), FieldPanel("content_line")]),
            FieldRowPanel([FieldPanel("unit"), FieldPanel("channel")]),
            MultiFieldPanel(
                [
                    FieldPanel("section", widget=forms.Select),
                    FieldPanel("treaties", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("categories_to_topics"),
                ],
                heading=_("Tags given to every article"),
            ),
        ],
        base_form_class=FeedSourceForm,
    )
    icon = "rss"
    menu_order = 600
    edit_view_class = FeedSourceEditView
    list_display = [
        "name",
        BooleanColumn(
            "active",
            label=capfirst(FeedSource._meta.get_field("active").verbose_name),
            sort_key="active",
        ),
        DateColumn("last_fetched_at", label=_("Last fetch"), sort_key="last_fetched_at"),
        Column("imported_count", label=_("Imported"), sort_key="imported_count"),
        Column("failed_count", label=_("Failed"), sort_key="failed_count"),
        Column("last_error", label=_("Last error")),
    ]
    list_filter = ["active"]
    # No search_fields: an indexed model is searched on its own index (SQLite's backend
    # answers 500 when given fields other than title).
    copy_view_enabled = False

    def get_queryset(self, request):
        return FeedSource.objects.annotate(
            imported_count=Count("items", filter=Q(items__status=CollectedStatus.IMPORTED)),
            failed_count=Count("items", filter=Q(items__status=CollectedStatus.FAILED)),
        )


class CollectedItemViewSet(SnippetViewSet):
    model = CollectedItem
    chooser_viewset_class = PolicyChooserViewSet
    icon = "download"
    menu_order = 650

    @cached_property
    def permission_policy(self):
        # The registered, read-only policy, looked up when first needed (see viewsets.py).
        return policy_for(CollectedItem)

    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "source",
        "key",
        "link",
        "status",
        "error",
        "warnings",
        "attempts",
        "page",
        "entry",
        "collected_at",
        "updated_at",
    ]
    list_display = [
        "title",
        "source",
        Column("get_status_display", label=_("Status"), sort_key="status"),
        Column("error", label=_("Error")),
        DateColumn("updated_at", label=_("Last attempt"), sort_key="updated_at"),
    ]
    list_filter = ["source", "status"]
    search_fields = ["title", "key", "error"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return CollectedItem.objects.select_related("source")


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)


class CollectViewSet(ViewSet):
    name = "borderplan_collect"
    url_prefix = "borderplan/collect"
    icon = "doc-full-inverse"
    menu_label = _("Import an article")
    menu_order = 660

    def get_urlpatterns(self):
        return [
            path("import/", ImportArticleView.as_view(), name="import"),
            path("sources/<int:pk>/fetch/", CollectNowView.as_view(), name="collect_now"),
        ]

    def get_menu_item(self, order=None):
        return ImportMenuItem(
            label=self.menu_label,
            url=reverse("borderplan_collect:import"),
            name=self.name,
            icon_name=self.icon,
            order=order if order is not None else self.menu_order,
        )
