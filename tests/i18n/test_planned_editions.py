"""Translations as planned work: an entry's editions in other languages, each due on a
day, with a state read from the translated page Wagtail keeps; the rule that publishes
translations with the original; due days that follow the entry when it moves."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Locale

from tests.factories import at, make_article, make_entry, make_plan
from wagtail_borderplan.actions.moves import MoveEntryAction
from wagtail_borderplan.models import EditionState, PlannedEdition, TranslationRule
from wagtail_borderplan.models.editions import edition_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "lo")}


@pytest.fixture
def translated_index(index, locales):
    """The provincial portal's home and index in English and Lao, published."""
    home = index.get_parent().specific
    for locale in locales.values():
        home.copy_for_translation(locale).save_revision().publish()
        index.copy_for_translation(locale, copy_parents=True).save_revision().publish()
    return index


def translation(article, locale: Locale, *, publish: bool):
    page = article.copy_for_translation(locale)
    page.title = f"{article.title} ({locale.language_code})"
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def state_of(edition: PlannedEdition, today: date) -> str:
    return edition_state(PlannedEdition.objects.for_state().get(pk=edition.pk), today)


@pytest.fixture
def entry(translated_index):
    article = make_article(translated_index, "Hiệp ước biên giới")
    return make_entry(make_plan(), "Hiệp ước", planned_at=at(2026, 5, 4), page=article)


def test_one_edition_per_language_of_an_entry(entry, locales):
    PlannedEdition.objects.create(entry=entry, locale=locales["en"])
    with transaction.atomic(), pytest.raises(IntegrityError):
        PlannedEdition.objects.create(entry=entry, locale=locales["en"])


def test_an_edition_in_the_plans_own_language_is_refused(entry):
    from django.core.exceptions import ValidationError

    edition = PlannedEdition(entry=entry, locale=Locale.get_default())
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "locale" in error.value.message_dict


def test_state_follows_the_translated_page(entry, locales):
    edition = PlannedEdition.objects.create(
        entry=entry, locale=locales["en"], due_date=date(2026, 5, 10)
    )
    assert state_of(edition, date(2026, 5, 1)) == EditionState.PLANNED
    assert state_of(edition, date(2026, 5, 11)) == EditionState.MISSED
    page = translation(entry.page, locales["en"], publish=False)
    assert state_of(edition, date(2026, 5, 1)) == EditionState.DRAFT
    assert state_of(edition, date(2026, 5, 11)) == EditionState.MISSED
    page.get_latest_revision().publish()
    type(page).objects.filter(pk=page.pk).update(first_published_at=at(2026, 5, 10, 23, 50))
    assert state_of(edition, date(2026, 5, 20)) == EditionState.PUBLISHED
    type(page).objects.filter(pk=page.pk).update(first_published_at=at(2026, 5, 11, 0, 10))
    assert state_of(edition, date(2026, 5, 20)) == EditionState.LATE


def test_without_its_own_due_date_an_edition_is_due_on_the_entrys_day(entry, locales):
    edition = PlannedEdition.objects.create(entry=entry, locale=locales["en"])
    assert state_of(edition, date(2026, 5, 4)) == EditionState.PLANNED
    assert state_of(edition, date(2026, 5, 5)) == EditionState.MISSED


def test_with_the_original_the_edition_is_due_on_the_entrys_day(entry, locales):
    entry.translation_rule = TranslationRule.WITH_ORIGINAL
    entry.save()
    edition = PlannedEdition.objects.create(
        entry=entry, locale=locales["en"], due_date=date(2026, 6, 30)
    )
    assert state_of(edition, date(2026, 5, 5)) == EditionState.MISSED


def test_a_cancelled_entry_cancels_its_editions(entry, locales):
    edition = PlannedEdition.objects.create(entry=entry, locale=locales["en"])
    entry.editorial_status = "cancelled"
    entry.save()
    assert state_of(edition, date(2026, 6, 1)) == EditionState.CANCELLED


def test_an_edition_of_an_entry_without_article_is_planned(locales):
    entry = make_entry(make_plan(), "Chưa có bài", planned_at=at(2026, 5, 4))
    edition = PlannedEdition.objects.create(entry=entry, locale=locales["lo"])
    assert state_of(edition, date(2026, 5, 1)) == EditionState.PLANNED


