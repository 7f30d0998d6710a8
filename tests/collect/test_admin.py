"""The collecting admin: feed sources, collected items, "Fetch now" and "Import an
article", for every role; pasted and uploaded HTML reviewed, then saved as a draft."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.images import get_image_model

from tests.access import assert_denied
from tests.feedserver import rss, rss_item
from wagtail_borderplan.models import (
    BorderArticlePage,
    CalendarEntry,
    CollectedItem,
    EntryStatus,
    FeedSource,
)

IMPORT = reverse("borderplan_collect:import")
SOURCES = reverse("wagtailsnippets_wagtail_borderplan_feedsource:list")
ITEMS = reverse("wagtailsnippets_wagtail_borderplan_collecteditem:list")


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    # Permissions are cached on the user object.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


COLLECTING = (
    "import_article",
    "view_calendarentry",
    "add_feedsource",
    "change_feedsource",
    "view_feedsource",
    "view_collecteditem",
)


@pytest.fixture
def roles(editors, world):
    """anonymous; admin access only; the ICT centre (collects for the provincial portal);
    the department portal's editor with the same collecting rights; a superuser."""
    # Members of a unit, as the calendar's rules want of whoever adds entries.
    world["ict"].members.add(editors["provincial"])
    world["division"].members.add(editors["department"])
    return {
        "anonymous": None,
        "admin_only": editors["admin_only"],
        "collector": grant(editors["provincial"], *COLLECTING),
        "other_portal": grant(editors["department"], *COLLECTING),
        "superuser": editors["superuser"],
    }


@pytest.fixture
def source(world, portals, feeds):
    return FeedSource.objects.create(
        name="Báo Biên phòng",
        feed_url=feeds.url("/rss"),
        index_page=portals["provincial"],
        plan=world["plan"],
    )


def as_role(client, roles, role):
    if roles[role] is not None:
        client.force_login(roles[role])
    return client


ROLES = ["anonymous", "admin_only", "collector", "other_portal", "superuser"]
ALLOWED = {"collector", "other_portal", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_source_and_item_lists(client, roles, source, role):
    CollectedItem.objects.create(
        source=source, key="k1", title="Tin hỏng", status="failed", error="Ngày không đọc được"
    )
    for url in (SOURCES, ITEMS):
        response = as_role(client, roles, role).get(url)
        if role not in ALLOWED:
            assert_denied(response, role)
            continue
        assert response.status_code == 200
    if role in ALLOWED:
        html = client.get(ITEMS, {"source": source.pk, "status": "failed"}).content.decode()
        assert "Tin hỏng" in html and "Ngày không đọc được" in html
        # When each item was last touched, as Django's "N minutes ago".
        CollectedItem.objects.update(updated_at=timezone.now() - timedelta(minutes=5))
        html = client.get(ITEMS).content.decode()
        assert avoid_wrapping(ngettext("%(num)d minute", "%(num)d minutes", 5) % {"num": 5}) in html


@pytest.mark.parametrize("role", ROLES)
def test_collected_items_are_read_only(client, roles, source, role):
    item = CollectedItem.objects.create(source=source, key="k1", title="Tin", status="imported")
    client = as_role(client, roles, role)
    inspect = client.get(
        reverse("wagtailsnippets_wagtail_borderplan_collecteditem:inspect", args=[item.pk])
    )
    if role in ALLOWED:
        assert inspect.status_code == 200 and "k1" in inspect.content.decode()
    else:
        assert_denied(inspect, role)
    for name in ("edit", "delete"):
        response = client.post(
            reverse(f"wagtailsnippets_wagtail_borderplan_collecteditem:{name}", args=[item.pk]),
            {"title": "Sửa"},
        )
        assert response.status_code in (302, 403)
        assert (
            response.status_code == 403
            or "login" in response["Location"]
            or response["Location"] == reverse("wagtailadmin_home")
        )
    add = client.get(reverse("wagtailsnippets_wagtail_borderplan_collecteditem:add"))
    assert add.status_code in (302, 403)
    item.refresh_from_db()
    assert item.title == "Tin"


@pytest.mark.parametrize("role", ROLES)
def test_fetch_now_needs_post_and_the_change_permission(client, roles, source, feeds, role):
    feeds.add("/rss", rss([rss_item(1, base=feeds.base)]))
    url = reverse("borderplan_collect:collect_now", args=[source.pk])
    client = as_role(client, roles, role)
    page = client.get(url)
    # The other portal's editor may change sources but not add pages under this one's index.
    if role not in {"collector", "superuser"}:
        assert_denied(page, role)
        assert_denied(client.post(url), role)
        assert not CollectedItem.objects.exists()
        return
    assert page.status_code == 200 and "Báo Biên phòng" in page.content.decode()
    assert not CollectedItem.objects.exists()  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == f"{ITEMS}?source={source.pk}"
    assert CollectedItem.objects.filter(status="imported").count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        _("%(imported)s imported, %(failed)s failed, %(skipped)s already imported.")
        % {"imported": 1, "failed": 0, "skipped": 0}
    ]


