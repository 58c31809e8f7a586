from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from leads.privacy import leads_anonymise


class Command(BaseCommand):
    help = "Anonymise leads older than a number of days (keeps counts, removes personal data)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    def handle(self, *args, older_than, **options):
        if older_than < 1:
            raise CommandError("--older-than must be at least 1 day.")
        count = leads_anonymise(older_than=timezone.now() - timedelta(days=older_than))
        self.stdout.write(f"Anonymised {count} lead(s) older than {older_than} days.")
