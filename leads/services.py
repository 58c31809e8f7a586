"""Writes with side effects: store a lead and the e-mails it causes, send those."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.outbox import enqueue_on_commit, outbox_send
from portal.seo import absolute_url

from . import consent, delivery, spam
from .models import Consent, Lead, LeadEmail, LeadNote, LeadStatusChange, SalesDigest
from .newsletter import services as newsletter

logger = logging.getLogger(__name__)
FRESH_LINK_INTERVAL = timedelta(minutes=10)


def lead_submit(*, form, request) -> Lead:
    """Store the lead from a valid form once, with its consents and the e-mails it
    causes; the task queue sends those once the transaction has committed.

    A form sent again with the same token (a double click, a retry after the 503 page of
    a database outage, a replay) returns the lead already stored. Whether the first
    attempt was rolled back or committed without an answer, the reader's retry then
    leaves exactly one lead, and one of each e-mail.
    """
    key = spam.submission_key(form.cleaned_data["form_token"])
    stored = Lead.objects.filter(submission=key).first()
    if stored is not None:
        return stored
    try:
        with transaction.atomic():
            lead = form.save(commit=False)
            lead.submission = key
            lead.article = form.article
            lead.report = form.report
            lead.client_hash = spam.client_hash(request)
            if lead.article is not None or lead.report is not None:
                lead.kind = Lead.Kind.REPORT_REQUEST
            lead.save()
            page = (form.cleaned_data.get("page_url") or request.path)[:200]
            Consent.objects.bulk_create(
                Consent(lead=lead, purpose=purpose, version=consent.current(purpose).version,
                        given_at=lead.created_at, form=page)
                for purpose in form.consented_purposes()
            )  # fmt: skip
            if consent.NEWSLETTER in form.consented_purposes():
                newsletter.subscribe(email=lead.email, daily=True, weekly=False, source=page)
            reader_email = (
                LeadEmail.Kind.REPORT_LINK if lead.report else LeadEmail.Kind.ACKNOWLEDGEMENT
            )
            lead_emails_queue(lead, [LeadEmail.Kind.SALES, reader_email])
    except IntegrityError:
        stored = Lead.objects.filter(submission=key).first()
        if stored is None:
            raise
        return stored  # the same form, sent twice at once
    return lead


def lead_emails_queue(lead, kinds):
    """Write the e-mails of `kinds` for `lead` (inside the caller's transaction) and
    enqueue their sending for when it commits (portal.outbox). Return the rows."""
    from .tasks import send_lead_email  # tasks import this module

    emails = [LeadEmail.waiting(lead=lead, kind=kind) for kind in kinds]
    for email in emails:
        enqueue_on_commit(send_lead_email, email.pk)
    return emails


def lead_fresh_link(*, lead):
    """Queue a fresh download link for `lead` (asked for on an expired or overused
    link's page); one waiting or sent in the last 10 minutes is enough."""
    recent = lead.emails.filter(
        kind=LeadEmail.Kind.FRESH_LINK, created_at__gte=timezone.now() - FRESH_LINK_INTERVAL
    ).exclude(state__in=[LeadEmail.State.FAILED, LeadEmail.State.CANCELLED])
    with transaction.atomic():
        if recent.exists():
            return None
        return lead_emails_queue(lead, [LeadEmail.Kind.FRESH_LINK])[0]


def lead_email_send(*, email_id) -> str:
    """Send one queued e-mail of a lead if it still waits (once: portal.outbox); return
    what happened. Sales are not told of a lead marked as spam meanwhile."""
    return outbox_send(
        LeadEmail, email_id, message=_lead_email_or_none, related=["lead__article", "lead__report"]
    )


def _lead_email_or_none(email):
    if email.kind == LeadEmail.Kind.SALES and email.lead.status == Lead.Status.SPAM:
        return None
    return lead_email_message(email)


def lead_email_message(email):
    """The message of a queued e-mail, written from the lead as it is now."""
    lead = email.lead
    context = {
        "lead": lead, "report": lead.report, "site_name": settings.SITE_NAME,
        "admin_url": absolute_url(lead.get_admin_url()),
        "privacy_url": absolute_url(reverse("leads:privacy")),
    }  # fmt: skip
    if email.kind == LeadEmail.Kind.SALES:
        template, to, reply_to = "new_lead", settings.SALES_NOTIFY_EMAILS, [lead.email]
    else:
        template, to = "reader_" + email.kind.replace("-", "_"), [lead.email]
        reply_to = settings.SALES_NOTIFY_EMAILS[:1]
        if email.kind in (LeadEmail.Kind.REPORT_LINK, LeadEmail.Kind.FRESH_LINK):
            context["download_url"] = absolute_url(delivery.download_url(lead))
            context["valid_days"] = settings.REPORT_LINK_DAYS
    subject = render_to_string(f"leads/email/{template}_subject.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split())[:200],
        body=render_to_string(f"leads/email/{template}_body.txt", context),
        to=to,
        reply_to=reply_to,
    )


class CannotMerge(ValueError):
    """The leads chosen are not two or more leads of one person (one e-mail address)."""


@transaction.atomic
def lead_merge(*, leads, by) -> Lead:
    """Merge leads of one person into the first they sent: the others' notes and status
    changes move to it, what each of them asked for is kept in a signed note, and they
    are deleted. The kept lead keeps its own status, and takes an assignee and the
    earliest follow-up from the others when it has none. Return the kept lead."""
    ids = list(leads.values_list("pk", flat=True))
    chosen = list(Lead.objects.filter(pk__in=ids).select_for_update().order_by("created_at", "pk"))
    if len(chosen) < 2:
        raise CannotMerge("Choose two or more leads of the same person to merge.")
    if len({lead.email for lead in chosen}) > 1:
        raise CannotMerge("Only leads sent with the same e-mail address can be merged.")
    kept, others = chosen[0], chosen[1:]
    ids = [other.pk for other in others]
    LeadNote.objects.filter(lead_id__in=ids).update(lead=kept)
    LeadStatusChange.objects.filter(lead_id__in=ids).update(lead=kept)
    kept.assignee = kept.assignee or next((o.assignee for o in others if o.assignee), None)
    follow_ups = [d for d in (kept.follow_up_on, *(o.follow_up_on for o in others)) if d]
    kept.follow_up_on = min(follow_ups, default=None)
    summary = "\n".join(
        f"- {timezone.localtime(o.created_at):%Y-%m-%d %H:%M}: {o.topic}"
        f"{f' (story: {o.article.title})' if o.article else ''}"
        f"{f' (campaign: {o.utm_source}/{o.utm_campaign})' if o.utm_source else ''}"
        f", {o.get_status_display()}" + (f"\n  Message: {o.message}" if o.message else "")
        for o in others
    )
    LeadNote.objects.create(
        lead=kept, author=by, text=f"Merged {len(others)} other lead(s) of this person:\n{summary}"
    )
    Lead.objects.filter(pk__in=ids).delete()
    kept.save(update_fields=["assignee", "follow_up_on", "updated_at"])
    return kept


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
