"""The e-mails a lead causes: written with the lead, sent after commit by the task queue
(in-process here: no broker), retried later when the mail server fails, sent once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leads.models import Lead, LeadEmail
from leads.tasks import purge_old_leads, send_due_emails, send_lead_email
from portal import celery_app
from tests.factories import LeadFactory, PublishedArticleFactory
from tests.leads.helpers import lead_post_data

pytestmark = pytest.mark.django_db


def _submit(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", lead_post_data(**overrides))
    assert response.status_code == 302
    return Lead.objects.latest("pk")


def _make_due():
    LeadEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_new_lead_is_emailed_to_sales_after_commit(
    client, smtp_server, django_capture_on_commit_callbacks
):
    article = PublishedArticleFactory(title="BTR signs cathode deal")
    lead = _submit(client, django_capture_on_commit_callbacks, article_slug=article.slug)
    to_sales = [m for m in smtp_server.messages if m.rcpt_tos == ["sales@example.com"]]
    assert len(to_sales) == 1
    body = to_sales[0].content.decode()
    assert "Amina El Idrissi" in body
    assert "BTR signs cathode deal" in body
    assert f"/admin/leads/lead/{lead.pk}/change/" in body
    email = lead.emails.get(kind=LeadEmail.Kind.SALES)
    assert (email.state, email.attempts, email.last_error) == (LeadEmail.State.SENT, 1, "")


def test_an_enquiry_is_acknowledged_to_the_reader(
    client, smtp_server, django_capture_on_commit_callbacks
):
    _submit(client, django_capture_on_commit_callbacks, kind="enquiry", topic="Advertising")
    to_reader = [m for m in smtp_server.messages if m.rcpt_tos == ["amina@example.com"]]
    assert len(to_reader) == 1
    assert "We have your request: Advertising" in to_reader[0].content.decode()


def test_mail_is_not_sent_before_the_lead_is_committed(client, smtp_server):
    # Without running on_commit callbacks, nothing may be sent.
    client.post("/contact/", lead_post_data())
    assert Lead.objects.count() == 1
    assert LeadEmail.objects.filter(state=LeadEmail.State.PENDING).count() == 2
    assert smtp_server.messages == []


def test_mail_server_down_keeps_the_lead_and_schedules_another_attempt(
    client, smtp_port, django_capture_on_commit_callbacks
):
    lead = _submit(client, django_capture_on_commit_callbacks)
    email = lead.emails.get(kind=LeadEmail.Kind.SALES)
    assert (email.state, email.attempts) == (LeadEmail.State.PENDING, 1)
    assert "ConnectionRefusedError" in email.last_error
    wait = email.next_attempt_at - timezone.now()
    assert timedelta(seconds=30) < wait <= timedelta(seconds=60)


def test_each_failure_waits_longer_before_the_next_attempt():
    waits = [LeadEmail.backoff(attempts) for attempts in range(1, 12)]
    assert waits[:4] == [60, 120, 240, 480]
    assert waits == sorted(waits) and waits[-1] == 6 * 60 * 60


def test_periodic_task_sends_waiting_emails_once_the_server_is_back(
    client, start_smtp_server, django_capture_on_commit_callbacks
):
    _submit(client, django_capture_on_commit_callbacks)
    sink = start_smtp_server()
    _make_due()
    assert send_due_emails() == 2
    recipients = sorted(m.rcpt_tos[0] for m in sink.messages)
    assert recipients == ["amina@example.com", "sales@example.com"]
    assert set(LeadEmail.objects.values_list("state", flat=True)) == {LeadEmail.State.SENT}
    _make_due()
    assert send_due_emails() == 0
    assert len(sink.messages) == 2


def test_an_email_is_not_tried_again_before_its_time(
    client, start_smtp_server, django_capture_on_commit_callbacks
):
    _submit(client, django_capture_on_commit_callbacks)
    sink = start_smtp_server()
    assert send_due_emails() == 0
    assert sink.messages == []


def test_the_queue_gives_up_after_the_last_attempt(
    client, smtp_port, django_capture_on_commit_callbacks
):
    lead = _submit(client, django_capture_on_commit_callbacks)
    LeadEmail.objects.update(attempts=LeadEmail.MAX_ATTEMPTS - 1)
    _make_due()
    send_due_emails()
    email = lead.emails.get(kind=LeadEmail.Kind.SALES)
    assert (email.state, email.attempts) == (LeadEmail.State.FAILED, LeadEmail.MAX_ATTEMPTS)
    _make_due()
    assert send_due_emails() == 0


def test_sales_are_not_told_of_a_lead_marked_as_spam_before_the_email_went(
    client, start_smtp_server, django_capture_on_commit_callbacks
):
    client.post("/contact/", lead_post_data())  # committed, e-mails not sent yet
    Lead.objects.update(status=Lead.Status.SPAM)
    sink = start_smtp_server()
    _make_due()
    send_due_emails()
    assert LeadEmail.objects.get(kind=LeadEmail.Kind.SALES).state == LeadEmail.State.CANCELLED
    assert [m.rcpt_tos for m in sink.messages] == [["amina@example.com"]]


def test_subject_cannot_be_used_for_header_injection(
    client, smtp_server, django_capture_on_commit_callbacks
):
    _submit(client, django_capture_on_commit_callbacks, company="X\r\nBcc: victim@example.com")
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == [
        "amina@example.com", "sales@example.com",
    ]  # fmt: skip


def test_a_task_delivered_twice_sends_its_email_once(client, smtp_server):
    client.post("/contact/", lead_post_data())  # committed, e-mails not sent yet
    email = LeadEmail.objects.get(kind=LeadEmail.Kind.SALES)
    assert send_lead_email(email.pk) == "sent"
    assert send_lead_email(email.pk) == "not waiting"
    assert len([m for m in smtp_server.messages if m.rcpt_tos == ["sales@example.com"]]) == 1


def test_the_queue_schedules_the_retries_and_the_retention_purge(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"leads.tasks.send_due_emails", "leads.tasks.purge_old_leads"} <= scheduled
    assert scheduled <= set(celery_app.tasks)


def test_retention_purge_task_anonymises_leads_past_the_retention_period(settings):
    settings.LEADS_RETENTION_DAYS = 30
    old, recent = LeadFactory(), LeadFactory()
    Lead.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    assert purge_old_leads() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None and recent.anonymised_at is None


@pytest.mark.parametrize(
    "path", ["/admin/django_celery_results/taskresult/", "/admin/leads/leademail/"]
)
def test_only_superusers_see_the_queue_in_the_admin(client, admin_client, path):
    from tests.factories import user_in_group

    assert admin_client.get(path).status_code == 200
    for role in ("Sales", "Editors"):
        client.force_login(user_in_group(role, f"someone-{role}"))
        assert client.get(path).status_code == 403