def test_fetch_now_refuses_a_request_without_csrf(roles, source, feeds):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(roles["collector"])
    response = client.post(reverse("borderplan_collect:collect_now", args=[source.pk]))
    assert response.status_code == 403
    assert not CollectedItem.objects.exists()


ARTICLE = """
<html><head><title>Báo Biên phòng</title><meta charset="utf-8"><style>p{color:red}</style>
<script>alert('BPXSS')</script></head>
<body><h1>Cắm mốc biên giới Việt – Lào</h1>
<p class="MsoNormal" style="margin:0"><span style="font-size:12pt">Đoạn <b>một</b>.<o:p></o:p></span></p>
<p onmouseover="alert(1)">Đoạn hai với <a href="https://baobienphong.example/a">liên kết</a>
và <a href="jav&#x09;ascript:alert(1)">liên kết độc</a>.</p>
<iframe src="https://evil.example/"></iframe>
<p>&nbsp;</p></body></html>
"""


def import_data(world, **extra):
    return {
        "html": ARTICLE,
        "channel": world["provincial"].pk,
        "plan": world["plan"].pk,
        "content_line": world["china"].pk,
        "unit": world["ict"].pk,
        "source_name": "Báo Biên phòng",
        "source_url": "https://baobienphong.example/a",
        **extra,
    }


@pytest.mark.parametrize("role", ROLES)
def test_import_view_permissions(client, roles, world, role):
    client = as_role(client, roles, role)
    response = client.get(IMPORT)
    if role not in ALLOWED:
        assert_denied(response, role)
        assert_denied(client.post(IMPORT, import_data(world, save="1")), role)
        assert not BorderArticlePage.objects.exists()
        return
    assert response.status_code == 200
    choices = response.context["form"].fields["channel"].queryset
    expected = {
        "collector": ["Cổng tỉnh"],
        "other_portal": ["Cổng Sở"],
        "superuser": ["Cổng Sở", "Cổng tỉnh"],
    }[role]
    assert sorted(c.name for c in choices) == expected


def test_the_other_portals_editor_cannot_import_into_this_portal(client, roles, world):
    client.force_login(roles["other_portal"])
    response = client.post(IMPORT, import_data(world, save="1"))
    assert response.status_code == 400
    assert "channel" in response.context["form"].errors
    assert not BorderArticlePage.objects.exists()


def test_paste_preview_then_save(client, roles, world, taxonomy):
    client.force_login(roles["collector"])
    preview = client.post(IMPORT, import_data(world, preview="1"))
    assert preview.status_code == 200
    assert not BorderArticlePage.objects.exists()  # the preview saves nothing
    data = preview.context["preview"]
    assert data["title"] == "Cắm mốc biên giới Việt – Lào"
    assert data["intro"] == "Đoạn một."
    html = preview.content.decode()
    assert _("Review before saving") in html
    assert 'name="save"' in html
    body = data["body"]
    # The title is not repeated; word-processor spans, handlers, scripts, the iframe,
    # the empty paragraph and the obfuscated javascript: link are gone (its text kept).
    assert body == (
        "<p>Đoạn <b>một</b>.</p>"
        '<p>Đoạn hai với <a href="https://baobienphong.example/a">liên kết</a>\nvà liên kết độc.</p>'
    )

    response = client.post(IMPORT, import_data(world, save="1"))
    article = BorderArticlePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert not article.live and article.title == "Cắm mốc biên giới Việt – Lào"
    assert article.body == body
    assert article.owner == roles["collector"]
    assert list(article.sections.all()) == [taxonomy["china"]]
    assert list(article.treaties.all()) == [taxonomy["treaty"]]
    assert article.get_parent().pk == world["provincial"].index_page_id
    entry = CalendarEntry.objects.with_status().get(page=article)
    assert entry.current_status == EntryStatus.COLLECTED
    assert (entry.unit, entry.created_by) == (world["ict"], roles["collector"])
    assert list(entry.channels.all()) == [world["provincial"]]


