import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from leads.newsletter.models import Suppression
from leads.newsletter.services import suppress


class Command(BaseCommand):
    help = (
        "Put addresses on the newsletter's suppression list (bounces or complaints from "
        "the mail provider): as arguments, or one per line on standard input with '-'."
    )

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="+", help="addresses, or - to read them from stdin")
        parser.add_argument(
            "--reason", choices=[Suppression.Reason.BOUNCED, Suppression.Reason.COMPLAINED,
                                 Suppression.Reason.UNSUBSCRIBED], required=True,
        )  # fmt: skip
        parser.add_argument("--note", default="", help="e.g. the provider's bounce code")

    def handle(self, *args, emails, reason, note, **options):
        if emails == ["-"]:
            emails = [line.strip() for line in sys.stdin if line.strip()]
        invalid = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                invalid.append(email)
        if invalid:
            raise CommandError(f"Not e-mail addresses: {', '.join(invalid[:5])}")
        for email in emails:
            suppress(email=email, reason=reason, note=note)
        self.stdout.write(f"Suppressed {len(emails)} address(es) ({reason}).")
