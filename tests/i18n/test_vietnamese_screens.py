"""The Vietnamese screens, checked on purpose: the one suite that asserts translated text.

Every other test asserts behaviour and compares messages with their msgid looked up
through gettext, so that changing a translation breaks nothing else. Here, a
representative set of screens (calendar, entry form, schedule, move, HTML import, the
reports, the dashboard panel, a refusal, validation errors and Wagtail's own strings)
must show their expected Vietnamese text, and no English msgid of our catalogue may leak:
neither the ones listed per screen nor any multi-word msgid of the catalogue.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path

import polib
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from tests.collect.test_admin import import_data
from tests.factories import NO_EDITIONS, at, make_article, make_entry
from tests.i18n.test_admin_english import ReadableText
from wagtail_borderplan.models import CollectedItem, FeedSource, Section

pytestmark = pytest.mark.django_db

CATALOGUE = (
    Path(__file__).resolve().parents[2] / "wagtail_borderplan/locale/vi/LC_MESSAGES/django.po"
)
ZONE = "Giờ Việt Nam (Asia/Ho_Chi_Minh, UTC+07:00)"
HOME = reverse("wagtailadmin_home")
IMPORT = reverse("borderplan_collect:import")


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


class ScreenText(ReadableText):
    """test_admin_english's reading (visible text, what screen readers read, the
    sidebar's JSON props), hidden tabs included: an editor opens them."""

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, [(name, value) for name, value in attrs if name != "hidden"])


def readable(html: str) -> str:
    parser = ScreenText()
    parser.feed(html)
    return "\n".join(" ".join(part.split()) for part in parser.parts if part.strip())


def catalogue_msgids() -> list[str]:
    """Our msgids that would be recognisable English if they leaked: translated
    differently, no placeholder or markup, at least three words."""
    found = []
    for entry in polib.pofile(str(CATALOGUE)):
        msgid = entry.msgid
        if entry.obsolete or entry.msgid_plural or not entry.msgstr or entry.msgstr == msgid:
            continue
        if "%" in msgid or "<" in msgid or "{" in msgid or len(msgid.split()) < 3:
            continue
        found.append(msgid)
    return found


def leaks(text: str, english: tuple[str, ...] = ()) -> list[str]:
    """The English msgids found in ``text``: the given ones and the catalogue's."""
    words = " ".join(text.split())
    return sorted({msgid for msgid in (*english, *catalogue_msgids()) if msgid in words})


def assert_vietnamese(html: str, expected: tuple[str, ...], english: tuple[str, ...] = ()) -> None:
    text = readable(html)
    flat = " ".join(text.split())
    missing = [phrase for phrase in expected if phrase not in flat]
    assert missing == [], missing
    assert leaks(text, english) == []


# -- The calendar and its forms.


def test_calendar(root_client, world):
    make_entry(world["plan"], "Chưa có ngày")
    make_entry(world["plan"], "Mốc 1116", planned_at=at(2026, 5, 4, 9, 15))
    html = root_client.get(reverse("borderplan_calendar:index"), {"date": "2026-05-01"})
    assert_vietnamese(
        html.content.decode(),
        ("Chưa lên lịch", "Theo dõi (ICS)", "Mốc 1116", "Ý tưởng"),
        ("Not planned yet", "Subscribe (ICS)", "Idea"),
    )


def test_calendar_refuses_a_day_out_of_range_in_vietnamese(root_client):
    html = root_client.get(reverse("borderplan_calendar:index"), {"date": "9999-12-31"})
    assert_vietnamese(
        html.content.decode(),
        (
            "Lịch không hiển thị được ngày “9999-12-31” (chỉ từ 01/01/2000 đến 31/12/2100); "
            "lịch hiển thị hôm nay.",
        ),
    )


def test_entry_edit_form(root_client, world):
    entry = make_entry(world["plan"], "Mốc 1116", planned_at=at(2026, 5, 4, 9, 15))
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    response = root_client.get(url)
    assert ZONE in str(response.context["form"].fields["planned_at"].help_text)
    assert_vietnamese(response.content.decode(), ("Kế hoạch", "Mốc 1116"), ("Plan",))


