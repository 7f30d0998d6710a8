"""The collector: every active feed source fetched, each new item turned into a draft
article and a "collected" calendar entry, each in its own transaction.

An item is imported once: its row in ``CollectedItem`` is unique per source and key, and
is written in the transaction that creates the article, so two collectors running at
once cannot both import it. A failing item is recorded and never stops the others.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import feedparser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from taggit.models import Tag

from ..actions.articles import CollectArticleAction, Draft, lock_index
from ..conf import get_setting
from ..listing import article_model
from ..models import Channel, CollectedItem, CollectedStatus, FeedSource, Plan, Unit
from ..models.collecting import item_key_hash
from ..models.planning import PlanStatus
from ..models.taxonomy import vietnamese_slugify
from .fetch import FetchError, fetch
from .images import ImageCollector
from .items import FeedItem, ItemError, entry_key, read_entry
from .press import propose_deliveries
from .sanitize import SanitizeError, sanitize_html

logger = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
KEY_BATCH = 1000


@dataclass
class SourceResult:
    source: FeedSource
    imported: list[CollectedItem] = field(default_factory=list)
    failed: list[CollectedItem] = field(default_factory=list)
    skipped: int = 0  # imported by an earlier run
    taken: int = 0  # imported meanwhile by another collector running at the same time
    new: int = 0  # with --dry-run: the items that would be imported
    seen: list[FeedItem] = field(default_factory=list)  # new readable items of this run
    proposed: list = field(default_factory=list)  # deliveries proposed from them
    error: str = ""  # the feed itself could not be read: nothing was imported
    not_modified: bool = False

    @property
    def ok(self) -> bool:
        return not self.error and not self.failed


class FeedError(Exception):
    """The feed as a whole is unusable; nothing of it is imported."""


def collect_all(sources=None, *, dry_run: bool = False) -> list[SourceResult]:
    """Collect every active source (or the given ones); one failing source, whatever
    the reason, is recorded and never stops the others."""
    if sources is None:
        sources = FeedSource.objects.filter(active=True)
    results = []
    for source in sources:
        try:
            results.append(collect_source(source, dry_run=dry_run))
        except Exception as error:
            logger.exception("Collecting %s failed", source.feed_url)
            result = SourceResult(source, error=unexpected(error))
            if not dry_run:
                FeedSource.objects.filter(pk=source.pk).update(
                    last_fetched_at=timezone.now(), last_error=result.error
                )
            results.append(result)
    return results


def unexpected(error: Exception) -> str:
    detail = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    return _("Unexpected error: %(error)s") % {"error": detail[:500]}


def source_plan(source: FeedSource):
    """The source's plan if it is active today, else the active plan of the day."""
    today = timezone.localdate()
    plan = source.plan
    if plan is not None:
        if plan.status != PlanStatus.ACTIVE or not plan.period_start <= today <= plan.period_end:
            raise FeedError(
                _("The plan “%(plan)s” is not active today: choose another plan for this source.")
                % {"plan": plan}
            )
        return plan
    plan = Plan.objects.active_on(today)
    if plan is None:
        raise FeedError(
            _("No active plan covers today: choose a plan for this source or activate one.")
        )
    return plan


