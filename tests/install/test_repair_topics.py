"""``borderplan_repair_topics``: the topics that Wagtail's old tag widget split at commas
are put back whole, on pages and on their latest, live and scheduled revisions, and the
junk tags nothing uses are deleted (issue 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from taggit.models import Tag
from taggit.utils import edit_string_for_tags, parse_tags
from wagtail.documents.models import Document
from wagtail.models import Revision

from tests.factories import make_article
from tests.processes import command_process, database_for_processes, manage_process
from wagtail_borderplan.compat import Page
from wagtail_borderplan.models import BorderArticlePage
from wagtail_borderplan.topic_repair import (
    TOPIC_RELATION,
    load_vocabulary,
    name_key,
    repair_tag_ids,
)

RELATIONS = "Thông tin đối ngoại, hữu nghị"
ECONOMY = "Kinh tế, du lịch"
SECURITY = "An ninh biên giới"


def through_broken_widget(names: list[str]) -> list[str]:
    """The topics the old page editor saved for a page showing ``names``.

    taggit rendered the field as ``"Kinh tế, du lịch"`` (quoted), jQuery tag-it split
    that value at every comma (its ``singleFieldDelimiter``), Wagtail's ``w-tag``
    controller quoted each piece holding a space (``cleanTag``), tag-it posted the pieces
    joined by commas, and taggit parsed the post.
    """
    value = edit_string_for_tags([Tag(name=name) for name in names])
    pieces = [piece.strip() for piece in value.split(",") if piece.strip()]
    pieces = [p if p.startswith('"') or " " not in p else f'"{p}"' for p in pieces]
    return parse_tags(",".join(pieces))


def edit_topics(page: BorderArticlePage) -> list[str]:
    """The topics a page's editor shows: those of its latest revision."""
    return [tag.name for tag in page.get_latest_revision_as_object().topics.all()]


def row_topics(page: Page) -> set[str]:
    return set(
        Tag.objects.filter(borderplan_tagged_pages__content_object=page).values_list(
            "name", flat=True
        )
    )


def revision_topics(revision: Revision) -> set[str]:
    ids = [item["tag"] for item in revision.content[TOPIC_RELATION]]
    names = dict(Tag.objects.filter(pk__in=ids).values_list("pk", "name"))
    assert len(names) == len(ids), "a revision points at a deleted tag"
    return set(names.values())


def database_state() -> dict:
    return {
        "tags": sorted(Tag.objects.values_list("pk", "name")),
        "rows": sorted(
            BorderArticlePage.topics.through.objects.values_list("content_object", "tag")
        ),
        "revisions": sorted(Revision.objects.values_list("pk", "content", "approved_go_live_at")),
    }


@pytest.fixture
def damaged(index):
    """A live article, a draft and a standalone "du lịch" article, as the broken widget
    left them."""
    standalone = make_article(index, "Du lịch cửa khẩu", topics=["du lịch"])
    live = make_article(index, "Hợp tác hữu nghị", topics=[RELATIONS, ECONOMY, SECURITY])
    draft = make_article(index, "Bài nhập về", topics=[ECONOMY], live=False)

    # The editor opened the live article, saved and published it: rows and live revision.
    live = BorderArticlePage.objects.get(pk=live.pk)
    live.topics.set(through_broken_widget(edit_topics(live)))
    live.save_revision().publish()
    # ... then opened it again and scheduled a change: a second round through the widget.
    live = BorderArticlePage.objects.get(pk=live.pk)
    live.topics.set(through_broken_widget(edit_topics(live)))
    live.go_live_at = timezone.now() + timedelta(days=2)
    scheduled = live.save_revision(approved_go_live_at=live.go_live_at)

    # The imported draft, saved once in the editor: only its revision holds the topics.
    # The "," is one of the junk tags the issue reports on such a draft.
    draft = BorderArticlePage.objects.get(pk=draft.pk)
    draft.topics.set([*through_broken_widget(edit_topics(draft)), ","])
    draft.save_revision()

    # Another app uses one of the fragments: taggit's tags are shared.
    document = Document.objects.create(title="Lịch công tác", file=ContentFile(b"x", "x.txt"))
    document.tags.add("lịch")

    live = BorderArticlePage.objects.get(pk=live.pk)
    draft = BorderArticlePage.objects.get(pk=draft.pk)
    # The damage is what the issue reports.
    assert row_topics(live) == {SECURITY, "Kinh tế,", "Thông tin đối ngoại,", "du lịch", "hữu nghị"}
    assert revision_topics(live.live_revision) == row_topics(live)
    assert revision_topics(scheduled) == row_topics(live)
    assert row_topics(draft) == {ECONOMY}
    assert revision_topics(draft.latest_revision) == {"Kinh tế,", "du", "lịch", ","}
    return {"live": live, "draft": draft, "standalone": standalone, "scheduled": scheduled}


def assert_repaired(damaged):
    live = BorderArticlePage.objects.get(pk=damaged["live"].pk)
    draft = BorderArticlePage.objects.get(pk=damaged["draft"].pk)
    whole = {RELATIONS, ECONOMY, SECURITY}
    assert row_topics(live) == whole
    assert revision_topics(live.live_revision) == whole
    scheduled = Revision.objects.get(pk=damaged["scheduled"].pk)
    assert revision_topics(scheduled) == whole
    assert scheduled.approved_go_live_at is not None
    assert live.latest_revision_id == scheduled.pk
    assert row_topics(draft) == {ECONOMY}
    assert revision_topics(draft.latest_revision) == {ECONOMY}
    assert set(edit_topics(draft)) == {ECONOMY}
    # The standalone topic stays, and the document keeps its tag.
    assert row_topics(damaged["standalone"]) == {"du lịch"}
    assert list(Document.objects.get().tags.names()) == ["lịch"]
    assert set(Tag.objects.values_list("name", flat=True)) == whole | {"du lịch", "lịch"}


