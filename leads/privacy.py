"""Retention and data-subject requests: anonymise old leads, export or erase one person."""

from django.db import transaction
from django.utils import timezone

from .models import Lead, LeadNote

ANONYMISED_NAME = "(anonymised)"


def lead_data_export(*, email):
    """Return everything stored about the person with `email`, as JSON-ready data."""
    leads = Lead.objects.for_email(email).select_related("article").prefetch_related("notes")
    return {
        "email": email.strip().lower(),
        "exported_at": timezone.now().isoformat(),
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
                "consent_version": lead.consent_version,
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
    """Delete every lead (and its notes) given with `email`; return how many leads."""
    deleted, by_model = Lead.objects.for_email(email).delete()
    return by_model.get("leads.Lead", 0)


@transaction.atomic
def leads_anonymise(*, older_than):
    """Strip personal data from leads created before `older_than`; return how many."""
    leads = Lead.objects.filter(created_at__lt=older_than, anonymised_at__isnull=True)
    ids = list(leads.values_list("pk", flat=True))
    LeadNote.objects.filter(lead_id__in=ids).update(text="(removed when the lead was anonymised)")
    for lead_id in ids:
        Lead.objects.filter(pk=lead_id).update(
            name=ANONYMISED_NAME, email=f"anonymised-{lead_id}@invalid.example", company="",
            job_title="", phone="", message="", referrer="", page_url="", client_hash="",
            utm_term="", utm_content="", anonymised_at=timezone.now(),
        )  # fmt: skip
    return len(ids)
