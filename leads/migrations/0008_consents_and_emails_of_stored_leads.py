"""Carry what the lead stored itself into the new records (data only)."""

import django.utils.timezone
from django.db import migrations


def carry_over(apps, schema_editor):
    """Each stored lead's consent becomes a Consent row (its version, at its time, on
    its page); a sales notification that had not gone out becomes a queued e-mail."""
    Lead = apps.get_model("leads", "Lead")
    Consent = apps.get_model("leads", "Consent")
    LeadEmail = apps.get_model("leads", "LeadEmail")
    now = django.utils.timezone.now()
    leads = Lead.objects.filter(consent=True).order_by("pk").values_list(
        "pk", "consent_version", "created_at", "page_url"
    )
    batch = []
    for pk, version, created_at, page in leads.iterator(chunk_size=5000):
        batch.append(Consent(lead_id=pk, purpose="contact", version=version or "2026-11-25",
                             given_at=created_at, form=(page or "/contact/")[:200]))
        if len(batch) == 5000:
            Consent.objects.bulk_create(batch)
            batch = []
    Consent.objects.bulk_create(batch)
    pending = Lead.objects.filter(notified_at__isnull=True).exclude(status="spam")
    LeadEmail.objects.bulk_create(
        LeadEmail(lead_id=pk, kind="sales", created_at=now, next_attempt_at=now)
        for pk in pending.values_list("pk", flat=True).iterator()
    )



class Migration(migrations.Migration):
    dependencies = [("leads", "0007_reports_consents_outbox")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