# Publishing with the original ------------------------------------------------------


def draft_original(translated_index):
    return make_article(translated_index, "Bản gốc", live=False)


def test_translations_publish_with_the_original(translated_index, locales):
    original = draft_original(translated_index)
    entry = make_entry(
        make_plan(),
        "Bản gốc",
        planned_at=at(2026, 5, 4),
        page=original,
        translation_rule=TranslationRule.WITH_ORIGINAL,
    )
    PlannedEdition.objects.create(entry=entry, locale=locales["en"])
    english = translation(original, locales["en"], publish=False)
    lao = translation(original, locales["lo"], publish=False)  # not planned: left alone
    original.save_revision().publish()
    english.refresh_from_db()
    lao.refresh_from_db()
    assert english.live and not lao.live
    edition = PlannedEdition.objects.get(entry=entry)
    # Due the day the original went out, and out with it: on time.
    assert state_of(edition, timezone.localdate()) == EditionState.PUBLISHED
    from wagtail.models import PageLogEntry

    logged = PageLogEntry.objects.get(
        page=english, action="wagtail_borderplan.publish_with_original"
    )
    assert logged.data["original"] == original.pk


def test_when_ready_translations_wait_for_their_translators(translated_index, locales):
    original = draft_original(translated_index)
    entry = make_entry(make_plan(), "Bản gốc", page=original)
    PlannedEdition.objects.create(entry=entry, locale=locales["en"])
    english = translation(original, locales["en"], publish=False)
    original.save_revision().publish()
    english.refresh_from_db()
    assert not english.live


def test_a_scheduled_original_shows_its_translation_scheduled(translated_index, locales):
    original = draft_original(translated_index)
    entry = make_entry(
        make_plan(),
        "Bản gốc",
        planned_at=at(2099, 5, 4),
        page=original,
        translation_rule=TranslationRule.WITH_ORIGINAL,
    )
    edition = PlannedEdition.objects.create(entry=entry, locale=locales["en"])
    english = translation(original, locales["en"], publish=False)
    original.go_live_at = at(2099, 5, 4)
    original.save_revision().publish()  # approved to go live later: nothing goes live
    english.refresh_from_db()
    assert not english.live
    assert state_of(edition, date(2099, 5, 1)) == EditionState.SCHEDULED


def test_a_translation_in_moderation_is_left_to_its_reviewers(translated_index, locales):
    from wagtail.models import Workflow

    original = draft_original(translated_index)
    entry = make_entry(
        make_plan(), "Bản gốc", page=original, translation_rule=TranslationRule.WITH_ORIGINAL
    )
    PlannedEdition.objects.create(entry=entry, locale=locales["en"])
    english = translation(original, locales["en"], publish=False)
    workflow = Workflow.objects.first() or Workflow.objects.create(name="Duyệt")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("duyet", "d@example.com", "pw")
    if not workflow.workflow_tasks.exists():
        from wagtail.models import GroupApprovalTask

        task = GroupApprovalTask.objects.create(name="Duyệt bài")
        workflow.workflow_tasks.create(task=task, sort_order=0)
    workflow.start(english, user)
    original.save_revision().publish()
    english.refresh_from_db()
    assert not english.live


# The schedule carries over -----------------------------------------------------------


def test_moving_the_entry_moves_its_editions_due_days(entry, locales):
    entry.page = None
    entry.save()
    edition = PlannedEdition.objects.create(
        entry=entry, locale=locales["en"], due_date=date(2026, 5, 10)
    )
    MoveEntryAction(entry, None, day=date(2026, 5, 7)).execute()
    edition.refresh_from_db()
    assert edition.due_date == date(2026, 5, 13)


# The entry form, the cards and the report ------------------------------------------


