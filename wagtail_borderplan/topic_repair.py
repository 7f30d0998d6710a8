"""Repair the topics that Wagtail's tag widget split at commas (issue 10).

Until the topic field became one topic per line, the page editor round-tripped a topic
through jQuery tag-it: the server wrote ``"Kinh tế, du lịch"`` (quoted), tag-it split
that value at the comma, and taggit parsed what came back into junk tags such as
``Kinh tế,``, ``du lịch``, ``du``, ``lịch``, ``,`` or ``"Kinh tế``. This module finds
those fragments on pages (their rows, and the revisions that will still be published or
edited) and puts the whole name back, then deletes the junk tags nothing uses any more.

Everything is computed first (:func:`plan_repair`, read only, used by ``--dry-run``)
and then written (:func:`apply_repair`), so the dry run prints exactly what a run does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models, transaction
from django.db.models import Q
from wagtail.models import Revision

from .compat import Page
from .models.taxonomy import TopicTaggedPage

# The child relation's accessor: the key modelcluster writes in ``Revision.content``,
# each item ``{"pk": row id or None, "tag": tag id, "content_object": page id}``.
TOPIC_RELATION = TopicTaggedPage._meta.get_field("content_object").remote_field.related_name
Tag: type[models.Model] = TopicTaggedPage._meta.get_field("tag").related_model

_EDGES = re.compile(r'^[\s",]+|[\s",]+$')
_SPACES = re.compile(r"\s+")


def clean_name(name: str) -> str:
    """The name without the whitespace, double quotes and commas the split left at its
    edges, in NFC with single spaces: ``' "Kinh tế,'`` -> ``'Kinh tế'``."""
    name = unicodedata.normalize("NFC", name)
    return _SPACES.sub(" ", _EDGES.sub("", name))


def name_key(name: str) -> str:
    """What two names are compared by: the clean name, case-folded (taggit matches topic
    names case-insensitively here, ``TAGGIT_CASE_INSENSITIVE``)."""
    return clean_name(name).casefold()


def name_parts(name: str) -> tuple[str, ...]:
    """The keys of a name's comma-separated parts; empty unless it has two or more."""
    parts = tuple(name_key(part) for part in clean_name(name).split(","))
    return parts if len(parts) > 1 and all(parts) else ()


@dataclass(frozen=True)
class Vocabulary:
    """The topic tags as the repair sees them."""

    names: dict[int, str]
    # Genuine names (a comma inside, e.g. "Kinh tế, du lịch"): tag id -> part keys.
    genuine: dict[int, tuple[str, ...]]
    # Tags whose name is not clean ('du lịch"') -> the tag that carries the clean name.
    canonical: dict[int, int]
    # Tags to rename to their clean name: no tag carries it yet.
    renames: dict[int, str]

    def key(self, tag_id: int) -> str:
        return name_key(self.names.get(tag_id, ""))

    @cached_property
    def fragment_keys(self) -> set[str]:
        """Keys of the genuine names' parts and of the parts' words (taggit split a
        value without an unquoted comma at spaces: "du lịch" came back as "du", "lịch")."""
        keys: set[str] = set()
        for parts in self.genuine.values():
            for part in parts:
                keys.add(part)
                keys.update(part.split(" "))
        return keys

    def is_junk(self, tag_id: int) -> bool:
        """Empty once cleaned, not clean, or a fragment of a genuine name."""
        name = self.names[tag_id]
        return (
            not clean_name(name)
            or clean_name(name) != name
            or self.key(tag_id) in self.fragment_keys
        )


def load_vocabulary() -> Vocabulary:
    """Every tag, with the genuine names and the clean tag of each unclean one."""
    names: dict[int, str] = dict(Tag.objects.values_list("pk", "name"))
    genuine: dict[int, tuple[str, ...]] = {}
    for pk, name in names.items():
        if clean_name(name) == name and (parts := name_parts(name)):
            genuine[pk] = parts
    # The clean tags by key; a non-clean tag maps to one, or is renamed when none exists
    # (the first of several that clean to the same name, the others map to it).
    by_key: dict[str, int] = {}
    for pk, name in sorted(names.items()):
        if clean_name(name) == name:
            by_key.setdefault(name_key(name), pk)
    canonical: dict[int, int] = {}
    renames: dict[int, str] = {}
    for pk, name in sorted(names.items()):
        cleaned = clean_name(name)
        if cleaned and cleaned != name:
            target = by_key.setdefault(name_key(name), pk)
            if target == pk:
                renames[pk] = cleaned
            else:
                canonical[pk] = target
    return Vocabulary(names=names, genuine=genuine, canonical=canonical, renames=renames)


