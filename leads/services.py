"""Writes with side effects: store a lead and queue the e-mails it causes (sent by
leads.emails on the task queue); merge leads; queue a large export."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from portal.outbox import enqueue_on_commit

from . import consent, spam
from .models import Consent, Lead, LeadEmail, LeadExport, LeadNote, LeadStatusChange
from .newsletter import services as newsletter
from .tasks import build_lead_export, send_lead_email

FRESH_LINK_INTERVAL = timedelta(minutes=10)


def lead_submit(*, form, request) -> Lead:
    """Store the lead from a valid form once, with its consents and the e-mails it
    causes; the task queue sends those once the transaction has committed.

    A form sent again with the same token (a double click, a retry after the 503 page of
    a database outage, a replay) returns the lead already stored. Whether the first
    attempt was rolled back or committed without an answer, the reader's retry then
    leaves exactly one lead, and one of each e-mail.
    """
    key = spam.FormGuard.submission_key(form)
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
            lead.language = translation.get_language()  # the edition of the form's page
            if lead.article is not None or lead.report is not None:
                lead.kind = Lead.Kind.REPORT_REQUEST
            lead.save()
            page = (form.cleaned_data.get("page_url") or request.path)[:200]
            Consent.objects.bulk_create(
                Consent(lead=lead, purpose=purpose, version=consent.current(purpose).version,
                        language=consent.current(purpose).language, given_at=lead.created_at,
                        form=page)
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


def lead_emails_queue(lead, kinds, key=""):
    """Write the e-mails of `kinds` for `lead` (inside the caller's transaction) and
    enqueue their sending for when it commits (portal.outbox). Return the rows."""
    emails = [LeadEmail.waiting(lead=lead, kind=kind, key=key) for kind in kinds]
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


def lead_export_queue(*, queryset, kind, user):
    """Keep the selection of an export too large for a request and queue its making;
    return the export (its file is made by the task queue, and its link e-mailed)."""
    ids = queryset.order_by("-created_at", "-pk").values_list("pk", flat=True)
    with transaction.atomic():
        export = LeadExport.objects.create(
            requested_by=user, format=kind, lead_ids=",".join(map(str, ids.iterator()))
        )
        enqueue_on_commit(build_lead_export, export.pk)
    return export