def test_the_saved_html_is_cleaned_again_not_taken_from_the_preview(client, roles, world):
    client.force_login(roles["collector"])
    forged = import_data(
        world,
        save="1",
        title="Bài",
        html="<p>Bài</p><script>alert(1)</script>",
        body="<script>alert(2)</script>",
        sanitized="x",
    )
    client.post(IMPORT, forged)
    assert BorderArticlePage.objects.get().body == "<p>Bài</p>"


def test_an_uploaded_file_in_a_legacy_encoding(client, roles, world):
    client.force_login(roles["collector"])
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "</head><body><h1>Caf\xe9 bi\xean gi\xf3i</h1><p>N\xf4i dung.</p></body></html>"
    ).encode("windows-1252")
    upload = SimpleUploadedFile("bai.html", page, content_type="text/html")
    data = import_data(world, preview="1", html="")
    data["html_file"] = upload
    preview = client.post(IMPORT, data)
    assert preview.status_code == 200
    assert preview.context["preview"]["title"] == "Café biên giói"
    # The decoded text travels on, so saving needs no second upload.
    assert "Nôi dung." in preview.context["form"]["html"].value()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"html": "   "}, "html", "Paste the article's HTML or choose an HTML file."),
        (
            {"html": "<script>alert(1)</script><style>p{}</style>"},
            "html",
            "Nothing is left of this HTML once cleaned.",
        ),
        (
            {"html": "<p>Không có tiêu đề nào</p>"},
            "title",
            "The article has no heading: give it a title.",
        ),
        ({"source_url": "ftp://example.com/a"}, "source_url", None),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_kept(
    client, roles, world, change, field, message
):
    client.force_login(roles["collector"])
    response = client.post(IMPORT, import_data(world, save="1", **change))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    if message:
        assert errors == [_(message)]
    if "html" in change:
        assert response.context["form"]["html"].value() == change["html"]
    assert not BorderArticlePage.objects.exists()


def test_too_large_html_is_refused(client, roles, world, settings):
    settings.WAGTAIL_BORDERPLAN = {**settings.WAGTAIL_BORDERPLAN, "COLLECT_HTML_MAX_BYTES": 1000}
    client.force_login(roles["collector"])
    response = client.post(IMPORT, import_data(world, save="1", html="<p>" + "a" * 2000 + "</p>"))
    assert response.status_code == 400
    assert response.context["form"].errors["html"] == [
        _("The HTML is %(size)s, more than the limit of %(limit)s.")
        % {"size": "2 KB", "limit": "1 KB"}
    ]


def test_pasted_images_are_downloaded_on_save(client, roles, world, feeds):
    client.force_login(roles["collector"])
    html = (
        f'<h1>Ảnh biên giới</h1><p>Chữ.</p><img src="{feeds.url("/images/red.png")}" alt="Mốc">'
        f'<img src="{feeds.url("/images/missing.png")}" alt="Hỏng">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Nhúng">'
    )
    preview = client.post(IMPORT, import_data(world, preview="1", html=html))
    assert preview.context["image_count"] == 2
    assert feeds.hits("/images/red.png") == 0  # nothing downloaded before saving
    response = client.post(IMPORT, import_data(world, save="1", html=html), follow=True)
    image = get_image_model().objects.get()
    article = BorderArticlePage.objects.get()
    assert f'id="{image.pk}"' in article.body and image.title == "Mốc"
    messages = [str(m) for m in response.context["messages"]]
    assert any("missing.png" in m for m in messages)


