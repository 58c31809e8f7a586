"""What the sales desk keeps beside a lead: consents, downloads, e-mails, digests, exports."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Report
from portal.models import private_storage
from portal.outbox import OutboxEmail

from .. import consent


class Consent(models.Model):
    """One agreement of a reader, for one purpose, to one version of its text (the
    record a regulator may ask to see): given with a lead's form at a time, on a page."""

    class Purpose(models.TextChoices):
        CONTACT = consent.CONTACT, consent.PURPOSE_NAMES[consent.CONTACT]
        NEWSLETTER = consent.NEWSLETTER, consent.PURPOSE_NAMES[consent.NEWSLETTER]
        REGISTRATION = consent.REGISTRATION, consent.PURPOSE_NAMES[consent.REGISTRATION]
        SPONSOR = consent.SPONSOR, consent.PURPOSE_NAMES[consent.SPONSOR]

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    version = models.CharField("text version", max_length=20)
    language = models.CharField(
        "text language", max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    given_at = models.DateTimeField(default=timezone.now)
    form = models.CharField(
        "form (page)", max_length=200, help_text="The page whose form the reader sent."
    )
    parties = models.CharField(
        max_length=500, blank=True, help_text="Whom the text named (an event's sponsors)."
    )

    class Meta:
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["lead", "purpose"], name="consent_once_per_lead")
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.version})"

    @property
    def text(self):
        return consent.text_of(self.purpose, self.version, self.language, self.parties)


class ReportDownload(models.Model):
    """A download of a report through the link e-mailed for a lead."""

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="downloads")
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="downloads")
    downloaded_at = models.DateTimeField(default=timezone.now)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-downloaded_at", "-pk"]
        indexes = [models.Index(fields=["lead", "report"], name="report_download_lead_idx")]

    def __str__(self):
        return f"{self.report} downloaded {self.downloaded_at:%Y-%m-%d %H:%M}"


class LeadEmail(OutboxEmail):
    """An e-mail a lead causes (to sales, or to the reader), written in the lead's
    transaction and sent by the task queue (portal.outbox): each goes out once."""

    class Kind(models.TextChoices):
        SALES = "sales", "New lead, to sales"
        REPORT_LINK = "report", "Report download link"
        FRESH_LINK = "fresh-link", "Fresh download link"
        ACKNOWLEDGEMENT = "ack", "Acknowledgement of an enquiry"
        REGISTERED = "event-reg", "Event: registration confirmed"
        WAITING = "event-wait", "Event: on the waiting list"
        MOVED_UP = "event-place", "Event: a place became free"
        CANCELLED = "event-cancel", "Event: cancellation confirmed"
        REMINDER_DAY = "event-24h", "Event: reminder a day before"
        REMINDER_HOUR = "event-1h", "Event: reminder an hour before"
        CHANGED = "event-change", "Event: its time, place or status changed"
        RECORDING = "recording", "Event: the recording"

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(
        max_length=40, blank=True, default="",
        help_text="What makes a repeatable kind one e-mail: the start time a reminder is "
        "for, the change of the event announced.",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "e-mail of a lead"
        verbose_name_plural = "e-mails of leads"
        constraints = [
            # What a form sends goes out once per lead (a reminder once per start time,
            # an announcement once per change); fresh links may be asked again.
            models.UniqueConstraint(
                fields=["lead", "kind", "key"],
                condition=~Q(kind="fresh-link"),
                name="lead_email_once",
            )  # fmt: skip
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="lead_email_due_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for lead {self.lead_id} ({self.get_state_display()})"


class SalesDigest(models.Model):
    """The morning e-mail of one sales person for one day: sent at most once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    leads = models.PositiveIntegerField(default=0, help_text="Leads the e-mail listed.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="sales_digest_once_a_day")
        ]

    def __str__(self):
        return f"Sales digest of {self.user_id} for {self.day}"


class LeadExport(models.Model):
    """An export of the sales desk too large to make during a request: the selection is
    kept, the task queue makes the file (in private storage), and the person who asked
    gets an e-mail with the link. Kept LEADS_EXPORT_DAYS."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (XLSX)"
        CSV = "csv", "CSV"

    class State(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        READY = "ready", "Ready"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    format = models.CharField(max_length=4, choices=Format.choices)
    lead_ids = models.TextField(editable=False, help_text="The selection, until the file is made.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", storage=private_storage, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "export"

    def __str__(self):
        return f"{self.get_format_display()} of {self.requested_at:%Y-%m-%d %H:%M}"

    def delete(self, *args, **kwargs):
        stored = self.file.name
        result = super().delete(*args, **kwargs)
        if stored:
            transaction.on_commit(lambda: self.file.storage.delete(stored))
        return result