def collect_source(source: FeedSource, *, dry_run: bool = False) -> SourceResult:
    result = SourceResult(source)
    now = timezone.now()
    # While items of this source are failing, fetch the whole feed: a 304 would hide
    # them until the agency changes the feed, and nobody could retry them.
    retrying = CollectedItem.objects.filter(source=source, status=CollectedStatus.FAILED).exists()
    conditional = not dry_run and not retrying
    try:
        fetched = fetch(
            source.feed_url,
            max_bytes=get_setting("COLLECT_FEED_MAX_BYTES"),
            etag=source.etag if conditional else "",
            last_modified=source.last_modified if conditional else "",
            accept=FEED_ACCEPT,
            public_only=True,
        )
        if fetched.not_modified:
            result.not_modified = True
            if not dry_run:
                # Nothing new: the last error, if any, still stands.
                FeedSource.objects.filter(pk=source.pk).update(
                    last_fetched_at=now, last_success_at=now
                )
            return result
        entries = parse_feed(fetched.content, fetched.headers, fetched.url)
        plan = source_plan(source) if entries else None
    except (FetchError, FeedError) as error:
        result.error = str(error)
        if not dry_run:
            FeedSource.objects.filter(pk=source.pk).update(
                last_fetched_at=now, last_error=str(error)
            )
        return result

    _import_entries(source, entries, plan, result, dry_run=dry_run)
    if not dry_run:
        result.proposed = _propose(source, result.seen)
        FeedSource.objects.filter(pk=source.pk).update(
            last_fetched_at=now,
            last_success_at=now,
            last_error=_summary(result),
            etag=fetched.headers.get("etag", "")[:255],
            last_modified=fetched.headers.get("last-modified", "")[:100],
        )
    return result


def _propose(source: FeedSource, items: list[FeedItem]) -> list:
    """The agency's deliveries its new items show; a failure here is logged and never
    undoes the import."""
    try:
        return propose_deliveries(source, items)
    except Exception:
        logger.exception("Proposing deliveries from %s failed", source.feed_url)
        return []


