"""Reports: a PDF readers get free against the request form (see the package docstring)."""

import uuid

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from companies.models import Company, Deal
from portal.models import private_storage
from portal.publishing.models import Publishable
from portal.urlutils import slug_url


def report_file_name(instance, filename):
    """A name nobody can guess: the PDF is only ever handed out behind a signed link."""
    return f"reports/{uuid.uuid4().hex}.pdf"


class Report(Publishable):
    """A full report (a PDF) readers get free against the request form.

    Its page is public; the file is kept in private storage under a random name and
    only handed out through a download link signed for one lead (leads.delivery).
    """

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        max_length=1200, help_text="What the report holds, for its page and the request e-mail."
    )
    contents = models.TextField(
        blank=True,
        help_text="Its table of contents, one chapter per line (shown on the report's page).",
    )
    cover = models.ForeignKey(
        "articles.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="cover_of",
        help_text="From the image library.",
    )  # fmt: skip
    file = models.FileField(
        "PDF", upload_to=report_file_name, storage=private_storage, max_length=200,
        help_text="The report readers receive. Checked on upload: a PDF readers can open.",
    )  # fmt: skip
    page_count = models.PositiveIntegerField(editable=False, default=0)
    file_bytes = models.PositiveBigIntegerField(editable=False, default=0)
    articles = models.ManyToManyField(
        "articles.Article", blank=True, related_name="reports",
        help_text="Stories whose 'Get the free full report' leads to this report.",
    )  # fmt: skip
    companies = models.ManyToManyField(Company, blank=True, related_name="reports")
    deals = models.ManyToManyField(Deal, blank=True, related_name="reports")

    history = HistoricalRecords(
        m2m_fields=[articles, companies, deals],
        excluded_fields=["page_count", "file_bytes", "created_by"],
    )

    TRANSLATED_FIELDS = ("title", "summary", "contents")

    class Meta(Publishable.Meta):
        permissions = [("publish_report", "Can publish, schedule and unpublish reports")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="report_status_pub_idx"),
            models.Index(
                fields=["language", "source_changed_at"],
                name="report_to_update_idx",
                condition=models.Q(source_changed_at__isnull=False),
            ),  # fmt: skip
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("leads:report", self.slug, self.language)

    def get_preview_url(self):
        """The staff preview of the report's page, published or not."""
        return reverse("leads:report_preview", args=[self.pk])

    def chapters(self):
        return [line.strip() for line in self.contents.splitlines() if line.strip()]

    def download_name(self):
        return f"{self.slug}.pdf"


def next_scheduled_report():
    """When the next scheduled report goes live (or None): a change of content."""
    return Report.objects.next_publication_time()
