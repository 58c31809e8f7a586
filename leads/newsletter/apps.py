from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    """Newsletter subscribers: contacts, so they live with the leads (see the README)."""

    name = "leads.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"
