from .pages import (
    ArticleKind,
    BorderArticleMixin,
    BorderArticlePage,
    BorderIndexMixin,
    BorderIndexPage,
)
from .taxonomy import (
    Section,
    SectionTaggedPage,
    TopicTaggedPage,
    Treaty,
    TreatyKind,
    TreatyTaggedPage,
)

__all__ = [
    "ArticleKind",
    "BorderArticleMixin",
    "BorderArticlePage",
    "BorderIndexMixin",
    "BorderIndexPage",
    "Section",
    "SectionTaggedPage",
    "TopicTaggedPage",
    "Treaty",
    "TreatyKind",
    "TreatyTaggedPage",
]