def _covers(parts: tuple[str, ...], keys: set[str]) -> bool:
    """Whether tags with these keys carry every part (whole, or word by word)."""
    return all(part in keys or set(part.split(" ")) <= keys for part in parts)


def repair_tag_ids(tag_ids: Sequence[int], vocabulary: Vocabulary) -> list[int]:
    """One page's (or revision's) topics, repaired, in their order.

    A genuine name whose every part the topics carry replaces those fragments (in the
    place of its first); fragments of a name not wholly present are left, since they
    may be topics of their own ("du lịch"); empty names go; other unclean names become
    their clean tag.
    """
    keys = {vocabulary.key(pk) for pk in tag_ids}
    covered = [pk for pk, parts in vocabulary.genuine.items() if _covers(parts, keys)]
    # Of genuine names covered by the same fragments, keep the longest ("A, B, C" over
    # "A, B"), and one per set of parts.
    chosen: dict[frozenset[str], int] = {}
    for pk in sorted(covered, key=lambda pk: (pk not in tag_ids, pk)):
        parts = frozenset(vocabulary.genuine[pk])
        if not any(parts < frozenset(vocabulary.genuine[other]) for other in covered):
            chosen.setdefault(parts, pk)
    # Each fragment's key -> the name it is a part (or a word of a part) of.
    owner: dict[str, int] = {}
    for parts, whole in chosen.items():
        for part in parts:
            for key in [part] if part in keys else part.split(" "):
                owner.setdefault(key, whole)

    repaired: list[int] = []
    for pk in tag_ids:
        key = vocabulary.key(pk)
        if not key:
            continue
        replacement = owner.get(key, vocabulary.canonical.get(pk, pk))
        if replacement not in repaired:
            repaired.append(replacement)
    return repaired + [pk for pk in chosen.values() if pk not in repaired]


@dataclass
class PageRepair:
    page_id: int
    title: str
    before: list[int]
    after: list[int]


@dataclass
class RevisionRepair:
    revision_id: int
    page_id: int
    title: str
    before: list[int]
    after: list[int]
    content: dict


@dataclass
class RepairPlan:
    vocabulary: Vocabulary
    pages: list[PageRepair] = field(default_factory=list)
    revisions: list[RevisionRepair] = field(default_factory=list)
    renames: dict[int, str] = field(default_factory=dict)
    deletions: list[int] = field(default_factory=list)

    def names(self, tag_ids: Iterable[int]) -> list[str]:
        return [self.vocabulary.names[pk] for pk in tag_ids]


def _revisions_to_repair() -> models.QuerySet:
    """The revisions whose topics still matter: each page's latest (the draft editors
    open), its live one (what history compares with and what a rollback restores) and
    every scheduled one (what will go live)."""
    pages = Page.objects.all()
    return (
        Revision.page_revisions.filter(
            Q(pk__in=pages.values("latest_revision"))
            | Q(pk__in=pages.values("live_revision"))
            | Q(approved_go_live_at__isnull=False)
        )
        .filter(content__has_key=TOPIC_RELATION)
        .order_by("pk")
    )


def _tags_in_use(tag_ids: set[int], exclude: type[models.Model]) -> set[int]:
    """Which of these tags any model relating to ``Tag`` uses, but ``exclude``: taggit's
    tags are shared with other apps (images, documents, content lines, your models).

    Every many-to-many has a through model with a foreign key to ``Tag`` (hidden for
    auto-created ones), so following the foreign keys covers them all.
    """
    used: set[int] = set()
    for relation in Tag._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        if model is exclude or not tag_ids - used:
            continue
        lookup = relation.field.name
        used.update(
            model._base_manager.filter(**{f"{lookup}__in": tag_ids - used}).values_list(
                lookup, flat=True
            )
        )
    return used


