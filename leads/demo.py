"""Demo leads for the sales desk (used by `load_demo`). Names and addresses are invented."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from . import consent
from .models import Consent, Lead, LeadEmail

DEMO_LEADS = [
    {
        "name": "Amina El Idrissi", "email": "amina.elidrissi@example.com",
        "company": "Atlas Components (demo)", "job_title": "Procurement manager",
        "country": "MA", "article": "btr-signs-297m-cathode-plant-morocco",
        "message": "We supply the automotive cluster in Tangier and would like the full "
                   "report on the BTR plant timeline.",
        "utm_source": "newsletter", "utm_medium": "email", "hours_ago": 3,
    },
    {
        "name": "Jonas Berg", "email": "jonas.berg@example.com",
        "company": "Nordic Cells Analytics (demo)", "job_title": "Analyst", "country": "SE",
        "article": "btr-second-morocco-plant-anode", "message": "", "hours_ago": 20,
        "status": Lead.Status.CONTACTED,
    },
    {
        "name": "李明", "email": "li.ming@example.com", "company": "Shenzhen Materials (demo)",
        "job_title": "Business development", "country": "CN", "phone": "+86 755 0000 0000",
        "article": None, "topic": "Advertising and partnership", "kind": Lead.Kind.ENQUIRY,
        "message": "Interested in sponsoring the battery materials newsletter.", "hours_ago": 50,
    },
    {
        "name": "Amina El Idrissi", "email": "amina.elidrissi@example.com",
        "company": "Atlas Components (demo)", "job_title": "Procurement manager",
        "country": "MA", "article": "morocco-ev-battery-hub", "message": "", "hours_ago": 200,
        "status": Lead.Status.QUALIFIED,
    },
]  # fmt: skip


@transaction.atomic
def load(stdout=None):
    """Create the demo leads if the sales desk has none from the demo yet."""
    if Lead.objects.filter(email__endswith="@example.com").exists():
        if stdout is not None:
            stdout.write("Leads: demo leads already there.")
        return 0
    now = timezone.now()
    for spec in DEMO_LEADS:
        article = Article.objects.filter(slug=spec["article"]).first() if spec["article"] else None
        lead = Lead.objects.create(
            name=spec["name"], email=spec["email"], company=spec["company"],
            job_title=spec["job_title"], country=spec["country"], phone=spec.get("phone", ""),
            topic=spec.get("topic") or f"Full report: {article.title}"[:200],
            kind=spec.get("kind", Lead.Kind.REPORT_REQUEST), message=spec["message"],
            article=article,
            page_url=article.get_absolute_url() if article else reverse("leads:contact"),
            utm_source=spec.get("utm_source", ""), utm_medium=spec.get("utm_medium", ""),
            status=spec.get("status", Lead.Status.NEW),
        )  # fmt: skip
        created = now - timedelta(hours=spec["hours_ago"])
        Lead.objects.filter(pk=lead.pk).update(created_at=created, updated_at=created)
        Consent.objects.create(
            lead=lead, purpose=consent.CONTACT, version=consent.current(consent.CONTACT).version,
            given_at=created, form=lead.page_url,
        )  # fmt: skip
        LeadEmail.objects.create(
            lead=lead, kind=LeadEmail.Kind.SALES, state=LeadEmail.State.SENT, attempts=1,
            created_at=created, sent_at=created,
        )  # fmt: skip
    if stdout is not None:
        stdout.write(f"Leads: {len(DEMO_LEADS)} demo leads created.")
    return len(DEMO_LEADS)
