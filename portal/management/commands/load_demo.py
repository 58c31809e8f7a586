"""Load the demo content and, on a local (DEBUG) site, demo staff accounts.

Safe to run any number of times: what exists already is left as it is.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from articles import demo as articles_demo
from articles.events import demo as events_demo
from companies import demo as companies_demo
from leads import demo as leads_demo
from portal.cache.content import one_invalidation

DEMO_ACCOUNTS = [
    # username, role description, superuser, groups
    ("admin", "superuser", True, []),
    ("editor", "editor", False, ["Editors"]),
    ("writer", "writer", False, ["Writers"]),
    ("sales", "sales", False, ["Sales"]),
    ("translator", "translator", False, ["Translators (简体中文)"]),
]


class Command(BaseCommand):
    help = "Load demo companies, deals and articles (idempotent) and local demo accounts."

    def handle(self, *args, **options):
        with one_invalidation():  # the caches start again once, not on each of ~600 saves
            companies_demo.load(story_source=articles_demo.story_source, stdout=self.stdout)
            articles_demo.load(stdout=self.stdout)
            articles_demo.load_report(stdout=self.stdout)
            companies_demo.load_chinese()
            articles_demo.load_chinese(stdout=self.stdout)
            articles_demo.load_glossary()
            events_demo.load(stdout=self.stdout)
            leads_demo.load(stdout=self.stdout)
        if settings.DEBUG:
            self.create_accounts()
        else:
            self.stdout.write("DEBUG is off: no demo accounts created.")

    def create_accounts(self):
        User = get_user_model()
        credentials_file = settings.VAR_DIR / "demo-accounts.txt"
        new_lines = []
        for username, role, is_superuser, groups in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                email=f"{username}@example.com",
                password=password,
                is_staff=True,
                is_superuser=is_superuser,
            )
            user.groups.set(Group.objects.filter(name__in=groups))
            new_lines.append(f"{role:<10} username: {username:<8} password: {password}")
        if new_lines:
            credentials_file.parent.mkdir(parents=True, exist_ok=True)
            with credentials_file.open("a") as handle:
                handle.write("\n".join(new_lines) + "\n")
            self.stdout.write(self.style.SUCCESS("Demo accounts (local only) for /admin/:"))
            for line in new_lines:
                self.stdout.write(f"  {line}")
        if credentials_file.exists():
            self.stdout.write(f"Demo account passwords are kept in {credentials_file}")
