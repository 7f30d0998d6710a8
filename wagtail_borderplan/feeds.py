"""RSS 2.0 and Atom feeds of an index page, for any combination of filters."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from .conf import get_setting
from .listing import ArticleFilters, resolve_filters, with_taxonomy
from .vocabulary import Vocabularies

if TYPE_CHECKING:
    from .models.pages import BorderArticleMixin, BorderIndexMixin

FEEDS: dict[str, type[SyndicationFeed]] = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


class ArticleFeed(Feed):
    """Django's syndication view over an index page's filtered articles."""

    def __init__(self, index: BorderIndexMixin, feed: str, route: dict[str, str]) -> None:
        super().__init__()
        self.index = index
        self.feed = feed
        self.feed_type = FEEDS[feed]
        self.route = route
        self.request: HttpRequest | None = None
        self.filters = ArticleFilters()
        self.in_language = Vocabularies()

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> BorderIndexMixin:
        self.request = request
        self.filters = resolve_filters(self.route, request.GET)
        return self.index

    def title(self, index: BorderIndexMixin) -> str:
        names = [str(value) for value in self.filters.as_dict().values() if value]
        return " – ".join([index.title, *names])

    def link(self, index: BorderIndexMixin) -> str:
        return index.filter_url(self.request, **self.filters.slugs())

    def feed_url(self, index: BorderIndexMixin) -> str:
        return index.filter_url(self.request, feed=self.feed, **self.filters.slugs())

    def description(self, index: BorderIndexMixin) -> str:
        return _("The latest border articles of %(site)s") % {"site": index.title}

    def portal_name(self, index: BorderIndexMixin) -> str:
        """The name of the portal (Wagtail Site) serving the feed, else the index's title."""
        from wagtail.models import Site

        site = Site.find_for_request(self.request) if self.request else None
        return (site.site_name if site else "") or index.title

    def author_name(self, index: BorderIndexMixin) -> str:
        # Atom (RFC 4287) requires an author on the feed or on every entry.
        return self.portal_name(index)

    def item_author_name(self, item: BorderArticleMixin) -> str:
        # Collected news is the agency's; the portal's own articles are the portal's.
        return item.source_name or self.portal_name(self.index)

    def items(self, index: BorderIndexMixin) -> list[BorderArticleMixin]:
        queryset = with_taxonomy(self.filters.apply(index.get_articles()))
        return list(queryset[: get_setting("FEED_ITEMS")])

    def item_title(self, item: BorderArticleMixin) -> str:
        return item.title

    def item_description(self, item: BorderArticleMixin) -> str:
        return item.intro

    def item_link(self, item: BorderArticleMixin) -> str:
        return item.get_full_url(self.request)

    def item_guid(self, item: BorderArticleMixin) -> str:
        return item.get_full_url(self.request)

    def item_pubdate(self, item: BorderArticleMixin) -> datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: BorderArticleMixin) -> datetime | None:
        return item.last_published_at

    def item_categories(self, item: BorderArticleMixin) -> list[str]:
        # Read from the prefetched .all(): .names() would query once per item. Sections
        # and treaties as the feed's language names them (one query each per feed).
        named = [self.in_language(tag) for tag in (*item.sections.all(), *item.treaties.all())]
        return [tag.name for tag in (*named, *item.topics.all())]
