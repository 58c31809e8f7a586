"""The leads' work on the task queue (portal/celery.py): their e-mails and the
retention purge. Each task may run twice (a worker killed, a message delivered again)
without doing its work twice: the database says what is done."""

from datetime import date, timedelta
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.utils import timezone

from portal.roles import SALES

from . import exports, rollups
from .emails import lead_email_send, lead_emails_send, sales_digest_send
from .models import LeadEmail
from .newsletter.models import ConfirmationEmail
from .newsletter.tasks import send_confirmation
from .privacy import leads_anonymise

# E-mails enqueued per run of the periodic task, oldest due first.
DUE_BATCH = 500


@shared_task
def send_lead_email(email_id):
    """Send one queued e-mail of a lead (if still waiting); return what happened."""
    return lead_email_send(email_id=email_id)


@shared_task
def send_lead_emails(email_ids):
    """Send queued e-mails of leads (a reminder's batch) over one connection to the
    mail server, each once; return how many were sent."""
    return lead_emails_send(email_ids=email_ids)


@shared_task
def send_due_emails():
    """Enqueue the outbox's e-mails whose (next) attempt is due: failed ones after their
    wait, and any a lost message, a broker outage or a killed worker left behind.
    Periodic (settings)."""
    count = 0
    for model, task in ((LeadEmail, send_lead_email), (ConfirmationEmail, send_confirmation)):
        due = model.objects.due().order_by("next_attempt_at").values_list("pk", flat=True)
        for pk in due[:DUE_BATCH]:
            task.delay(pk)
            count += 1
    return count


@shared_task
def purge_old_leads():
    """Anonymise the leads older than LEADS_RETENTION_DAYS (0: keep). Periodic (settings)."""
    if settings.LEADS_RETENTION_DAYS <= 0:
        return 0
    cutoff = timezone.now() - timedelta(days=settings.LEADS_RETENTION_DAYS)
    return leads_anonymise(older_than=cutoff)


@shared_task
def send_sales_digests():
    """Queue the morning e-mail of every active sales person with an address. Periodic."""
    day = timezone.localdate()
    people = get_user_model().objects.filter(groups__name=SALES, is_active=True).exclude(email="")
    ids = list(people.values_list("pk", flat=True))
    for user_id in ids:
        send_sales_digest.delay(user_id, day.isoformat())
    return len(ids)


@shared_task(
    autoretry_for=(SMTPException, OSError), retry_backoff=60, retry_backoff_max=3600,
    max_retries=6,
)  # fmt: skip
def send_sales_digest(user_id, day):
    """Send one sales person's morning e-mail for `day` (ISO date), once."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return "no such person"
    return sales_digest_send(user=user, day=date.fromisoformat(day))


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=30, max_retries=5)
def build_lead_export(export_id):
    """Make a queued export's file, then tell the person who asked."""
    outcome = exports.export_build(export_id=export_id)
    if outcome == "ready":
        send_export_ready.delay(export_id)
    return outcome


@shared_task(
    autoretry_for=(SMTPException, OSError), retry_backoff=60, retry_backoff_max=3600,
    max_retries=6,
)  # fmt: skip
def send_export_ready(export_id):
    """E-mail the link of a finished export to the person who asked for it."""
    return exports.export_ready_email(export_id=export_id)


@shared_task
def remove_old_exports():
    """Delete the exports older than LEADS_EXPORT_DAYS. Periodic (settings)."""
    return exports.exports_remove_old()


@shared_task
def roll_up_lead_counts():
    """Bring the attribution report's daily roll-ups up to date. Periodic (settings)."""
    return rollups.roll_up_days()
