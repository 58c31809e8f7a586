"""Reports in the admin: the newsroom's lifecycle, the PDF checked on upload."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html

from portal.pdfs import pdf_page_count
from portal.publishing.admin import PublishingAdmin, PublishingForm, StateFilter

from .. import translating
from ..widgets import HeroSelect
from .models import Report


class ReportAdminForm(PublishingForm):
    """A report's form: the PDF is checked by its content (portal.pdfs) when uploaded."""

    class Meta:
        widgets = {"file": forms.FileInput(attrs={"accept": "application/pdf"})}
        model = Report
        fields = [
            "title", "slug", "language", "summary", "contents", "cover", "file", "status",
            "published_at", "articles", "companies", "deals",
        ]  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if (
            upload
            and upload is not getattr(self.instance, "file", None)
            and hasattr(upload, "content_type")
        ):
            self.instance.page_count = pdf_page_count(upload)
            self.instance.file_bytes = upload.size
        return upload


@admin.register(Report)
class ReportAdmin(PublishingAdmin):
    """Reports, with the newsroom's lifecycle (PublishingAdmin): writers prepare them and
    submit them for review, editors publish. Readers get the PDF through a signed link
    only."""

    form = ReportAdminForm
    list_display = ["title", "state_badge", "publication_time", "page_count", "leads_count"]
    list_filter = [StateFilter]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cover", "articles", "companies", "deals"]
    readonly_fields = ["page_count", "pdf_size", *PublishingAdmin.readonly_fields]
    translation_checks = staticmethod(translating.checks)
    glossary_rows = staticmethod(translating.glossary_rows)
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "summary", "contents", "cover"]}),
        ("The PDF", {"fields": ["file", ("page_count", "pdf_size")]}),
        ("Publishing", {"fields": ["status", "published_at", "preview_link"]}),
        ("Linked to", {"fields": ["articles", "companies", "deals"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["css/admin-records.css"]}

    def get_urls(self):
        return [
            path(
                "<int:pk>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="articles_report_pdf",
            ),
            *super().get_urls(),
        ]

    def pdf_view(self, request, pk):
        """The PDF for staff who may see reports (readers only ever get signed links)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = get_object_or_404(self.get_queryset(request), pk=pk)  # a writer's own
        return FileResponse(
            report.file.open("rb"), filename=report.download_name(), content_type="application/pdf"
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lead_total=Count("leads"))

    @admin.display(description="Size")
    def pdf_size(self, report):
        if report.pk is None or not report.file:  # nothing stored yet
            return "–"
        return format_html(
            '{} · <a href="{}">Open the PDF</a>', filesizeformat(report.file_bytes),
            reverse("admin:articles_report_pdf", args=[report.pk]),
        )  # fmt: skip

    @admin.display(description="Requests", ordering="lead_total")
    def leads_count(self, report):
        return report.lead_total

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cover":
            kwargs["widget"] = HeroSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