def test_schedule_form(root_client, article_entry):
    url = reverse("borderplan_calendar:schedule", args=[article_entry.pk])
    html = root_client.get(url).content.decode()
    assert_vietnamese(
        html,
        ("Lên lịch xuất bản bài viết", f"Ngày giờ theo {ZONE}.", f"Thời gian tính theo {ZONE}."),
        ("Schedule the article", "Date and time in", "Times are in"),
    )
    # Its refusal of a far date, and what scheduling says.
    response = root_client.post(url, {"go_live_at": "9999-12-31 23:59"})
    assert response.context["form"].errors["go_live_at"] == [
        "Hãy chọn một ngày từ 01/01/2000 đến 31/12/2100."
    ]
    when = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    local = timezone.localtime(when)
    response = root_client.post(url, {"go_live_at": f"{local:%Y-%m-%d %H:%M}"}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert f"{local:%d/%m/%Y %H:%M}, {ZONE}" in text


def test_move_form(root_client, world):
    entry = make_entry(world["plan"], "Dời", planned_at=at(2026, 5, 4, 9, 15))
    url = reverse("borderplan_calendar:move", args=[entry.pk])
    html = root_client.get(url).content.decode()
    assert_vietnamese(html, ("Dời ngày", f"04/05/2026 09:15, {ZONE}"), ("Move",))
    # A bad date, in Django's Vietnamese; then the move, and its trail in the history.
    bad = root_client.post(url, {"date": "mai"}, HTTP_ACCEPT="application/json")
    assert bad.json()["error"] == "Nhập một ngày hợp lệ."
    response = root_client.post(url, {"date": "2026-05-06"}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert f"Đã dời “Dời” sang 06/05/2026 09:15, {ZONE}." in text
    history = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:history", args=[entry.pk])
    html = root_client.get(history).content.decode()
    assert f"04/05/2026 09:15, {ZONE} → 06/05/2026 09:15, {ZONE}" in html


def test_refusals_of_a_move(root_client, world, index):
    published = make_entry(world["plan"], planned_at=at(2026, 5, 4), page=make_article(index))
    url = reverse("borderplan_calendar:move", args=[published.pk])
    response = root_client.post(url, {"date": "2026-05-09"}, HTTP_ACCEPT="application/json")
    assert response.json()["error"] == "Mục đã xuất bản không thể dời."
    page = make_article(index, "Đã hẹn", live=False)
    page.go_live_at = timezone.now() + timedelta(days=2)
    page.save_revision().publish()
    scheduled = make_entry(world["plan"], planned_at=at(2026, 5, 4), page=page)
    url = reverse("borderplan_calendar:move", args=[scheduled.pk])
    response = root_client.post(url, {"date": "2026-05-09"}, HTTP_ACCEPT="application/json")
    assert response.json()["error"].startswith("Bài viết của mục này đã được lên lịch xuất bản")


def test_an_entry_refuses_a_page_that_is_no_article(client, world, portals):
    client.force_login(world["users"]["superuser"])
    entry = make_entry(world["plan"], "Bài của Trung tâm", unit=world["ict"])
    url = reverse("wagtailsnippets_wagtail_borderplan_calendarentry:edit", args=[entry.pk])
    data = {
        "plan": world["plan"].pk,
        "title": entry.title,
        "unit": world["ict"].pk,
        "editorial_status": "idea",
        **NO_EDITIONS,
        "page": portals["provincial"].pk,
    }
    response = client.post(url, data)
    title = portals["provincial"].title
    assert response.context["form"].errors["page"] == [
        f"“{title}” không phải bài viết: hãy chọn một trang bài viết."
    ]


# -- Collecting.


def test_import_html_form(root_client, world):
    html = root_client.get(IMPORT).content.decode()
    assert_vietnamese(html, ("Nguồn",), ("Source",))
    data = import_data(world, html="   ", save="1")
    response = root_client.post(IMPORT, data)
    assert response.status_code == 400
    assert response.context["form"].errors["html"] == [
        "Dán HTML của bài viết hoặc chọn một tệp HTML."
    ]
    assert_vietnamese(
        response.content.decode(),
        ("Dán HTML của bài viết hoặc chọn một tệp HTML.",),
        ("Paste the article's HTML or choose an HTML file.",),
    )
    data = import_data(world, preview="1")
    preview = root_client.post(IMPORT, data)
    assert preview.status_code == 200
    assert_vietnamese(
        preview.content.decode(), ("Xem lại trước khi lưu",), ("Review before saving",)
    )


def test_collected_items_and_feed_source_refusals(root_client, world, portals, settings):
    source = FeedSource.objects.create(
        name="Báo Biên phòng", feed_url="https://bao.example/rss", index_page=portals["provincial"]
    )
    CollectedItem.objects.create(source=source, key="k1", title="Tin hỏng", status="failed")
    CollectedItem.objects.update(updated_at=timezone.now() - timedelta(minutes=5))
    html = root_client.get(
        reverse("wagtailsnippets_wagtail_borderplan_collecteditem:list")
    ).content.decode()
    # Django's own "N minutes ago" too (its catalogue lacks it).
    assert "5\xa0phút" in html and "minutes" not in html
    settings.WAGTAIL_BORDERPLAN = {"COLLECT_PRIVATE_HOSTS": []}
    add = reverse("wagtailsnippets_wagtail_borderplan_feedsource:add")
    data = {"name": "Báo", "index_page": portals["provincial"].pk, "active": "on"}
    response = root_client.post(add, {**data, "feed_url": "http://10.1.2.3/rss"})
    assert response.context["form"].errors["feed_url"] == [
        "http://10.1.2.3/rss thuộc mạng nội bộ (10.1.2.3): không tải về."
    ]
    response = root_client.post(add, {**data, "feed_url": "ftp://bao.example/rss"})
    assert response.context["form"].errors["feed_url"] == [
        "Chỉ tải được địa chỉ http và https: ftp://bao.example/rss"
    ]


# -- The reports.

COVERAGE_HEAD = [
    "Tuyến biên giới",
    "Nội dung",
    "Chỉ tiêu",
    "Kế hoạch",
    "Chưa thực hiện",
    "Đang thực hiện",
    "Đã hẹn giờ đăng",
    "Lỡ hạn",
    "Đã đăng",
    "Đúng hạn",
    "Trễ hạn",
    "Đã hủy",
    "Tỷ lệ đạt chỉ tiêu (%)",
]
UNITS_HEAD = [
    "Đơn vị",
    "Được giao",
    "Đã đăng",
    "Đúng hạn",
    "Trễ hạn",
    "Lỡ hạn",
    "Chưa đến hạn",
    "Đã hủy",
]


def csv_head(response) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text)))


