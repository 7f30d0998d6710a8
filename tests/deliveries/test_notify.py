"""The day before, each carrying unit is emailed what it is to carry: once, and only what
it has not confirmed yet."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import HANOI, make_entry, make_user
from tests.processes import command_process, database_for_processes
from wagtail_borderplan.actions.deliveries import ConfirmDeliveryAction
from wagtail_borderplan.models import Channel, DeliveryReminder, EntryStatus, Unit
from wagtail_borderplan.publishing import notify as notify_module
from wagtail_borderplan.publishing.notify import notify


@pytest.fixture(autouse=True)
def emails(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def stations(world):
    first = Unit.objects.create(name="Đài xã Thanh Sơn", kind="commune_committee")
    second = Unit.objects.create(name="Đài xã Liên Sơn", kind="commune_committee")
    world["radio"].carriers.set([first, second])
    make_user("tram1", units=[first]).__class__.objects.filter(username="tram1").update(
        email="tram1@example.com"
    )
    make_user("tram2", units=[second]).__class__.objects.filter(username="tram2").update(
        email="tram2@example.com"
    )
    return {"first": first, "second": second}


def tomorrow_at(hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=HANOI)


def test_each_station_is_reminded_once_of_what_it_has_not_confirmed(world, stations):
    relay = make_entry(
        world["plan"], "Tiếp sóng", channels=[world["radio"]], planned_at=tomorrow_at(18)
    )
    make_entry(  # a portal served here delivers by publishing: nobody to remind
        world["plan"], "Chỉ trên cổng", channels=[world["provincial"]], planned_at=tomorrow_at(9)
    )
    make_entry(
        world["plan"],
        "Đã hủy",
        channels=[world["radio"]],
        planned_at=tomorrow_at(19),
        editorial_status=EntryStatus.CANCELLED,
    )
    make_entry(  # the day after tomorrow: not yet
        world["plan"],
        "Ngày kia",
        channels=[world["radio"]],
        planned_at=tomorrow_at(18) + timedelta(days=1),
    )
    # The second station confirmed ahead (a rerun of an earlier programme).
    ConfirmDeliveryAction(relay, world["radio"], stations["second"]).execute()

    result = notify()
    assert result.carriers == [f"{stations['first'].name}: 1"]
    assert [message.to for message in mail.outbox] == [["tram1@example.com"]]
    assert "Tiếp sóng" in mail.outbox[0].body and "Đã hủy" not in mail.outbox[0].body
    assert notify().carriers == []  # once
    assert len(mail.outbox) == 1
    assert DeliveryReminder.objects.count() == 1


def test_a_unit_whose_email_fails_is_retried_and_the_others_still_get_theirs(
    world, stations, monkeypatch
):
    make_entry(world["plan"], "Tiếp sóng", channels=[world["radio"]], planned_at=tomorrow_at(18))
    real_send = notify_module._send

    def refuse_first_station(subject, lines, recipients):
        if "tram1@example.com" in recipients:
            raise ConnectionRefusedError("mail server down")
        real_send(subject, lines, recipients)

    monkeypatch.setattr(notify_module, "_send", refuse_first_station)
    result = notify()
    assert result.carriers == [f"{stations['second'].name}: 1"]
    assert result.errors == [f"{stations['first'].name}: mail server down"]
    monkeypatch.setattr(notify_module, "_send", real_send)
    assert notify().carriers == [f"{stations['first'].name}: 1"]  # retried
    assert sorted(m.to[0] for m in mail.outbox) == ["tram1@example.com", "tram2@example.com"]


EMAIL_TO_FILES = (
    "from django.conf import settings\n"
    "settings.EMAIL_BACKEND = 'django.core.mail.backends.filebased.EmailBackend'\n"
    "settings.EMAIL_FILE_PATH = {path!r}"
)


@pytest.mark.django_db(transaction=True)
def test_two_runs_in_separate_processes_remind_once(world, stations, tmp_path):
    make_entry(world["plan"], "Tiếp sóng", channels=[world["radio"]], planned_at=tomorrow_at(18))
    outbox = tmp_path / "mail"
    with database_for_processes(tmp_path) as database:
        outputs = []
        for _ in range(2):
            process = command_process(
                "borderplan_notify", EMAIL_TO_FILES.format(path=str(outbox)), database
            )
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            outputs.append(out)
    assert "carrying units 2" in outputs[0] and "carrying units 0" in outputs[1]
    # One email per station, not one per run (the file backend may put both in a file).
    sent = "".join(path.read_text() for path in outbox.iterdir())
    assert sent.count("\nSubject: ") == 2
    assert DeliveryReminder.objects.count() == 2


def test_an_entry_on_two_channels_of_one_station_lists_both(world, stations):
    district = Channel.objects.create(name="Truyền thanh huyện", kind="district_radio")
    district.carriers.set([stations["first"]])
    make_entry(
        world["plan"],
        "Tiếp sóng",
        channels=[world["radio"], district],
        planned_at=tomorrow_at(18),
    )
    notify()
    body = next(m.body for m in mail.outbox if m.to == ["tram1@example.com"])
    assert world["radio"].label in body and district.label in body


def test_an_entry_due_tomorrow_without_a_planned_time_is_reminded_too(world, stations):
    make_entry(
        world["plan"],
        "Chỉ có hạn",
        channels=[world["radio"]],
        due_date=timezone.localdate() + timedelta(days=1),
    )
    assert sorted(notify().carriers) == sorted(
        f"{stations[name].name}: 1" for name in ("first", "second")
    )
    assert all("Chỉ có hạn" in message.body for message in mail.outbox)


def test_a_units_own_address_is_reminded_with_its_members(world, stations):
    """A commune station often has no admin account: its own mailbox gets the list."""
    Unit.objects.filter(pk=stations["first"].pk).update(email="dai.thanhson@example.com")
    only_address = Unit.objects.create(
        name="Đài xã Kim Bình", kind="commune_committee", email="dai.kimbinh@example.com"
    )
    nobody = Unit.objects.create(name="Đài xã Tiên Hải", kind="commune_committee")
    world["radio"].carriers.add(only_address, nobody)
    make_entry(world["plan"], "Tiếp sóng", channels=[world["radio"]], planned_at=tomorrow_at(18))

    result = notify()
    sent = {tuple(message.to) for message in mail.outbox}
    assert sent == {
        ("dai.thanhson@example.com", "tram1@example.com"),
        ("tram2@example.com",),
        ("dai.kimbinh@example.com",),  # no members: its address alone
    }
    assert f"{only_address.name}: 1" in result.carriers
    assert not any(nobody.name in line for line in result.carriers)
    assert not DeliveryReminder.objects.filter(unit=nobody).exists()  # nobody to tell yet
    assert notify().carriers == []  # once, to the address too
    assert len(mail.outbox) == 3
