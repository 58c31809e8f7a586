"""The e-mails leads cause: written from the lead as it is now, sent once through the
outbox (portal.outbox); and the sales people's morning e-mail."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.outbox import outbox_send
from portal.seo import absolute_url

from . import delivery
from .events import emails as registration_emails
from .models import Lead, LeadEmail, SalesDigest


def lead_email_send(*, email_id, connection=None) -> str:
    """Send one queued e-mail of a lead if it still waits (once: portal.outbox); return
    what happened. Sales are not told of a lead marked as spam meanwhile, and a
    registrant is not sent what no longer applies (a reminder after a cancellation)."""

    def message(email):
        if email.kind == LeadEmail.Kind.SALES and email.lead.status == Lead.Status.SPAM:
            return None
        if email.kind in registration_emails.KINDS:
            outgoing = registration_emails.message(email)
        else:
            outgoing = lead_email_message(email)
        if outgoing is not None and connection is not None:
            outgoing.connection = connection
        return outgoing

    return outbox_send(
        LeadEmail, email_id, message=message,
        related=["lead__article", "lead__report", "lead__registration__event"],
    )  # fmt: skip


def lead_emails_send(*, email_ids) -> int:
    """Send these queued e-mails over one connection; return how many were sent."""
    connection = get_connection(fail_silently=False)
    sent = 0
    try:
        for email_id in email_ids:
            sent += lead_email_send(email_id=email_id, connection=connection) == "sent"
    finally:
        connection.close()
    return sent


def lead_email_message(email):
    """The message of a queued e-mail, written from the lead as it is now: to the reader
    in the language of the edition they wrote from, to the sales desk in English."""
    lead = email.lead
    reader = email.kind != LeadEmail.Kind.SALES
    with translation.override(lead.language if reader else settings.LANGUAGE_CODE):
        context = {
            "lead": lead, "report": lead.report, "site_name": settings.SITE_NAME,
            "admin_url": absolute_url(lead.get_admin_url()),
            "privacy_url": absolute_url(reverse("leads:privacy")),
        }  # fmt: skip
        if not reader:
            template, to, reply_to = "new_lead", settings.SALES_NOTIFY_EMAILS, [lead.email]
        else:
            template, to = "reader_" + email.kind.replace("-", "_"), [lead.email]
            reply_to = settings.SALES_NOTIFY_EMAILS[:1]
            if email.kind in (LeadEmail.Kind.REPORT_LINK, LeadEmail.Kind.FRESH_LINK):
                context["download_url"] = absolute_url(delivery.download_url(lead))
                context["valid_days"] = settings.REPORT_LINK_DAYS
        subject = render_to_string(f"leads/email/{template}_subject.txt", context)
        body = render_to_string(f"leads/email/{template}_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split())[:200], body=body, to=to,
                        reply_to=reply_to)  # fmt: skip


DIGEST_LIST_LIMIT = 50  # leads listed per part of a morning e-mail (the desk has the rest)


def sales_digest_send(*, user, day) -> str:
    """E-mail `user` (a sales person) their follow-ups due on `day`, the overdue ones
    and the new leads nobody has taken, at most once per day; nothing when there is
    nothing to do. Return what happened."""
    digest, _ = SalesDigest.objects.get_or_create(user=user, day=day)
    with transaction.atomic():
        digest = (
            SalesDigest.objects.select_for_update(skip_locked=True)
            .filter(pk=digest.pk, sent_at__isnull=True)
            .first()
        )
        if digest is None:
            return "not waiting"
        parts = {
            "due": Lead.objects.due_on(day).filter(assignee=user).order_by(*Lead.QUEUE_ORDER),
            "overdue": Lead.objects.overdue(day).filter(assignee=user).order_by(*Lead.QUEUE_ORDER),
            "unassigned": Lead.objects.filter(
                status=Lead.Status.NEW, assignee__isnull=True
            ).order_by("created_at", "pk"),
        }
        counts = {name: leads.count() for name, leads in parts.items()}
        if not any(counts.values()):
            SalesDigest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
            return "nothing to do"
        context = {
            "user": user, "day": day, "counts": counts, "site_name": settings.SITE_NAME,
            "desk_url": absolute_url(reverse("admin:leads_lead_changelist")),
            **{name: [(lead, absolute_url(lead.get_admin_url()))
                      for lead in leads.select_related("article")[:DIGEST_LIST_LIMIT]]
               for name, leads in parts.items()},
        }  # fmt: skip
        EmailMessage(
            subject=" ".join(
                render_to_string("leads/email/sales_digest_subject.txt", context).split()
            ),
            body=render_to_string("leads/email/sales_digest_body.txt", context),
            to=[user.email],
        ).send(fail_silently=False)
        SalesDigest.objects.filter(pk=digest.pk).update(
            sent_at=timezone.now(), leads=sum(counts.values())
        )
    return "sent"
