import io

import pytest
from django.core.management import call_command

from leads.models import Lead
from tests.factories import PublishedArticleFactory
from tests.leads.helpers import lead_post_data

pytestmark = pytest.mark.django_db


def _submit(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", lead_post_data(**overrides))
    assert response.status_code == 302
    return Lead.objects.latest("pk")


def test_new_lead_is_emailed_to_sales_after_commit(
    client, smtp_server, django_capture_on_commit_callbacks
):
    article = PublishedArticleFactory(title="BTR signs cathode deal")
    lead = _submit(client, django_capture_on_commit_callbacks, article_slug=article.slug)
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["sales@example.com"]
    body = envelope.content.decode()
    assert "Amina El Idrissi" in body
    assert "BTR signs cathode deal" in body
    assert f"/admin/leads/lead/{lead.pk}/change/" in body
    lead.refresh_from_db()
    assert lead.notified_at is not None
    assert lead.notification_error == ""


def test_mail_is_not_sent_before_the_lead_is_committed(client, smtp_server):
    # Without running on_commit callbacks, nothing may be sent.
    client.post("/contact/", lead_post_data())
    assert Lead.objects.count() == 1
    assert smtp_server.messages == []


def test_mail_server_down_keeps_the_lead_and_records_the_failure(
    client, smtp_port, django_capture_on_commit_callbacks
):
    lead = _submit(client, django_capture_on_commit_callbacks)
    lead.refresh_from_db()
    assert lead.notified_at is None
    assert lead.notification_attempts == 1
    assert "ConnectionRefusedError" in lead.notification_error


def test_resend_command_sends_pending_notifications_once_the_server_is_back(
    client, start_smtp_server, django_capture_on_commit_callbacks
):
    lead = _submit(client, django_capture_on_commit_callbacks)
    sink = start_smtp_server()
    out = io.StringIO()
    call_command("resend_lead_notifications", stdout=out)
    assert "Notifications sent: 1" in out.getvalue()
    assert len(sink.messages) == 1
    lead.refresh_from_db()
    assert lead.notified_at is not None
    call_command("resend_lead_notifications", stdout=io.StringIO())
    assert len(sink.messages) == 1


def test_resend_command_fails_loudly_while_the_server_is_still_down(
    client, smtp_port, django_capture_on_commit_callbacks
):
    _submit(client, django_capture_on_commit_callbacks)
    with pytest.raises(SystemExit):
        call_command("resend_lead_notifications", stdout=io.StringIO())
    assert Lead.objects.get().notification_attempts == 2


def test_spam_leads_are_never_notified(client, smtp_server, django_capture_on_commit_callbacks):
    lead = _submit(client, django_capture_on_commit_callbacks)
    smtp_server.messages.clear()
    Lead.objects.filter(pk=lead.pk).update(notified_at=None, status=Lead.Status.SPAM)
    call_command("resend_lead_notifications", stdout=io.StringIO())
    assert smtp_server.messages == []


def test_subject_cannot_be_used_for_header_injection(
    client, smtp_server, django_capture_on_commit_callbacks
):
    _submit(client, django_capture_on_commit_callbacks, company="X\r\nBcc: victim@example.com")
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["sales@example.com"]