def plan_repair(*, lock: bool = False) -> RepairPlan:
    """Work out every change without writing anything. ``lock`` takes row locks on the
    revisions to rewrite (inside the run's transaction), so that an editor's autosave
    waits rather than being overwritten."""
    vocabulary = load_vocabulary()
    plan = RepairPlan(vocabulary=vocabulary)
    junk = {pk for pk in vocabulary.names if vocabulary.is_junk(pk)}
    if not junk:
        return plan
    # Rows: the topics of every page (live pages, aliases, never-published drafts).
    damaged_pages = set(
        TopicTaggedPage.objects.filter(tag__in=junk).values_list("content_object", flat=True)
    )
    rows: dict[int, list[int]] = {}
    for page_id, tag_id in (
        TopicTaggedPage.objects.filter(content_object__in=damaged_pages)
        .order_by("pk")
        .values_list("content_object", "tag")
    ):
        rows.setdefault(page_id, []).append(tag_id)
    after_rows: dict[int, list[int]] = {}
    for page_id, tag_ids in sorted(rows.items()):
        after_rows[page_id] = repaired = repair_tag_ids(tag_ids, vocabulary)
        if repaired != tag_ids:
            plan.pages.append(PageRepair(page_id, "", tag_ids, repaired))

    # Revisions: their topics are in the JSON, not in rows.
    revisions = _revisions_to_repair()
    if lock:
        revisions = revisions.select_for_update()
    in_revisions: set[int] = set()
    for revision in revisions.only("pk", "object_id", "content").iterator(chunk_size=500):
        items = (revision.content or {}).get(TOPIC_RELATION)
        if not items:
            continue
        tag_ids = [item.get("tag") for item in items if item.get("tag") in vocabulary.names]
        repaired = repair_tag_ids(tag_ids, vocabulary)
        in_revisions.update(repaired)
        if repaired == tag_ids:
            continue
        page_id = int(revision.object_id)
        kept = {item["tag"]: item for item in items if item.get("tag") in repaired}
        content = {
            **revision.content,
            # A topic the repair adds has no row in this revision: pk None, as Wagtail
            # itself writes a topic added in the editor; publishing inserts its row.
            TOPIC_RELATION: [
                kept.get(pk, {"pk": None, "tag": pk, "content_object": page_id}) for pk in repaired
            ],
        }
        plan.revisions.append(RevisionRepair(revision.pk, page_id, "", tag_ids, repaired, content))

    # Tags: junk that nothing uses once the pages and revisions are repaired.
    still_ours = {pk for tag_ids in after_rows.values() for pk in tag_ids} | in_revisions
    candidates = junk - still_ours
    if candidates:
        # Our rows of junk tags are all on the damaged pages, counted above.
        plan.deletions = sorted(candidates - _tags_in_use(candidates, exclude=TopicTaggedPage))
    # Only the tags our pages keep: other apps' tags are theirs to rename.
    plan.renames = {pk: name for pk, name in vocabulary.renames.items() if pk in still_ours}
    # The titles editors know the pages by (a draft's latest title).
    titles = dict(
        Page.objects.filter(
            pk__in={change.page_id for change in [*plan.pages, *plan.revisions]}
        ).values_list("pk", "draft_title")
    )
    for change in [*plan.pages, *plan.revisions]:
        change.title = titles.get(change.page_id, "")
    return plan


def apply_repair(plan: RepairPlan) -> None:
    """Write the plan, in the caller's transaction.

    Revisions are rewritten in place, never added: a new revision would become the
    latest under nobody's name, hide the editor's own last edit in the history, and a
    scheduled revision would lose its approval and place in a workflow (Wagtail
    overwrites revisions in place too, when it autosaves).
    """
    for pk, name in plan.renames.items():
        Tag.objects.filter(pk=pk).update(name=name)
    for page in plan.pages:
        removed = set(page.before) - set(page.after)
        TopicTaggedPage.objects.filter(content_object=page.page_id, tag__in=removed).delete()
        TopicTaggedPage.objects.bulk_create(
            TopicTaggedPage(content_object_id=page.page_id, tag_id=pk)
            for pk in page.after
            if pk not in page.before
        )
    for revision in plan.revisions:
        Revision.objects.filter(pk=revision.revision_id).update(content=revision.content)
    Tag.objects.filter(pk__in=plan.deletions).delete()
    if plan.pages:
        page_ids = [page.page_id for page in plan.pages]
        transaction.on_commit(lambda: _reindex(page_ids))


def _reindex(page_ids: list[int]) -> None:
    """The search index holds each page's topic names."""
    from wagtail.search.index import insert_or_update_object

    for page in Page.objects.filter(pk__in=page_ids).specific():
        insert_or_update_object(page)
