from django.core.management.base import BaseCommand

from leads.privacy import lead_data_erase


class Command(BaseCommand):
    help = "Delete every lead and note of one person (by e-mail)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        count = lead_data_erase(email=email)
        self.stdout.write(f"Erased {count} lead(s) for {email.strip().lower()}.")
