from django.core.management.base import BaseCommand

from leads.models import Lead
from leads.services import lead_notify


class Command(BaseCommand):
    help = "E-mail sales about every genuine lead whose notification has not gone out yet."

    def handle(self, *args, **options):
        sent = failed = 0
        for lead_id in (
            Lead.objects.pending_notification().order_by("created_at").values_list("pk", flat=True)
        ):
            if lead_notify(lead_id=lead_id):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"Notifications sent: {sent}; still failing: {failed}.")
        if failed:
            raise SystemExit(1)
