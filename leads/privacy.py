"""Retention and data-subject requests: anonymise old leads, export or erase one person."""

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .models import Lead, LeadNote, LinkUse, Registration, ReportDownload
from .newsletter.models import Subscriber, Suppression

ANONYMISED_NAME = "(anonymised)"
ANONYMISED_NOTE = "(removed when the lead was anonymised)"
ANONYMISED_DOMAIN = "@invalid.example"
# Leads anonymised per statement (and per transaction) by the retention purge.
ANONYMISE_BATCH = 5000


def lead_data_export(*, email):
    """Return everything stored about the person with `email`, as JSON-ready data: their
    leads and, if they subscribed, their newsletter subscription."""
    subscriber = Subscriber.objects.for_email(email).prefetch_related("consents").first()
    suppression = Suppression.objects.filter(email=email.strip().lower()).first()
    leads = (
        Lead.objects.for_email(email)
        .select_related("article", "report")
        .prefetch_related("notes", "consents", "downloads__report", "emails")
    )
    return {
        "email": email.strip().lower(),
        "exported_at": timezone.now().isoformat(),
        "newsletter": None
        if subscriber is None
        else {
            "subscribed_at": subscriber.created_at.isoformat(),
            "confirmed_at": subscriber.confirmed_at.isoformat()
            if subscriber.confirmed_at
            else None,
            "unsubscribed_at": (
                subscriber.unsubscribed_at.isoformat() if subscriber.unsubscribed_at else None
            ),
            "daily": subscriber.daily,
            "weekly": subscriber.weekly,
            "source": subscriber.source,
            "consents": [
                {
                    "version": c.version,
                    "text": c.text,
                    "given_at": c.given_at.isoformat(),
                    "form": c.source,
                }
                for c in subscriber.consents.all()
            ],
        },
        "suppressed": None
        if suppression is None
        else {
            "reason": suppression.reason,
            "since": suppression.created_at.isoformat(),
        },
        "leads": [
            {
                "created_at": lead.created_at.isoformat(),
                "kind": lead.kind,
                "status": lead.status,
                "name": lead.name,
                "email": lead.email,
                "company": lead.company,
                "job_title": lead.job_title,
                "phone": lead.phone,
                "country": lead.country.code,
                "topic": lead.topic,
                "message": lead.message,
                "report": lead.report.title if lead.report else None,
                "event": _registration(lead),
                "consents": [
                    {
                        "purpose": c.purpose,
                        "version": c.version,
                        "text": c.text,
                        "given_at": c.given_at.isoformat(),
                        "form": c.form,
                    }
                    for c in lead.consents.all()
                ],
                "downloads": [
                    {"report": d.report.title, "downloaded_at": d.downloaded_at.isoformat()}
                    for d in lead.downloads.all()
                ],
                "emails": [
                    {
                        "kind": e.get_kind_display(),
                        "state": e.state,
                        "sent_at": e.sent_at.isoformat() if e.sent_at else None,
                    }
                    for e in lead.emails.all()
                ],
                "follow_up_on": lead.follow_up_on.isoformat() if lead.follow_up_on else None,
                "next_step": lead.next_step,
                "article": lead.article.title if lead.article else None,
                "page_url": lead.page_url,
                "referrer": lead.referrer,
                "utm": {
                    "source": lead.utm_source,
                    "medium": lead.utm_medium,
                    "campaign": lead.utm_campaign,
                    "term": lead.utm_term,
                    "content": lead.utm_content,
                },  # fmt: skip
                "notes": [
                    {"created_at": note.created_at.isoformat(), "text": note.text}
                    for note in lead.notes.all()
                ],
            }
            for lead in leads
        ],
    }


@transaction.atomic
def lead_data_erase(*, email):
    """Delete every lead given with `email`, with its notes, consents, downloads and
    e-mails (a queued one is then never sent), and the newsletter subscription with its
    consents; return how many leads. A suppression stays: it only says never to write
    to the address again."""
    deleted, by_model = Lead.objects.for_email(email).delete()
    Subscriber.objects.for_email(email).delete()
    return by_model.get("leads.Lead", 0)


def _registration(lead):
    """A lead's registration for an event, as the reader's export shows it (or None)."""
    registration = getattr(lead, "registration", None)
    if registration is None:
        return None
    return {
        "event": registration.event.title, "state": registration.state,
        "registered_at": registration.created_at.isoformat(),
        "cancelled_at": registration.cancelled_at.isoformat() if registration.cancelled_at
        else None,
        "minutes_attended": registration.attended_minutes,
        "link_uses": [{"kind": use.kind, "at": use.used_at.isoformat()}
                      for use in registration.uses.all()],
        "shared_with_sponsors": [
            {"sponsors": share.export.sponsors, "at": share.export.made_at.isoformat()}
            for share in lead.sponsor_shares.select_related("export")
        ],
    }  # fmt: skip


def leads_anonymise(*, older_than, batch_size=ANONYMISE_BATCH):
    """Strip personal data from leads created before `older_than`; return how many.

    Works through the leads in batches by primary key, each batch in two UPDATE
    statements and its own transaction: memory stays bounded at a million leads, and a
    run stopped half-way leaves whole batches done and is finished by the next run.
    """
    pending = Lead.objects.filter(created_at__lt=older_than, anonymised_at__isnull=True)
    done, last_pk = 0, 0
    while True:
        ids = list(
            pending.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return done
        email = Concat(Value("anonymised-"), Cast("pk", CharField()), Value(ANONYMISED_DOMAIN))
        with transaction.atomic():
            LeadNote.objects.filter(lead_id__in=ids).update(text=ANONYMISED_NOTE)
            ReportDownload.objects.filter(lead_id__in=ids).update(client_hash="")
            LinkUse.objects.filter(registration__lead_id__in=ids).update(client_hash="")
            Registration.objects.filter(lead_id__in=ids).update(
                email=Concat(Value("anonymised-"), Cast("lead_id", CharField()),
                             Value(ANONYMISED_DOMAIN))
            )  # fmt: skip
            done += pending.filter(pk__in=ids).update(
                name=ANONYMISED_NAME,
                email=email,
                company="", job_title="", phone="", message="", referrer="", page_url="",
                client_hash="", utm_term="", utm_content="", next_step="",
                anonymised_at=timezone.now(),
            )  # fmt: skip
        last_pk = ids[-1]
