import json

from django.core.management.base import BaseCommand

from leads.privacy import lead_data_export


class Command(BaseCommand):
    help = "Print everything stored about one person (by e-mail) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        data = lead_data_export(email=email)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
