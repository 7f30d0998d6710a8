"""Border article and index pages: abstract mixins plus concrete pages.

A portal with its own base page builds its article page as
``class PortalArticle(BorderArticleMixin, PortalBasePage)`` and points the
``ARTICLE_MODEL`` setting at it; the tags need no models of its own, because the
tagged-item models point at Wagtail's base ``Page``.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.search import index

from ..article_form import BorderArticleForm
from ..compat import Page
from ..conf import get_setting
from .taxonomy import Section, SectionTaggedPage, TopicTaggedPage, Treaty, TreatyTaggedPage


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    EXPLAINER = "explainer", _("Explainer")
    REBUTTAL = "rebuttal", _("Rebuttal of false information")
    EXEMPLARY_MODEL = "exemplary_model", _("Exemplary model")
    LEGAL_GUIDE = "legal_guide", _("Legal-document guide")


class BorderArticleMixin(models.Model):
    """The fields, panels and search fields of a border-topic article."""

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("A short summary shown in lists and feeds.")
    )
    body = RichTextField(_("body"), blank=True)
    lead_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    article_kind = models.CharField(
        _("article kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    sections = ClusterTaggableManager(
        through=SectionTaggedPage,
        blank=True,
        verbose_name=_("sections"),
        help_text=_("The border lines the article is about."),
        related_name="+",
    )
    treaties = ClusterTaggableManager(
        through=TreatyTaggedPage,
        blank=True,
        verbose_name=_("treaties"),
        help_text=_("The treaties, agreements and protocols the article explains."),
        related_name="+",
    )
    topics = ClusterTaggableManager(
        through=TopicTaggedPage,
        blank=True,
        verbose_name=_("topics"),
        help_text=_("Free topics, e.g. border security or economy and tourism."),
        related_name="+",
    )
    source_name = models.CharField(
        _("source name"),
        max_length=255,
        blank=True,
        help_text=_("For collected news: the press agency or website."),
    )
    source_url = models.URLField(_("original URL"), max_length=1000, blank=True)
    source_date = models.DateTimeField(_("original date"), null=True, blank=True)

    base_form_class = BorderArticleForm

    article_panels = [
        FieldPanel("intro"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("article_kind"),
                FieldPanel("sections"),
                FieldPanel("treaties"),
                FieldPanel("topics"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [FieldPanel("source_name"), FieldPanel("source_url"), FieldPanel("source_date")],
            heading=_("Source"),
            classname="collapsed",
        ),
    ]

    search_fields = [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("sections", [index.SearchField("name")]),
        index.RelatedFields(
            "treaties", [index.SearchField("name"), index.SearchField("full_title")]
        ),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("article_kind"),
    ]

    class Meta:
        abstract = True

    def get_index_page(self) -> BorderIndexMixin | None:
        """The index page this article is listed on (its parent), if it is one."""
        parent = self.get_parent()
        parent = parent.specific if parent else None
        return parent if isinstance(parent, BorderIndexMixin) else None

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["index_page"] = self.get_index_page()
        return context


class BorderArticlePage(BorderArticleMixin, Page):
    content_panels = Page.content_panels + BorderArticleMixin.article_panels
    search_fields = Page.search_fields + BorderArticleMixin.search_fields

    parent_page_types = ["wagtail_borderplan.BorderIndexPage"]
    subpage_types: list[str] = []
    template = "wagtail_borderplan/border_article_page.html"

    class Meta:
        verbose_name = _("border article")
        verbose_name_plural = _("border articles")


class BorderIndexMixin(RoutablePageMixin, models.Model):
    """Lists its live articles newest first, filtered by routes and query strings.

    Routes: ``section/<slug>/``, ``treaty/<slug>/``, ``topic/<slug>/``; each, and the
    index itself, also as ``rss/`` and ``atom/`` feeds. Query strings ``section``,
    ``treaty``, ``topic`` and ``page`` combine with any route.
    """

    intro = RichTextField(_("introduction"), blank=True)

    index_panels = [FieldPanel("intro")]

    class Meta:
        abstract = True

    # Listing -----------------------------------------------------------------

    def get_articles(self) -> models.QuerySet:
        """Live, public articles under this index, newest first.

        ``public()`` leaves out articles behind a view restriction (password, login or
        group), so that a public listing or feed never shows their titles.
        """
        from ..listing import article_model

        return (
            article_model()
            .objects.live()
            .public()
            .descendant_of(self)
            .order_by(models.F("first_published_at").desc(nulls_last=True), "-pk")
        )

    def paginate(self, request: HttpRequest, queryset: models.QuerySet) -> PaginatorPage:
        # get_page() turns a malformed or out-of-range page number into the first or
        # last page instead of an error.
        paginator = Paginator(queryset, get_setting("INDEX_PAGE_SIZE"))
        return paginator.get_page(request.GET.get("page"))

    def filter_url(self, request: HttpRequest | None = None, feed: str = "", **slugs: str) -> str:
        """The canonical URL for a combination of filters (and optionally a feed).

        The first given dimension becomes the route, the others the query string.
        """
        from urllib.parse import urlencode

        from ..listing import DIMENSIONS

        given = [(name, slugs[name]) for name in DIMENSIONS if slugs.get(name)]
        route = ""
        if given:
            name, slug = given.pop(0)
            route = f"{name}/{slug}/"
        if feed:
            route += f"{feed}/"
        url = self.get_url(request) + route
        return url + ("?" + urlencode(given) if given else "")

    def get_listing_context(self, request: HttpRequest, route: dict[str, str]) -> dict[str, Any]:
        from ..listing import resolve_filters, with_taxonomy
        from ..vocabulary import rows_in_language

        filters = resolve_filters(route, request.GET)
        # Built once: public() queries the view restrictions when the queryset is made.
        all_articles = self.get_articles()
        articles = self.paginate(request, with_taxonomy(filters.apply(all_articles)))
        slugs = filters.slugs()
        return {
            "page": self,
            "self": self,
            "filters": filters,
            "articles": articles,
            # In the reader's language, read only if the template shows them.
            "all_sections": SimpleLazyObject(lambda: rows_in_language(Section)),
            "all_treaties": SimpleLazyObject(lambda: rows_in_language(Treaty)),
            "popular_topics": self.popular_topics(all_articles),
            "rss_url": self.filter_url(request, feed="rss", **slugs),
            "atom_url": self.filter_url(request, feed="atom", **slugs),
            "clear_url": self.get_url(request),
        }

    def popular_topics(self, articles: models.QuerySet) -> models.QuerySet:
        """The most used topics among ``articles`` (one query)."""
        article_ids = articles.order_by().values("pk")
        return (
            Tag.objects.filter(borderplan_tagged_pages__content_object__in=article_ids)
            .annotate(uses=models.Count("borderplan_tagged_pages"))
            .order_by("-uses", "name")[: get_setting("INDEX_TOPIC_LIMIT")]
        )

    def render_listing(self, request: HttpRequest, **route: str) -> HttpResponse:
        context = self.get_context(request)
        context.update(self.get_listing_context(request, route))
        return TemplateResponse(request, self.get_template(request), context)

    @path("", name="index")
    @path("section/<str:section>/", name="section")
    @path("treaty/<str:treaty>/", name="treaty")
    @path("topic/<str:topic>/", name="topic")
    def listing_view(self, request: HttpRequest, **route: str) -> HttpResponse:
        return self.render_listing(request, **route)

    # Feeds -------------------------------------------------------------------

    # Routes win over child slugs in RoutablePageMixin, so the feed route names its
    # formats: an article slugged "news" must still be reachable.
    @re_path(r"^(?P<feed>rss|atom)/$", name="feed")
    @re_path(r"^section/(?P<section>[^/]+)/(?P<feed>rss|atom)/$", name="section_feed")
    @re_path(r"^treaty/(?P<treaty>[^/]+)/(?P<feed>rss|atom)/$", name="treaty_feed")
    @re_path(r"^topic/(?P<topic>[^/]+)/(?P<feed>rss|atom)/$", name="topic_feed")
    def feed_view(self, request: HttpRequest, feed: str, **route: str) -> HttpResponse:
        from ..feeds import ArticleFeed

        return ArticleFeed(self, feed, route)(request)


class BorderIndexPage(BorderIndexMixin, Page):
    content_panels = Page.content_panels + BorderIndexMixin.index_panels
    search_fields = Page.search_fields

    subpage_types = [get_setting("ARTICLE_MODEL")]
    template = "wagtail_borderplan/border_index_page.html"

    class Meta:
        verbose_name = _("border article index")
        verbose_name_plural = _("border article indexes")
