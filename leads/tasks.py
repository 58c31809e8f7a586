"""The leads' work on the task queue (portal/celery.py): their e-mails and the
retention purge. Each task may run twice (a worker killed, a message delivered again)
without doing its work twice: the database says what is done."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import LeadEmail
from .privacy import leads_anonymise
from .services import lead_email_send

# E-mails enqueued per run of the periodic task, oldest due first.
DUE_BATCH = 500


@shared_task
def send_lead_email(email_id):
    """Send one queued e-mail of a lead (if still waiting); return what happened."""
    return lead_email_send(email_id=email_id)


@shared_task
def send_due_emails():
    """Enqueue the e-mails whose (next) attempt is due: failed ones after their wait,
    and any a lost message or a killed worker left behind. Periodic (settings)."""
    due = list(
        LeadEmail.objects.due().order_by("next_attempt_at").values_list("pk", flat=True)[:DUE_BATCH]
    )
    for email_id in due:
        send_lead_email.delay(email_id)
    return len(due)


@shared_task
def purge_old_leads():
    """Anonymise the leads older than LEADS_RETENTION_DAYS (0: keep). Periodic (settings)."""
    if settings.LEADS_RETENTION_DAYS <= 0:
        return 0
    cutoff = timezone.now() - timedelta(days=settings.LEADS_RETENTION_DAYS)
    return leads_anonymise(older_than=cutoff)