def test_the_entry_form_plans_editions(root_client, world, locales):
    from django.urls import reverse

    entry = make_entry(world["plan"], "Mốc 1116", planned_at=at(2026, 5, 4))
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    html = root_client.get(url).content.decode()
    assert 'name="translation_rule"' in html and "editions-TOTAL_FORMS" in html
    data = {
        "plan": world["plan"].pk,
        "title": entry.title,
        "editorial_status": "idea",
        "planned_at": "2026-05-04 08:30",
        "translation_rule": TranslationRule.WITH_ORIGINAL,
        "editions-TOTAL_FORMS": "2",
        "editions-INITIAL_FORMS": "0",
        "editions-MIN_NUM_FORMS": "0",
        "editions-MAX_NUM_FORMS": "1000",
        "editions-0-locale": locales["en"].pk,
        "editions-0-unit": world["ict"].pk,
        "editions-0-due_date": "2026-05-06",
        "editions-1-locale": locales["lo"].pk,
        "editions-1-due_date": "",
    }
    response = root_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    entry.refresh_from_db()
    assert entry.translation_rule == TranslationRule.WITH_ORIGINAL
    assert sorted(entry.editions.values_list("locale__language_code", flat=True)) == ["en", "lo"]
    # The plan's own language is not offered, and refused when posted.
    data.update({"editions-TOTAL_FORMS": "1", "editions-0-locale": Locale.get_default().pk})
    response = root_client.post(url, data)
    assert response.status_code == 200


def test_cards_show_each_editions_state(root_client, world, locales, index):
    from django.urls import reverse

    article = make_article(index, "Bài gốc")
    entry = make_entry(world["plan"], "Có bản dịch", planned_at=at(2026, 5, 4), page=article)
    PlannedEdition.objects.create(entry=entry, locale=locales["en"], due_date=date(2026, 5, 6))
    PlannedEdition.objects.create(entry=entry, locale=locales["lo"], due_date=date(2026, 5, 3))
    with timezone.override("Asia/Ho_Chi_Minh"):
        html = root_client.get(
            reverse("borderplan_calendar:index"), {"date": "2026-05-04", "view": "month"}
        ).content.decode()
    assert 'class="bp-edition bp-edition--' in html
    # Seen today (after May 2026) both days have passed with no translation: missed.
    assert html.count("bp-edition--missed") == 2
    assert ">EN<" in html and ">LO<" in html


def test_the_report_counts_editions_by_language(root_client, world, locales, translated_index):
    from django.urls import reverse

    from wagtail_borderplan.reports import editions as report
    from wagtail_borderplan.reports.scope import ReportScope

    plan = world["plan"]
    on_time = make_entry(
        plan, "Đúng hạn", planned_at=at(2026, 5, 4), page=make_article(translated_index, "A")
    )
    late = make_entry(
        plan, "Muộn", planned_at=at(2026, 5, 5), page=make_article(translated_index, "B")
    )
    missed = make_entry(plan, "Lỡ", planned_at=at(2026, 5, 6))
    waiting = make_entry(plan, "Chờ", planned_at=at(2026, 5, 28))
    for entry in (on_time, late, missed, waiting):
        PlannedEdition.objects.create(entry=entry, locale=locales["en"])
    PlannedEdition.objects.create(entry=on_time, locale=locales["lo"])
    for entry, went_live in ((on_time, at(2026, 5, 4, 20)), (late, at(2026, 5, 7))):
        page = translation(entry.page, locales["en"], publish=True)
        type(page).objects.filter(pk=page.pk).update(first_published_at=went_live)
    scope = ReportScope(
        plan=plan, first=date(2026, 5, 1), last=date(2026, 5, 31), now=at(2026, 5, 20, 10)
    )
    rows = report.edition_rows(scope, names={"en": "Tiếng Anh"}, total_label="Tổng")
    counts = {
        row.name: (row.planned, row.on_time, row.late, row.missed, row.waiting, row.on_time_percent)
        for row in rows
    }
    assert counts == {
        "Tiếng Anh": (4, 1, 1, 1, 1, 33),
        "lo": (1, 0, 0, 1, 0, 0),
        "Tổng": (5, 1, 1, 2, 1, 25),
    }
    url = reverse("borderplan_reports:languages")
    params = {"plan": plan.pk, "period_from": "2026-05-01", "period_to": "2026-05-31"}
    assert root_client.get(url, params).status_code == 200
    assert root_client.get(url, {**params, "export": "csv"}).status_code == 200
    assert root_client.get(url, {**params, "export": "xlsx"}).status_code == 200
    assert root_client.get(url, {"plan": "x", "period_to": "9" * 300}).status_code == 200