def test_reports(root_client, world):
    make_entry(world["plan"], "Mốc 1116", planned_at=at(2026, 5, 4), unit=world["ict"])
    make_entry(world["plan"], "Chưa giao", planned_at=at(2026, 5, 5))
    coverage = reverse("borderplan_reports:coverage")
    html = root_client.get(coverage).content.decode()
    assert_vietnamese(
        html,
        (
            *COVERAGE_HEAD,
            "Tổng cộng",
            "(không thuộc nội dung nào)",
            "Kỳ báo cáo: từ",
            "Ngày, tháng tính theo múi giờ Asia/Ho_Chi_Minh (UTC+07:00)",
        ),
        ("Percent of target", "Not started", "Total", "(no content line)"),
    )
    assert csv_head(root_client.get(coverage, {"export": "csv"})) == COVERAGE_HEAD
    units = reverse("borderplan_reports:units")
    assert csv_head(root_client.get(units, {"export": "csv"})) == UNITS_HEAD
    assert_vietnamese(
        root_client.get(units).content.decode(), ("(chưa giao đơn vị)",), ("(no unit)",)
    )
    # The export's sheet and title block.
    import openpyxl

    response = root_client.get(coverage, {"export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Thực hiện theo nội dung"]
    labels = [
        row[0] for row in book.worksheets[0].iter_rows(min_row=2, max_row=6, values_only=True)
    ]
    assert labels == ["Kế hoạch", "Kỳ báo cáo", "Bộ lọc", "Múi giờ", "Thời điểm lập"]
    # A filter that makes no sense is named in Vietnamese.
    html = root_client.get(coverage, {"plan": "abc"}).content.decode()
    assert "Các bộ lọc sau không hợp lệ và đã được bỏ qua:" in html


# -- The dashboard, refusals, validation, Wagtail's own strings.


def test_dashboard_panel(client, world):
    from wagtail_borderplan.models import RunnerHeartbeat

    client.force_login(world["users"]["viewer"])
    html = client.get(HOME).content.decode()
    never = "Công cụ xuất bản chưa từng chạy: các bài đã lên lịch đang không được xuất bản."
    assert_vietnamese(
        html,
        (never, "Lỡ lịch xuất bản", "Mở lịch biên tập"),
        ("The publishing runner has never run", "Missed schedules"),
    )
    RunnerHeartbeat.objects.create(
        started_at=timezone.now(), finished_at=timezone.now(), published=3
    )
    html = client.get(HOME).content.decode()
    assert "3 bài đã xuất bản" in html and never not in html


def test_permission_denied_messages(client, editors, world, portals):
    # Wagtail's refusal: back to the dashboard with its message.
    client.force_login(editors["admin_only"])
    response = client.get(reverse("wagtailsnippets_wagtail_borderplan_treaty:list"))
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert [m.strip() for m in messages] == ["Bạn không có quyền truy cập vào khu vực này."]
    # Ours: a member of another portal may not create the article there.
    department_editor = editors["department"]
    department_editor.user_permissions.add(*world["users"]["member"].user_permissions.all())
    world["ict"].members.add(department_editor)
    entry = make_entry(world["plan"], "Bài của Trung tâm", unit=world["ict"])
    client.force_login(department_editor)
    url = reverse("borderplan_calendar:create_article", args=[entry.pk])
    response = client.post(url, {"channel": world["provincial"].pk})
    assert response.status_code == 403
    refusal = "Bạn không có quyền thêm trang vào chuyên mục của cổng này."
    assert response.context["form"].errors["channel"] == [refusal]
    assert_vietnamese(
        response.content.decode(), (refusal,), ("You may not add pages under this portal",)
    )


def test_validation_errors(client, editors, portals, taxonomy):
    client.force_login(editors["manager"])
    response = client.post(
        reverse("wagtailsnippets_wagtail_borderplan_section:add"),
        {"name": "Tuyến thử", "slug": "", "neighbour_country": "X", "colour": "red"},
    )
    assert response.status_code == 200
    assert_vietnamese(
        response.content.decode(),
        ("Nhập màu dạng #rrggbb, ví dụ #b91c1c.",),
        ("Enter a colour as #rrggbb",),
    )
    assert not Section.objects.filter(name="Tuyến thử").exists()
    html = client.get(reverse("wagtailsnippets_wagtail_borderplan_treaty:list")).content.decode()
    assert_vietnamese(html, ("Hiệp ước 1999", "Số trang gắn thẻ"), ("Tagged pages",))


def add_article_url(index) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=("wagtail_borderplan", "borderarticlepage", index.pk)
    )


