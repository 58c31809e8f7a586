"""The sales desk's exports (XLSX and CSV): their columns, and the exports too large to
make during a request, which the task queue prepares (`LeadExport`)."""

from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from portal.exports import csv_file, xlsx_file
from portal.seo import absolute_url

from .models import Lead, LeadExport, LeadNote


def _notes_text(lead):
    return "\n".join(
        f"{timezone.localtime(note.created_at):%Y-%m-%d %H:%M} "
        f"{note.author.get_username() if note.author else 'someone'}: {note.text}"
        for note in lead.notes.all()
    )


# (header, function of a lead) of the CSV and XLSX exports.
EXPORT_COLUMNS = [
    ("id", lambda lead: lead.pk),
    ("received", lambda lead: timezone.localtime(lead.created_at).strftime("%Y-%m-%d %H:%M")),
    ("status", lambda lead: lead.get_status_display()),
    ("kind", lambda lead: lead.get_kind_display()),
    ("name", lambda lead: lead.name),
    ("email", lambda lead: lead.email),
    ("phone", lambda lead: lead.phone),
    ("company", lambda lead: lead.company),
    ("job_title", lambda lead: lead.job_title),
    ("country", lambda lead: lead.country.name),
    ("country_code", lambda lead: lead.country.code),
    ("topic", lambda lead: lead.topic),
    ("message", lambda lead: lead.message),
    ("article", lambda lead: lead.article.title if lead.article else ""),
    ("assignee", lambda lead: lead.assignee.get_username() if lead.assignee else ""),
    ("follow_up_on", lambda lead: lead.follow_up_on.isoformat() if lead.follow_up_on else ""),
    ("next_step", lambda lead: lead.next_step),
    ("utm_source", lambda lead: lead.utm_source),
    ("utm_medium", lambda lead: lead.utm_medium),
    ("utm_campaign", lambda lead: lead.utm_campaign),
    ("notes", lambda lead: _notes_text(lead)),
]
HEADER = [name for name, _ in EXPORT_COLUMNS]
EXPORT_CHUNK = 2000  # leads read (with their notes) per query while exporting


def _with_links(queryset):
    notes = Prefetch("notes", queryset=LeadNote.objects.select_related("author"))
    return queryset.select_related("article", "assignee").prefetch_related(notes)


def export_rows(queryset):
    """The rows of the leads of `queryset`, newest first, read EXPORT_CHUNK at a time."""
    leads = _with_links(queryset).order_by("-created_at", "-pk")
    for lead in leads.iterator(chunk_size=EXPORT_CHUNK):
        yield [column(lead) for _, column in EXPORT_COLUMNS]


def _rows_of_ids(ids):
    """The rows of the leads `ids`, in that order, EXPORT_CHUNK at a time. Each chunk
    is read by primary key and put in order here: asked to sort too, PostgreSQL would
    walk the date index of every lead to find a chunk's 2,000."""
    for start in range(0, len(ids), EXPORT_CHUNK):
        chunk = ids[start : start + EXPORT_CHUNK]
        leads = {lead.pk: lead for lead in _with_links(Lead.objects.filter(pk__in=chunk))}
        for pk in chunk:
            if pk in leads:  # erased since the export was asked for
                yield [column(leads[pk]) for _, column in EXPORT_COLUMNS]


def export_file(kind, rows):
    """A temporary file of `rows` as `kind` ('xlsx' or 'csv'), rewound."""
    if kind == LeadExport.Format.XLSX:
        return xlsx_file(HEADER, rows, sheet="Leads")
    return csv_file(HEADER, rows)


def export_name(kind):
    return f"leads-{timezone.localtime():%Y%m%d-%H%M}.{kind}"


def export_build(*, export_id):
    """Make a queued export's file, once (the row stays locked while it is made; a
    worker killed half-way leaves it queued for the next one). Return what happened."""
    with transaction.atomic():
        export = (
            LeadExport.objects.select_for_update(skip_locked=True)
            .filter(pk=export_id, state=LeadExport.State.QUEUED)
            .first()
        )
        if export is None:
            return "not waiting"
        ids = [int(pk) for pk in export.lead_ids.split(",") if pk]
        with export_file(export.format, _rows_of_ids(ids)) as file:
            export.file.save(export_name(export.format), File(file), save=False)
        export.state, export.rows, export.finished_at = (
            LeadExport.State.READY,
            len(ids),
            timezone.now(),
        )
        export.lead_ids = ""
        export.save()
    return "ready"


def exports_remove_old():
    """Delete exports older than LEADS_EXPORT_DAYS, with their files; return how many."""
    cutoff = timezone.now() - timedelta(days=settings.LEADS_EXPORT_DAYS)
    old = list(LeadExport.objects.filter(requested_at__lt=cutoff))
    for export in old:
        export.delete()
    return len(old)


def export_ready_email(*, export_id):
    """Tell the person who asked that their export is ready (with the admin's link)."""
    export = LeadExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or not export.requested_by.email:
        return "nobody to tell"
    url = absolute_url(reverse("admin:leads_leadexport_download", args=[export.pk]))
    send_mail(
        subject=f"Your export of {export.rows:,} leads is ready",
        message=f"The {export.get_format_display()} export you asked for at "
        f"{timezone.localtime(export.requested_at):%H:%M on %d %B} is ready "
        f"({export.rows:,} leads):\n\n{url}\n\nSign in to the sales desk to download it; "
        f"it is kept for {settings.LEADS_EXPORT_DAYS} days.\n",
        from_email=None, recipient_list=[export.requested_by.email],
    )  # fmt: skip
    return "sent"
