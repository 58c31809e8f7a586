"""Writes with side effects: store a lead, then tell sales once it is committed."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from portal.seo import absolute_url

from . import spam
from .consent import CONSENT_VERSION
from .models import Lead, LeadNote, LeadStatusChange

logger = logging.getLogger(__name__)


def lead_submit(*, form, request) -> Lead:
    """Store the lead from a valid form once; e-mail sales after the transaction commits.

    A form sent again with the same token (a double click, a retry after the 503 page of
    a database outage, a replay) returns the lead already stored. Whether the first
    attempt was rolled back or committed without an answer, the reader's retry then
    leaves exactly one lead. A notification that fails after the commit is logged and
    retried by `resend_lead_notifications`; it never fails the reader's request.
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
            lead.consent = True
            lead.consent_version = CONSENT_VERSION
            lead.client_hash = spam.client_hash(request)
            if lead.article is not None:
                lead.kind = Lead.Kind.REPORT_REQUEST
            lead.save()
            transaction.on_commit(lambda: lead_notify(lead_id=lead.pk), robust=True)
    except IntegrityError:
        stored = Lead.objects.filter(submission=key).first()
        if stored is None:
            raise
        return stored  # the same form, sent twice at once
    return lead


def lead_notify(*, lead_id) -> bool:
    """E-mail sales about one lead; record success or the failure on the lead.

    Never raises: a mail server that is down must not lose the lead or break the
    reader's request. `resend_lead_notifications` retries what failed.
    """
    lead = Lead.objects.select_related("article").get(pk=lead_id)
    if lead.notified_at is not None:
        return True
    context = {"lead": lead, "admin_url": absolute_url(lead.get_admin_url())}
    subject = render_to_string("leads/email/new_lead_subject.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split())[:200],
        body=render_to_string("leads/email/new_lead_body.txt", context),
        to=settings.SALES_NOTIFY_EMAILS,
        reply_to=[lead.email],
    )
    try:
        message.send(fail_silently=False)
    except Exception as error:
        logger.exception("Could not e-mail sales about lead %s", lead.pk)
        Lead.objects.filter(pk=lead.pk).update(
            notification_attempts=lead.notification_attempts + 1,
            notification_error=f"{timezone.now():%Y-%m-%d %H:%M} {type(error).__name__}: {error}"[
                :300
            ],
        )
        return False
    Lead.objects.filter(pk=lead.pk).update(
        notified_at=timezone.now(),
        notification_attempts=lead.notification_attempts + 1,
        notification_error="",
    )
    return True


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
