"""The lead's own consent and notification fields: now Consent and LeadEmail rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("leads", "0008_consents_and_emails_of_stored_leads")]

    operations = [
        migrations.RemoveIndex(
            model_name='lead',
            name='lead_pending_notify_idx',
        ),
        migrations.RemoveField(
            model_name='lead',
            name='consent',
        ),
        migrations.RemoveField(
            model_name='lead',
            name='consent_version',
        ),
        migrations.RemoveField(
            model_name='lead',
            name='notification_attempts',
        ),
        migrations.RemoveField(
            model_name='lead',
            name='notification_error',
        ),
        migrations.RemoveField(
            model_name='lead',
            name='notified_at',
        ),
    ]
