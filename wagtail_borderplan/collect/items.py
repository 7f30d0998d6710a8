"""One feed entry, read and checked: what an article needs, or a clear reason why not."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

from ..conf import get_setting
from .fetch import megabytes
from .sanitize import html_to_text

# Characters no database column or HTML page should hold (NUL breaks PostgreSQL).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
TITLE_LENGTH = 255
LINK_LENGTH = 1000  # the article's source_url
INTRO_LENGTH = 600


# Text that reads as a tag once entities are decoded ("&lt;img onerror=…&gt;"): harmless
# in our escaped templates, but RSS readers treat descriptions as HTML.
_TAG_LIKE = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>]*(?:>|$)")


def plain_text(html: str, max_length: int | None = None) -> str:
    """The text of ``html`` for a title or an intro: no markup, nor anything that would
    become markup if a reader decoded it as HTML; cut at a word with "…"."""
    text = html_to_text(html)
    if "<" in text:
        text = " ".join(_TAG_LIKE.sub(" ", text).split())
    if max_length is None or len(text) <= max_length:
        return text
    cut = text[: max_length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


class ItemError(Exception):
    """An item that cannot be imported; the message is translated and says why."""


def clean_text(value: str) -> str:
    return _CONTROL.sub("", value or "")


@dataclass
class FeedItem:
    key: str  # the GUID, else the link: what makes an item the same item
    title: str
    link: str = ""
    published: datetime | None = None
    summary_html: str = ""
    content_html: str = ""
    categories: list[str] = field(default_factory=list)
    image_urls: list[str] = field(default_factory=list)  # enclosures and media:content

    @property
    def intro(self) -> str:
        return plain_text(self.summary_html or self.content_html, INTRO_LENGTH)

    @property
    def body_html(self) -> str:
        return self.content_html or self.summary_html


def http_url(value: str, base: str = "") -> str:
    """``value`` as an absolute http(s) URL, or "" when it is anything else."""
    value = clean_text(value).strip()
    if not value:
        return ""
    absolute = urljoin(base, value) if base else value
    return absolute if urlsplit(absolute).scheme.lower() in ("http", "https") else ""


def entry_key(entry: dict, feed_url: str) -> str:
    """What makes an item the same item from one run to the next: its GUID, else its
    absolute link, else (to keep one failure row per bad item) a digest of its text."""
    key = clean_text(entry.get("id", "")).strip() or http_url(entry.get("link", ""), feed_url)
    if key:
        return key
    text = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "no-id:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def read_entry(entry: dict, feed_url: str) -> FeedItem:
    """A feedparser entry as a :class:`FeedItem`; raises :class:`ItemError`."""
    link = http_url(entry.get("link", ""), feed_url)
    key = entry_key(entry, feed_url)
    title = plain_text(clean_text(entry.get("title", "")), TITLE_LENGTH)
    if key.startswith("no-id:"):
        raise ItemError(_("The item has neither a GUID nor a link, so it cannot be told apart."))
    if len(link) > LINK_LENGTH:
        raise ItemError(
            _("The item's link is longer than %(count)s characters.") % {"count": LINK_LENGTH}
        )
    if not title:
        raise ItemError(_("The item has no title."))
    if any("\ufffd" in str(entry.get(name, "")) for name in ("title", "summary", "content")):
        raise ItemError(
            _("The item holds bytes that are not valid text in the feed's encoding (UTF-8).")
        )
    item = FeedItem(key=key, title=title, link=link, published=_published(entry))
    item.summary_html = clean_text(entry.get("summary", ""))
    contents = entry.get("content") or []
    html = [c for c in contents if c.get("type", "") in ("text/html", "application/xhtml+xml")]
    if html or contents:
        item.content_html = clean_text((html or contents)[0].get("value", ""))
    limit = get_setting("COLLECT_HTML_MAX_BYTES")
    size = len(item.content_html.encode("utf-8")) + len(item.summary_html.encode("utf-8"))
    if size > limit:
        raise ItemError(
            _("The item's text is %(size)s, more than the limit of %(limit)s.")
            % {"size": megabytes(size), "limit": megabytes(limit)}
        )
    item.categories = [
        term for tag in entry.get("tags") or [] if (term := clean_text(tag.get("term", "")).strip())
    ]
    for media in [*(entry.get("enclosures") or []), *(entry.get("media_content") or [])]:
        kind = media.get("type", "") or media.get("medium", "")
        url = http_url(media.get("href") or media.get("url") or "", link or feed_url)
        if url and kind.startswith("image") and url not in item.image_urls:
            item.image_urls.append(url)
    return item


def _published(entry: dict) -> datetime | None:
    for name in ("published", "updated"):
        raw = entry.get(name)
        if not raw:
            continue
        parsed = entry.get(f"{name}_parsed")
        if parsed is None:
            raise ItemError(_("The item's date %(date)r could not be read.") % {"date": raw[:100]})
        try:
            # feedparser gives the time in UTC.
            return datetime(*parsed[:6], tzinfo=UTC)
        except (TypeError, ValueError, OverflowError):
            raise ItemError(
                _("The item's date %(date)r is not a valid date.") % {"date": raw[:100]}
            ) from None
    return None
