"""The morning e-mail of each sales person: what is due, overdue and new, once a day."""

from datetime import date, timedelta

import pytest

from leads.models import Lead
from leads.tasks import send_sales_digest, send_sales_digests
from tests.factories import LeadFactory, user_in_group

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 2)


@pytest.fixture
def sam(db):
    user = user_in_group("Sales", "sam.sales")
    user.email, user.first_name = "sam@example.com", "Sam"
    user.save()
    return user


def _digest(mailoutbox, to):
    return [m for m in mailoutbox if m.to == [to]]


def test_digest_lists_due_overdue_and_new_unassigned_leads(sam, mailoutbox):
    LeadFactory(name="Due Today", assignee=sam, follow_up_on=TODAY, next_step="send pricing")
    LeadFactory(name="Late One", assignee=sam, follow_up_on=TODAY - timedelta(days=3))
    LeadFactory(name="Nobody's Yet")
    LeadFactory(name="Someone Else's", assignee=user_in_group("Sales", "sue"), follow_up_on=TODAY)
    LeadFactory(name="Closed", assignee=sam, follow_up_on=TODAY, status=Lead.Status.WON)
    assert send_sales_digest(sam.pk, TODAY.isoformat()) == "sent"
    [message] = _digest(mailoutbox, "sam@example.com")
    assert message.subject == "Today: 1 follow-up due, 1 overdue, 1 new to take"
    assert "Due Today, Atlas Components: send pricing" in message.body
    assert "Late One" in message.body and "Nobody's Yet" in message.body
    assert "Someone Else's" not in message.body and "Closed" not in message.body
    assert "/admin/leads/lead/?queue=mine" in message.body


def test_digest_goes_once_a_day_however_often_the_task_runs(sam, mailoutbox):
    LeadFactory(assignee=sam, follow_up_on=TODAY)
    send_sales_digest(sam.pk, TODAY.isoformat())
    assert send_sales_digest(sam.pk, TODAY.isoformat()) == "not waiting"
    assert len(_digest(mailoutbox, "sam@example.com")) == 1
    send_sales_digest(sam.pk, (TODAY + timedelta(days=1)).isoformat())
    assert len(_digest(mailoutbox, "sam@example.com")) == 2


def test_nothing_to_do_sends_nothing(sam, mailoutbox):
    assert send_sales_digest(sam.pk, TODAY.isoformat()) == "nothing to do"
    assert mailoutbox == []


def test_only_active_sales_people_with_an_address_get_one(sam, mailoutbox):
    LeadFactory()  # new and unassigned: something for everyone in Sales
    editor = user_in_group("Editors", "eddie")
    editor.email = "eddie@example.com"
    editor.save()
    gone = user_in_group("Sales", "gone")
    gone.email, gone.is_active = "gone@example.com", False
    gone.save()
    assert send_sales_digests() == 1
    assert [m.to for m in mailoutbox] == [["sam@example.com"]]


def test_digest_is_scheduled_every_morning(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sales-digests"]
    assert entry["task"] == "leads.tasks.send_sales_digests"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