def test_article_form_and_wagtails_own_strings(client, editors, portals, taxonomy):
    """Wagtail's catalogue leaves some in English; wagtail_borderplan.wagtail_vi fills it."""
    client.force_login(editors["provincial"])
    html = client.get(add_article_url(portals["provincial"])).content.decode()
    assert_vietnamese(
        html,
        (
            "Lưu bản nháp",
            "Tiêu đề trang mà bạn muốn hiển thị với công chúng",
            "Phân loại",
            "Văn kiện pháp lý",
            "Tuyến biên giới",
            "Nguồn",
        ),
        ("Save draft", "Classification", "Legal document"),
    )
    assert "thể loại bài" in html.lower()
    client.force_login(editors["superuser"])
    menu = client.get(HOME).content.decode()
    for label in ("Kế hoạch", "Hình ảnh", "Tài liệu", "Báo cáo", "Trợ giúp"):
        assert json.dumps(label)[1:-1] in menu, label


# -- Outside the admin: the portal, the emails, a command.


def test_portal_index_labels(client, portals, taxonomy):
    make_article(portals["provincial"], "Mốc 1116", sections=[taxonomy["china"]])
    html = client.get("/bien-gioi/", HTTP_HOST="tinh.localhost").content.decode()
    assert_vietnamese(
        html,
        ("Tuyến biên giới", "Văn kiện pháp lý", "Theo dõi các tin, bài này:"),
        ("Subscribe to these articles", "Legal document"),
    )
    html = client.get(
        "/bien-gioi/section/viet-nam-trung-quoc/", HTTP_HOST="tinh.localhost"
    ).content.decode()
    assert "Bỏ bộ lọc Việt Nam - Trung Quốc" in html


def test_notification_emails(world, index):
    from tests.publishing.test_dashboard import scheduled_entry
    from wagtail_borderplan.publishing.notify import notify

    member = world["users"]["member"]
    member.email = "member@example.com"
    member.save()
    scheduled_entry(world, index, 30, "Bài lỡ lịch")
    notify()
    [message] = mail.outbox
    assert message.subject == "Lỡ lịch xuất bản: Bài lỡ lịch"
    assert "vẫn chưa được xuất bản" in message.body
    assert "Hãy kiểm tra công cụ xuất bản và bài viết, rồi lên lịch lại." in message.body


def test_repair_command_reports_in_vietnamese(db):
    out = io.StringIO()
    call_command("borderplan_repair_topics", stdout=out)
    assert re.search(
        r"Đã sửa 0 trang và 0 phiên bản, đã xóa 0 thẻ và đổi tên 0 thẻ\.", out.getvalue()
    )