def test_import_refuses_a_request_without_csrf(roles, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(roles["collector"])
    response = client.post(IMPORT, import_data(world, save="1"))
    assert response.status_code == 403
    assert not BorderArticlePage.objects.exists()


def test_a_paste_too_large_for_a_form_gets_a_clear_message(roles, world, settings):
    from django.test import Client

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000
    client = Client(enforce_csrf_checks=True)
    client.force_login(roles["collector"])
    response = client.post(IMPORT, import_data(world, save="1", html="<p>" + "á" * 5000 + "</p>"))
    assert response.status_code == 400
    assert response.context["form"].errors["html"] == [
        _("This text is too large to paste: save it as an .html file and choose the file instead.")
    ]
    assert not BorderArticlePage.objects.exists()


def test_collected_items_wait_in_the_calendars_drawer(client, roles, source, feeds):
    from wagtail_borderplan.collect.collector import collect_source

    feeds.add("/rss", rss([rss_item(1, base=feeds.base)]))
    collect_source(source)
    client.force_login(roles["superuser"])
    calendar = reverse("borderplan_calendar:index")
    response = client.get(calendar, {"status": "collected"})
    assert [card.entry.title for card in response.context["drawer"]] == ["Tin biên giới số 1"]
    html = response.content.decode()
    assert "bp-entry--collected" in html and str(EntryStatus.COLLECTED.label) in html
    others = client.get(calendar, {"status": "idea"}).context["drawer"]
    assert not list(others)


def test_import_follows_the_calendars_unit_rules(client, roles, world, editors):
    # import_article and page rights alone are not enough: importing adds an entry.
    from django.contrib.auth.models import Group

    from tests.factories import make_user

    outsider = make_user(
        "outsider", "import_article", groups=[Group.objects.get(name="Editors provincial")]
    )
    client.force_login(outsider)
    assert client.get(IMPORT).status_code in (302, 403)
    assert client.post(IMPORT, import_data(world, save="1")).status_code in (302, 403)
    assert not BorderArticlePage.objects.exists()
    # A member plans for their own units only, and only into active plans.
    client.force_login(roles["collector"])
    form = client.get(IMPORT).context["form"]
    assert list(form.fields["unit"].queryset) == [world["ict"]]
    assert form.initial["unit"] == world["ict"]
    assert list(form.fields["plan"].queryset) == [world["plan"]]
    response = client.post(IMPORT, import_data(world, save="1", unit=world["division"].pk))
    assert response.status_code == 400 and "unit" in response.context["form"].errors
    assert not BorderArticlePage.objects.exists()


def test_a_closed_plan_is_not_offered(client, roles, world):
    world["plan"].status = "closed"
    world["plan"].save()
    client.force_login(roles["superuser"])
    response = client.post(IMPORT, import_data(world, save="1"))
    assert response.status_code == 400 and "plan" in response.context["form"].errors


def test_preview_with_no_upload_limit(client, roles, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    client.force_login(roles["collector"])
    response = client.post(IMPORT, import_data(world, preview="1"))
    assert response.status_code == 200
    assert response.context["form"]["html"].value() == ARTICLE


def test_fetch_now_needs_the_right_to_add_pages_under_the_sources_index(
    client, roles, world, portals, feeds
):
    source = FeedSource.objects.create(
        name="Báo", feed_url=feeds.url("/rss"), index_page=portals["department"], plan=world["plan"]
    )
    client.force_login(roles["collector"])  # adds pages on the provincial portal only
    url = reverse("borderplan_collect:collect_now", args=[source.pk])
    assert client.post(url).status_code in (302, 403)
    assert feeds.hits("/rss") == 0


def test_a_source_may_only_point_at_an_index_the_editor_can_add_to(client, roles, world, portals):
    client.force_login(roles["collector"])
    add = reverse("wagtailsnippets_wagtail_borderplan_feedsource:add")
    data = {
        "name": "Báo",
        "feed_url": "https://bao.example/rss",
        "index_page": portals["department"].pk,
        "active": "on",
    }
    response = client.post(add, data)
    assert response.status_code == 200
    assert response.context["form"].errors["index_page"] == [
        _("You may not add pages under this index.")
    ]
    data["index_page"] = portals["provincial"].pk
    response = client.post(add, data)
    assert response.status_code == 302
    assert FeedSource.objects.get().index_page_id == portals["provincial"].pk