def test_the_report_and_the_cards_keep_their_query_counts(root_client, world, locales):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("borderplan_reports:languages")
    params = {"plan": world["plan"].pk, "period_from": "2026-05-01", "period_to": "2026-05-31"}
    calendar = reverse("borderplan_calendar:index")

    def counts() -> tuple[int, int]:
        root_client.get(url, params)
        root_client.get(calendar, {"date": "2026-05-04", "view": "month"})
        with CaptureQueriesContext(connection) as report_queries:
            root_client.get(url, params)
        with CaptureQueriesContext(connection) as calendar_queries:
            root_client.get(calendar, {"date": "2026-05-04", "view": "month"})
        return len(report_queries), len(calendar_queries)

    def plan(count: int) -> None:
        for number in range(count):
            entry = make_entry(
                world["plan"], f"Bài {number}", planned_at=at(2026, 5, 1 + number % 28)
            )
            for locale in locales.values():
                PlannedEdition.objects.create(entry=entry, locale=locale)

    plan(3)
    small = counts()
    plan(60)
    assert counts() == small


def test_a_moved_card_shows_its_editions_new_state(root_client, world, locales):
    from django.urls import reverse

    entry = make_entry(world["plan"], "Dời lịch", planned_at=at(2026, 5, 4))
    PlannedEdition.objects.create(entry=entry, locale=locales["en"], due_date=date(2026, 5, 6))
    future = timezone.localdate() + timedelta(days=30)
    response = root_client.post(
        reverse("borderplan_calendar:move", args=[entry.pk]),
        {"date": future.isoformat()},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content
    moved = response.json()["entry"]
    # Its due day moved by as many days, into the future: planned, no longer missed.
    assert "bp-edition--planned" in moved["metaHtml"]
    assert "bp-edition--missed" not in moved["metaHtml"]
    assert moved["className"].startswith("bp-entry bp-entry--")


def with_original_entry(translated_index, locales, *languages, **fields):
    original = draft_original(translated_index)
    entry = make_entry(
        make_plan(),
        "Bản gốc",
        planned_at=at(2099, 5, 4),
        page=original,
        translation_rule=TranslationRule.WITH_ORIGINAL,
        **fields,
    )
    for language in languages:
        PlannedEdition.objects.create(entry=entry, locale=locales[language])
    return original, entry


def test_an_alias_in_a_planned_language_is_not_a_translation(translated_index, locales):
    original, entry = with_original_entry(translated_index, locales, "en")
    alias = original.copy_for_translation(locales["en"], alias=True)
    original.save_revision().publish()  # no error: the alias is Wagtail's to update
    alias.refresh_from_db()
    assert alias.live  # updated by Wagtail with its original
    edition = PlannedEdition.objects.get(entry=entry)
    # Due the day the original went out (today): not published, not yet missed.
    assert state_of(edition, date(2000, 1, 1)) == EditionState.PLANNED


def test_a_failing_translation_stops_neither_the_original_nor_the_others(
    translated_index, locales, monkeypatch
):
    from wagtail.models import Revision

    original, _entry = with_original_entry(translated_index, locales, "en", "lo")
    english = translation(original, locales["en"], publish=False)
    lao = translation(original, locales["lo"], publish=False)
    publish = Revision.publish

    def broken_for_english(revision, *args, **kwargs):
        if revision.object_id == str(english.pk):
            raise RuntimeError("the English edition's page is broken")
        return publish(revision, *args, **kwargs)

    monkeypatch.setattr(Revision, "publish", broken_for_english)
    original.save_revision().publish()
    for page in (original, english, lao):
        page.refresh_from_db()
    assert original.live and lao.live and not english.live


def test_only_the_originals_first_go_live_publishes_translations(translated_index, locales):
    original, _entry = with_original_entry(translated_index, locales, "en", "lo")
    original.save_revision().publish()
    # A draft begun afterwards, and a translation withdrawn by its editors, stay so
    # when the original is republished (a typo fixed).
    english = translation(original, locales["en"], publish=False)
    lao = translation(original, locales["lo"], publish=True)
    lao.refresh_from_db()
    lao.unpublish()
    original = type(original).objects.get(pk=original.pk)  # as the editor opens it
    original.title = "Bản gốc (sửa lỗi)"
    original.save_revision().publish()
    english.refresh_from_db()
    lao.refresh_from_db()
    assert not english.live and not lao.live


def test_a_cancelled_entry_publishes_no_translation(translated_index, locales):
    original, _entry = with_original_entry(
        translated_index, locales, "en", editorial_status="cancelled"
    )
    english = translation(original, locales["en"], publish=False)
    original.save_revision().publish()
    english.refresh_from_db()
    assert not english.live


def test_a_translations_own_schedule_shows(entry, locales):
    from datetime import datetime

    edition = PlannedEdition.objects.create(
        entry=entry, locale=locales["en"], due_date=date(2099, 1, 1)
    )
    page = translation(entry.page, locales["en"], publish=False)
    page.go_live_at = datetime(2098, 12, 31, tzinfo=UTC)
    page.save_revision().publish()
    assert state_of(edition, date(2098, 6, 1)) == EditionState.SCHEDULED


def test_an_edition_in_the_articles_own_language_is_refused(translated_index, locales):
    from django.core.exceptions import ValidationError

    english_article = make_article(translated_index, "Khác").copy_for_translation(locales["en"])
    english_article.save_revision().publish()
    entry = make_entry(make_plan(), "Bài tiếng Anh", page=english_article)
    with pytest.raises(ValidationError):
        PlannedEdition(entry=entry, locale=locales["en"]).full_clean()


def test_days_move_in_the_plans_zone_whatever_the_admins(entry, locales):
    from wagtail_borderplan.actions.editions import shift_edition_due_dates

    edition = PlannedEdition.objects.create(
        entry=entry, locale=locales["en"], due_date=date(2026, 5, 10)
    )
    with timezone.override("Europe/Paris"):
        # 08:30 on 4 May to 01:00 on 5 May in Hà Nội: a day, though the same day in Paris.
        shift_edition_due_dates(entry, at(2026, 5, 4, 8, 30), at(2026, 5, 5, 1, 0))
    edition.refresh_from_db()
    assert edition.due_date == date(2026, 5, 11)


def test_scheduling_the_article_moves_the_editions(entry, locales):
    from wagtail_borderplan.actions.scheduling import ScheduleArticleAction

    entry.page.unpublish()
    edition = PlannedEdition.objects.create(
        entry=entry, locale=locales["en"], due_date=date(2099, 5, 10)
    )
    entry.planned_at = at(2099, 5, 4)
    entry.save()
    ScheduleArticleAction(entry, None, go_live_at=at(2099, 5, 6)).execute()
    edition.refresh_from_db()
    assert edition.due_date == date(2099, 5, 12)


def entry_form_data(world, entry, **fields):
    return {
        "plan": world["plan"].pk,
        "title": entry.title,
        "editorial_status": "idea",
        "unit": world["ict"].pk,
        "planned_at": "2026-05-04 08:30",
        "translation_rule": TranslationRule.WHEN_READY,
        "editions-TOTAL_FORMS": "0",
        "editions-INITIAL_FORMS": "0",
        "editions-MIN_NUM_FORMS": "0",
        "editions-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_changing_the_planned_day_on_the_form_moves_the_editions(root_client, world, locales):
    from django.urls import reverse

    entry = make_entry(world["plan"], "Đổi ngày", planned_at=at(2026, 5, 4), unit=world["ict"])
    edition = PlannedEdition.objects.create(
        entry=entry, locale=locales["en"], due_date=date(2026, 5, 10)
    )
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    data = entry_form_data(
        world,
        entry,
        planned_at="2026-05-07 08:30",
        **{
            "editions-TOTAL_FORMS": "1",
            "editions-INITIAL_FORMS": "1",
            "editions-0-id": edition.pk,
            "editions-0-locale": locales["en"].pk,
            "editions-0-due_date": "2026-05-10",
        },
    )
    with timezone.override("Asia/Ho_Chi_Minh"):
        response = root_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    edition.refresh_from_db()
    assert edition.due_date == date(2026, 5, 13)


def test_a_member_plans_editions_for_their_own_units_only(client, world, locales):
    from django.urls import reverse

    member = world["users"]["member"]
    client.force_login(member)
    entry = make_entry(world["plan"], "Của Trung tâm", planned_at=at(2026, 5, 4), unit=world["ict"])
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    # The blank form that "add" copies offers the member's units only.
    blank = client.get(url).context["form"].formsets["editions"].empty_form
    assert list(blank.fields["unit"].queryset) == [world["ict"]]
    data = entry_form_data(
        world,
        entry,
        **{
            "editions-TOTAL_FORMS": "1",
            "editions-0-locale": locales["en"].pk,
            "editions-0-unit": world["division"].pk,
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not PlannedEdition.objects.filter(entry=entry).exists()
    data["editions-0-unit"] = world["ict"].pk
    assert client.post(url, data).status_code == 302
    assert PlannedEdition.objects.get(entry=entry).unit == world["ict"]


def test_publishing_with_the_original_needs_the_right_to_publish_there(client, world, locales):
    from django.urls import reverse

    member = world["users"]["member"]  # may plan, may not publish pages
    client.force_login(member)
    entry = make_entry(world["plan"], "Cùng bản gốc", planned_at=at(2026, 5, 4), unit=world["ict"])
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    data = entry_form_data(
        world,
        entry,
        translation_rule=TranslationRule.WITH_ORIGINAL,
        **{"editions-TOTAL_FORMS": "1", "editions-0-locale": locales["en"].pk},
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "translation_rule" in response.context["form"].errors
    entry.refresh_from_db()
    assert entry.translation_rule == TranslationRule.WHEN_READY
    data["translation_rule"] = TranslationRule.WHEN_READY
    assert client.post(url, data).status_code == 302


def test_the_report_filters_by_the_translating_unit(world, locales):
    from wagtail_borderplan.reports import editions as report
    from wagtail_borderplan.reports.scope import ReportScope

    entry = make_entry(world["plan"], "Dịch", planned_at=at(2026, 5, 4), unit=world["ict"])
    PlannedEdition.objects.create(entry=entry, locale=locales["en"], unit=world["division"])
    PlannedEdition.objects.create(entry=entry, locale=locales["lo"])  # the entry's unit

    def languages(unit):
        scope = ReportScope(
            plan=world["plan"], first=date(2026, 5, 1), last=date(2026, 5, 31), unit=unit
        )
        rows = report.edition_rows(scope, names={}, total_label="T")
        return [row.name for row in rows if not row.is_total]

    assert languages(world["division"]) == ["en"]
    assert languages(world["ict"]) == ["lo"]


def test_languages_are_named_for_the_editors(root_client, world, locales):
    from django.urls import reverse
    from django.utils import translation as django_translation

    from wagtail_borderplan.models.editions import translated_language_names

    with django_translation.override("vi"):
        names = translated_language_names()
    assert (names["lo"], names["zh-hans"], names["km"]) == (
        "Tiếng Lào",
        "Tiếng Trung (giản thể)",
        "Tiếng Khmer",
    )
    entry = make_entry(world["plan"], "Tên ngôn ngữ", planned_at=at(2026, 5, 4))
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    html = root_client.get(url).content.decode()
    assert ">Tiếng Lào</option>" in html


def test_a_language_planned_twice_is_said_plainly(root_client, world, locales):
    from django.urls import reverse

    entry = make_entry(world["plan"], "Hai lần", planned_at=at(2026, 5, 4), unit=world["ict"])
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    twice = {
        "editions-TOTAL_FORMS": "2",
        "editions-0-locale": locales["en"].pk,
        "editions-1-locale": locales["en"].pk,
    }
    response = root_client.post(url, entry_form_data(world, entry, **twice))
    assert response.status_code == 200
    assert "Mỗi mục lịch chỉ có một bản cho mỗi ngôn ngữ" in response.content.decode()
    assert not PlannedEdition.objects.filter(entry=entry).exists()


def test_with_the_original_an_edition_is_due_the_day_the_original_went_out(entry, locales):
    entry.translation_rule = TranslationRule.WITH_ORIGINAL
    entry.published_at = at(2026, 5, 8, 9)
    entry.save()
    edition = PlannedEdition.objects.create(entry=entry, locale=locales["en"])
    page = translation(entry.page, locales["en"], publish=True)
    type(page).objects.filter(pk=page.pk).update(first_published_at=at(2026, 5, 8, 22))
    assert state_of(edition, date(2026, 6, 1)) == EditionState.PUBLISHED
    type(page).objects.filter(pk=page.pk).update(first_published_at=at(2026, 5, 9, 8))
    assert state_of(edition, date(2026, 6, 1)) == EditionState.LATE
