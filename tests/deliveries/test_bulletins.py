"""A bulletin issue: publishing it delivers its entries on the bulletin, once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.factories import at, make_entry, make_user
from wagtail_borderplan.actions.base import ActionPermissionError, ActionStateError
from wagtail_borderplan.actions.bulletins import PublishBulletinAction
from wagtail_borderplan.models import BulletinIssue, Channel, Delivery, DeliveryState, Unit

PUBLISH = "wagtailsnippets_wagtail_borderplan_bulletinissue:publish"
EDIT = "wagtailsnippets_wagtail_borderplan_bulletinissue:edit"


@pytest.fixture
def bulletin(world):
    editors = Unit.objects.create(name="Ban biên tập bản tin", kind="portal_manager")
    channel = Channel.objects.create(name="Bản tin Sở", kind="bulletin", unit=editors)
    return {
        "channel": channel,
        "editors": editors,
        "editor": make_user("bien_tap", units=[editors]),
    }


@pytest.fixture
def issue(world, bulletin):
    entries = [
        make_entry(
            world["plan"], f"Bài {n}", channels=[bulletin["channel"]], planned_at=at(2026, 5, 4 + n)
        )
        for n in range(2)
    ]
    issue = BulletinIssue.objects.create(
        channel=bulletin["channel"], number="05/2026", issue_date=timezone.localdate()
    )
    issue.entries.set(entries)
    return issue


def test_publishing_an_issue_delivers_each_entry_with_its_number(issue, bulletin):
    deliveries = PublishBulletinAction(issue, bulletin["editor"]).execute()
    assert len(deliveries) == 2
    assert set(Delivery.objects.values_list("unit", "issue_number")) == {
        (bulletin["editors"].pk, "05/2026")
    }
    issue.refresh_from_db()
    assert issue.published_at is not None
    assert ModelLogEntry.objects.filter(action="wagtail_borderplan.bulletin.publish").count() == 1
    assert ModelLogEntry.objects.filter(action="wagtail_borderplan.delivery.confirm").count() == 2
    with pytest.raises(ActionStateError):  # once
        PublishBulletinAction(issue, bulletin["editor"]).execute()


def test_an_entry_an_earlier_issue_carried_keeps_that_record(world, issue, bulletin):
    PublishBulletinAction(issue, bulletin["editor"]).execute()
    later = BulletinIssue.objects.create(
        channel=bulletin["channel"], number="06/2026", issue_date=timezone.localdate()
    )
    later.entries.set(issue.entries.all())
    assert PublishBulletinAction(later, bulletin["editor"]).execute() == []
    assert set(Delivery.objects.values_list("issue_number", flat=True)) == {"05/2026"}


def test_an_issue_dated_after_its_entries_delivers_them_late(issue, bulletin):
    PublishBulletinAction(issue, bulletin["editor"]).execute()
    assert {d.state for d in Delivery.objects.select_related("entry")} == {DeliveryState.LATE}


def test_refusals_write_nothing(world, issue, bulletin):
    with pytest.raises(ActionPermissionError):
        PublishBulletinAction(issue, world["users"]["other_member"]).execute()
    issue.issue_date = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ActionStateError):
        PublishBulletinAction(issue, bulletin["editor"]).execute()
    issue.issue_date = timezone.localdate()
    stray = make_entry(world["plan"], "Không trên bản tin", channels=[world["radio"]])
    issue.entries.add(stray)
    with pytest.raises(ActionStateError, match="Không trên bản tin"):
        PublishBulletinAction(issue, bulletin["editor"]).execute()
    assert not Delivery.objects.exists()
    issue.refresh_from_db()
    assert issue.published_at is None


def test_the_admin_publishes_by_post_only_and_names_refusals(client, world, issue, bulletin):
    url = reverse(PUBLISH, args=[issue.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert not Delivery.objects.exists()
    client.force_login(world["users"]["superuser"])
    page = client.get(url)
    assert page.status_code == 200 and b"csrfmiddlewaretoken" in page.content
    assert not Delivery.objects.exists()  # GET writes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse(EDIT, args=[issue.pk])
    assert Delivery.objects.count() == 2
    assert client.post(url).status_code == 302  # again: refused, said, nothing added
    assert Delivery.objects.count() == 2
    assert client.get(reverse(PUBLISH, args=[99999])).status_code == 404


def test_the_edit_page_offers_to_publish_until_published(client, world, issue, bulletin):
    client.force_login(world["users"]["superuser"])
    publish = reverse(PUBLISH, args=[issue.pk])
    assert publish in client.get(reverse(EDIT, args=[issue.pk])).content.decode()
    PublishBulletinAction(issue, world["users"]["superuser"]).execute()
    assert publish not in client.get(reverse(EDIT, args=[issue.pk])).content.decode()


def test_a_user_without_the_right_may_not_publish_through_the_admin(client, world, issue):
    user = make_user("khach_quan_tri", "access_admin")
    client.force_login(user)
    client.post(reverse(PUBLISH, args=[issue.pk]))
    assert not Delivery.objects.exists()