@pytest.mark.django_db(transaction=True)
def test_the_command_repairs_pages_revisions_and_tags_in_a_separate_process(damaged, tmp_path):
    revisions_before = Revision.objects.count()
    with database_for_processes(tmp_path) as database:
        # As an operator runs it: manage.py, in the site's language (Vietnamese).
        process = manage_process("borderplan_repair_topics", database=database)
        out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    summary = _(
        "Repaired %(pages)d page(s) and %(revisions)d revision(s), deleted "
        "%(deleted)d tag(s) and renamed %(renamed)d."
    )
    assert out.strip().splitlines()[-1] == summary % {
        "pages": 1,
        "revisions": 3,
        "deleted": 5,
        "renamed": 0,
    }
    assert _("Delete tag “%(name)s”") % {"name": "Kinh tế,"} in out
    assert_repaired(damaged)
    # In place: no revision was added.
    assert Revision.objects.count() == revisions_before

    # The scheduled revision still publishes, with the whole names.
    Revision.objects.get(pk=damaged["scheduled"].pk).publish()
    assert row_topics(Page.objects.get(pk=damaged["live"].pk)) == {RELATIONS, ECONOMY, SECURITY}

    # A second run finds nothing to do and changes nothing.
    before = database_state()
    with database_for_processes(tmp_path) as database:
        process = command_process("borderplan_repair_topics", database=database)
        out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert out.strip().splitlines()[-1] == (
        "Repaired 0 page(s) and 0 revision(s), deleted 0 tag(s) and renamed 0."
    )
    assert database_state() == before


def test_dry_run_prints_the_changes_and_writes_nothing(damaged, capsys):
    before = database_state()
    with translation.override("en"):
        call_command("borderplan_repair_topics", "--dry-run")
    out = capsys.readouterr().out
    assert database_state() == before
    lines = out.strip().splitlines()
    assert lines[0] == "Dry run: nothing is written."
    assert lines[-1] == ("Would repair 1 page(s) and 3 revision(s), delete 5 tag(s) and rename 0.")
    live = damaged["live"]
    assert (
        f"Page “{live.title}” ({live.pk}): “{SECURITY}”, “Kinh tế,”, “Thông tin đối ngoại,”, "
        f"“du lịch”, “hữu nghị” → “{SECURITY}”, “{ECONOMY}”, “{RELATIONS}”"
    ) in lines
    deleted = {line for line in lines if line.startswith("Delete tag")}
    assert deleted == {
        f"Delete tag “{name}”"
        for name in (",", "Kinh tế,", "Thông tin đối ngoại,", "du", "hữu nghị")
    }
    # The run it previewed does exactly that.
    call_command("borderplan_repair_topics")
    assert_repaired(damaged)


def test_a_fragment_alone_is_left_on_its_page(index):
    """A page with only some parts of a name keeps them: they may be topics of their own."""
    make_article(index, "Bài gốc", topics=[ECONOMY])
    partial = make_article(index, "Chỉ kinh tế", topics=["Kinh tế,", "An ninh"])
    call_command("borderplan_repair_topics")
    # The unclean name is cleaned, the fragment stays on the page.
    assert row_topics(partial) == {"Kinh tế", "An ninh"}
    assert set(Tag.objects.values_list("name", flat=True)) == {ECONOMY, "Kinh tế", "An ninh"}


def test_a_quoted_fragment_joins_its_clean_tag(db):
    Tag.objects.bulk_create(
        [
            Tag(name=name, slug=str(n))
            for n, name in enumerate([ECONOMY, '"Kinh tế', 'du lịch"', "Du lịch"])
        ]
    )
    vocabulary = load_vocabulary()
    ids = {name: pk for pk, name in vocabulary.names.items()}
    # Both parts, quoted: the whole name.
    assert repair_tag_ids([ids['"Kinh tế'], ids['du lịch"']], vocabulary) == [ids[ECONOMY]]
    # One part alone: the clean tag of the same name (taggit's names ignore case here).
    assert repair_tag_ids([ids['du lịch"']], vocabulary) == [ids["Du lịch"]]
    assert name_key(' "Du  lịch,') == "du lịch"


def test_every_demo_topic_comes_back_whole(index):
    """The demo's topic names (up to three parts, parts of several words), each alone on
    a page and all together, once and twice through the widget."""
    from example_site.home.demo_data import TOPICS

    cases = [[name] for name in TOPICS] + [TOPICS, TOPICS[1:4]]
    pages = []
    for number, names in enumerate(cases):
        page = make_article(index, f"Bài {number}", topics=names)
        for _round in range(1 + number % 2):
            page = BorderArticlePage.objects.get(pk=page.pk)
            page.topics.set(through_broken_widget(edit_topics(page)))
            page.save_revision().publish()
        pages.append((page, set(names)))
    assert any(row_topics(page) != names for page, names in pages)
    call_command("borderplan_repair_topics")
    for page, names in pages:
        page = BorderArticlePage.objects.get(pk=page.pk)
        assert row_topics(page) == names
        assert revision_topics(page.latest_revision) == names
    assert set(Tag.objects.values_list("name", flat=True)) == set(TOPICS)