def parse_feed(content: bytes, headers: dict[str, str], url: str) -> list:
    """The entries of a feed document; :class:`FeedError` if it is not a readable feed.

    feedparser's own HTML sanitising is off: one policy (``sanitize.py``) decides what
    an article keeps, for feeds and pasted HTML alike."""
    content = _repair_utf8(content, headers)
    parsed = feedparser.parse(
        content,
        response_headers={"content-type": headers.get("content-type", "application/xml")},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    problem = parsed.get("bozo_exception")
    # A wrong encoding declaration that feedparser could still decode is not fatal;
    # broken XML is: a truncated feed would import a random part of itself.
    fatal = problem is not None and not isinstance(
        problem, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType
    )
    if fatal or (not parsed.get("version") and not parsed.entries):
        reason = str(problem) if problem is not None else _("no RSS or Atom elements found")
        raise FeedError(
            _("%(url)s is not a readable RSS or Atom feed (%(reason)s); nothing was imported.")
            % {"url": url, "reason": reason[:300]}
        )
    return parsed.entries


_XML_DECLARATION = re.compile(
    rb"^(\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)", re.I
)


def _repair_utf8(content: bytes, headers: dict[str, str]) -> bytes:
    """A UTF-8 feed with a few invalid bytes, made valid with U+FFFD in their place.

    Left to itself, feedparser decodes the *whole* document as Windows-1252 when one
    item has a stray byte, garbling every Vietnamese title; this way only the item that
    holds the bad bytes is refused (see ``items.read_entry``)."""
    declared = ""
    if match := _XML_DECLARATION.match(content[:200]):
        declared = match.group(2).decode("ascii").lower()
    charset = headers.get("content-type", "").partition("charset=")[2].strip(" \"'").lower()
    if (charset or declared or "utf-8") not in ("utf-8", "utf8"):
        return content
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("utf-8", errors="replace").encode("utf-8")
    return content


def _import_entries(source, entries, plan, result: SourceResult, *, dry_run: bool) -> None:
    items: list[FeedItem | tuple[str, str]] = []
    seen: set[str] = set()
    for entry in entries:
        key = entry_key(entry, source.feed_url)
        if key in seen:  # the same item twice in one feed
            continue
        seen.add(key)
        try:
            items.append(read_entry(entry, source.feed_url))
        except ItemError as error:
            items.append((key, str(error)))
    keys = [i.key if isinstance(i, FeedItem) else i[0] for i in items]
    done = _imported_keys(source, keys)
    # Agencies publish overlapping feeds: an article already imported from another
    # source (same link) is not imported again.
    links = [i.link for i in items if isinstance(i, FeedItem) and i.link]
    elsewhere = _links_imported_elsewhere(source, links)
    context = _SourceContext.build(source, plan, items) if not dry_run else None
    for item, key in zip(items, keys, strict=True):
        if item_key_hash(key) in done or (isinstance(item, FeedItem) and item.link in elsewhere):
            result.skipped += 1
            continue
        if dry_run:
            result.new += isinstance(item, FeedItem)
            continue
        title, link = (item.title, item.link) if isinstance(item, FeedItem) else ("", "")
        if isinstance(item, FeedItem):
            result.seen.append(item)
        try:
            if isinstance(item, tuple):
                raise ItemError(item[1])
            result.imported.append(_import_item(source, item, context))
        except _AlreadyImported:
            result.taken += 1
            continue
        except (ItemError, SanitizeError) as error:
            message = str(error)
        except Exception as error:
            logger.exception("Importing %s from %s failed", key, source.feed_url)
            message = unexpected(error)
        else:
            continue
        failed = _record_failure(source, key, title, link, message)
        if failed is None:
            result.taken += 1
        else:
            result.failed.append(failed)


def _links_imported_elsewhere(source, links: list[str]) -> set[str]:
    """Links already imported from another source, or already the original URL of an
    article (pasted by hand, or collected by a source since deleted)."""
    found: set[str] = set()
    for start in range(0, len(links), KEY_BATCH):
        batch = links[start : start + KEY_BATCH]
        found.update(
            CollectedItem.objects.filter(link__in=batch, status=CollectedStatus.IMPORTED)
            .exclude(source=source)
            .values_list("link", flat=True)
        )
        # (An item of this source whose GUID changed is the same article too.)
        found.update(
            article_model()
            .objects.filter(source_url__in=batch)
            .values_list("source_url", flat=True)
        )
    return found


def _imported_keys(source, keys: list[str]) -> set[str]:
    hashes = [item_key_hash(key) for key in keys]
    found: set[str] = set()
    for start in range(0, len(hashes), KEY_BATCH):
        found.update(
            CollectedItem.objects.filter(
                source=source,
                status=CollectedStatus.IMPORTED,
                key_hash__in=hashes[start : start + KEY_BATCH],
            ).values_list("key_hash", flat=True)
        )
    return found


@dataclass
class _SourceContext:
    """What every item of one source shares, read once per feed."""

    plan: object
    unit: object
    channels: list
    treaties: list
    topics: list
    topics_by_slug: dict[str, Tag]

    @classmethod
    def build(cls, source: FeedSource, plan, items) -> _SourceContext:
        terms = {term for item in items if isinstance(item, FeedItem) for term in item.categories}
        topics_by_slug: dict[str, Tag] = {}
        if terms:
            # Tags made in Wagtail's tag field keep their accents in the slug ("phân-giới"),
            # tags made elsewhere may not: look them up every way, match by name.
            candidates = Tag.objects.filter(
                Q(name__in=terms)
                | Q(slug__in={vietnamese_slugify(t) for t in terms})
                | Q(slug__in={slugify(t, allow_unicode=True) for t in terms})
            )
            topics_by_slug = {vietnamese_slugify(tag.name): tag for tag in candidates}
        return cls(
            plan=plan,
            unit=source.unit or Unit.objects.ict_centre(),
            channels=list(Channel.objects.receiving(source.index_page)),
            treaties=list(source.treaties.all()),
            topics=list(source.topics.all()),
            topics_by_slug=topics_by_slug,
        )

    def topics_for(self, source: FeedSource, item: FeedItem) -> tuple[list, list[str]]:
        topics, unknown = list(self.topics), []
        for term in item.categories:
            tag = self.topics_by_slug.get(vietnamese_slugify(term))
            if tag is not None:
                topics.append(tag)
            elif source.categories_to_topics:
                topics.append(term[:100])
            else:
                unknown.append(term)
        return topics, unknown


class _AlreadyImported(Exception):
    pass


def _import_item(source: FeedSource, item: FeedItem, context: _SourceContext) -> CollectedItem:
    images = ImageCollector()
    # Network first, outside the transaction: downloads never hold database locks.
    cleaned = sanitize_html(
        item.body_html, base_url=item.link or source.feed_url, embed_image=images.embed
    )
    lead_token = None
    if item.image_urls and not images.downloads:
        lead_token = images.lead(item.image_urls[0], item.title)
    topics, unknown = context.topics_for(source, item)
    warnings = [*images.problems, *cleaned.dropped]
    if unknown:
        warnings.append(
            _("Categories with no topic of that name: %(names)s") % {"names": ", ".join(unknown)}
        )
    try:
        with transaction.atomic():
            index = lock_index(source.index_page)  # first: claims wait for the index
            record = _claim(source, item, "\n".join(warnings))
            body, stored = images.store(cleaned.html)
            page, entry = CollectArticleAction(
                Draft(
                    title=item.title,
                    intro=item.intro,
                    body=body,
                    source_name=source.name,
                    source_url=item.link,
                    source_date=item.published,
                    sections=[source.section] if source.section_id else [],
                    treaties=context.treaties,
                    topics=topics,
                    lead_image=stored.get(lead_token) if lead_token else None,
                ),
                index,
                plan=context.plan,
                content_line=source.content_line,
                unit=context.unit,
                channels=context.channels,
                log_data={"feed_source": source.pk},
                index_locked=True,
            ).execute(savepoint=False)  # this item's transaction is the unit of work
            record.page, record.entry = page, entry
            record.save(update_fields=["page", "entry"])
    except BaseException:
        images.discard()
        raise
    return record


def _claim(source: FeedSource, item: FeedItem, warnings: str) -> CollectedItem:
    """The item's row, written first: the unique constraint makes a second collector
    wait for this transaction, then find the item taken."""
    fields = {"title": item.title[:255], "link": item.link, "warnings": warnings}
    failed = (
        CollectedItem.objects.select_for_update()
        .filter(source=source, key_hash=item_key_hash(item.key))
        .first()
    )
    if failed is not None:
        if failed.status == CollectedStatus.IMPORTED:
            raise _AlreadyImported
        for name, value in fields.items():
            setattr(failed, name, value)
        # The row is locked: a plain increment is safe.
        failed.status, failed.error, failed.attempts = (
            CollectedStatus.IMPORTED,
            "",
            failed.attempts + 1,
        )
        failed.save()
        return failed
    try:
        with transaction.atomic():
            return CollectedItem.objects.create(
                source=source, key=item.key, status=CollectedStatus.IMPORTED, **fields
            )
    except IntegrityError:
        raise _AlreadyImported from None


def _record_failure(source, key: str, title: str, link: str, message: str) -> CollectedItem | None:
    """Keep the failure (and count attempts) without ever touching an imported item;
    None when the item turns out to be imported (by another collector, meanwhile)."""
    key_hash = item_key_hash(key)
    fields = {"title": title[:255], "link": link[:1000], "error": message}
    with transaction.atomic():
        updated = CollectedItem.objects.filter(
            source=source, key_hash=key_hash, status=CollectedStatus.FAILED
        ).update(attempts=F("attempts") + 1, updated_at=timezone.now(), **fields)
        if not updated:
            try:
                with transaction.atomic():
                    CollectedItem.objects.create(
                        source=source, key=key, status=CollectedStatus.FAILED, **fields
                    )
            except IntegrityError:
                pass  # imported meanwhile by another collector
    row = CollectedItem.objects.get(source=source, key_hash=key_hash)
    return None if row.status == CollectedStatus.IMPORTED else row


def _summary(result: SourceResult) -> str:
    if not result.failed:
        return ""
    return ngettext(
        "%(count)s item could not be imported; see the collected items.",
        "%(count)s items could not be imported; see the collected items.",
        len(result.failed),
    ) % {"count": len(result.failed)}
