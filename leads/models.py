from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django_countries.fields import CountryField

from articles.models import Article
from portal.models import TimeStampedModel

MAX_MESSAGE_LENGTH = 4000


class LeadQuerySet(models.QuerySet):
    def open(self):
        """Return leads sales staff still have to work (not won, lost or spam)."""
        return self.exclude(status__in=[Lead.Status.WON, Lead.Status.LOST, Lead.Status.SPAM])

    def pending_notification(self):
        """Return genuine leads whose e-mail to sales has not gone out yet."""
        return self.filter(notified_at__isnull=True).exclude(status=Lead.Status.SPAM)

    def with_earlier_count(self):
        """Annotate each lead with the number of earlier leads from the same e-mail."""
        earlier = (
            Lead.objects.filter(email=OuterRef("email"), created_at__lt=OuterRef("created_at"))
            .order_by()
            .values("email")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(earlier_count=Subquery(earlier, output_field=models.IntegerField()))

    def for_email(self, email):
        """Return every lead given with `email` (stored lower-cased, so any case matches)."""
        return self.filter(email=email.strip().lower())


class Lead(TimeStampedModel):
    """A reader's request for a report or a general enquiry, worked by sales staff."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        QUALIFIED = "qualified", "Qualified"
        WON = "won", "Won"
        LOST = "lost", "Lost"
        SPAM = "spam", "Spam"

    class Kind(models.TextChoices):
        REPORT_REQUEST = "report", "Report request"
        ENQUIRY = "enquiry", "General enquiry"

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REPORT_REQUEST)
    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254)
    company = models.CharField(max_length=160)
    job_title = models.CharField(max_length=120)
    phone = models.CharField("phone or WhatsApp", max_length=40, blank=True)
    country = CountryField()
    topic = models.CharField("report or topic asked for", max_length=200)
    message = models.TextField(max_length=MAX_MESSAGE_LENGTH, blank=True)
    consent = models.BooleanField(default=False)
    consent_version = models.CharField(max_length=20)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        help_text="The article whose report was asked for.",
    )
    page_url = models.CharField("page URL", max_length=500, blank=True)
    referrer = models.CharField(max_length=500, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)
    submission = models.CharField(  # noqa: DJ001 (NULL: leads stored before it, all distinct)
        max_length=64,
        null=True,
        unique=True,
        editable=False,
        help_text="Keyed hash of the form's token: the same form sent twice stores one lead.",
    )
    client_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Keyed hash of the client address (the address itself is never stored).",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_leads",
        limit_choices_to={"groups__name": "Sales", "is_active": True},
    )
    notified_at = models.DateTimeField("sales notified at", null=True, blank=True, editable=False)
    notification_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    notification_error = models.CharField(max_length=300, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LeadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at"], name="lead_created_idx"),
            models.Index(fields=["status", "-created_at"], name="lead_status_idx"),
            models.Index(fields=["email", "created_at"], name="lead_email_idx"),
            models.Index(fields=["assignee", "status"], name="lead_assignee_idx"),
            models.Index(
                fields=["created_at"],
                name="lead_pending_notify_idx",
                condition=models.Q(notified_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def get_admin_url(self):
        return reverse("admin:leads_lead_change", args=[self.pk])


class LeadNote(models.Model):
    """A note sales staff keep on a lead."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=4000)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "note"

    def __str__(self):
        return f"Note by {self.author} at {self.created_at:%Y-%m-%d %H:%M}"
