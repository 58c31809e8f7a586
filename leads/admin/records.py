"""The sales desk's records: the leads' outbox, consents (read-only) and exports."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone

from portal.admin import OutboxAdmin
from portal.exports import CSV_TYPE, XLSX_TYPE
from portal.pagination import LargeTablePaginator

from ..models import Consent, LeadEmail, LeadExport
from ..tasks import send_lead_email
from .fields import field_html


@admin.register(LeadEmail)
class LeadEmailAdmin(OutboxAdmin):
    """The leads' outbox, for superusers: what waits to go out, what failed and why."""

    list_display = ["created_at", "lead", "kind", *OutboxAdmin.list_display[1:]]
    list_filter = ["state", "kind"]
    list_select_related = ["lead"]
    raw_id_fields = ["lead"]
    send_task = send_lead_email


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Consent records, read-only: which text each reader agreed to, when and where."""

    list_display = ["given_at", "purpose", "version", "form", "lead"]
    list_filter = ["purpose", "version"]
    search_fields = ["lead__email"]
    list_select_related = ["lead"]
    paginator = LargeTablePaginator
    show_full_result_count = False
    readonly_fields = ["lead", "purpose", "version", "text", "given_at", "form"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LeadExport)
class LeadExportAdmin(admin.ModelAdmin):
    """Exports of the sales desk made on the task queue: each person sees their own."""

    list_display = ["requested_at", "format", "rows", "state", "download"]
    list_filter = ["state"]
    fields = ["requested_at", "format", "rows", "state", "finished_at", "download"]
    readonly_fields = fields

    def get_queryset(self, request):
        exports_ = super().get_queryset(request).defer("lead_ids")
        if request.user.is_superuser:
            return exports_
        return exports_.filter(requested_by=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="leads_leadexport_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        export = get_object_or_404(self.get_queryset(request), pk=pk, state=LeadExport.State.READY)
        kind = LeadExport.Format(export.format)
        return FileResponse(
            export.file.open("rb"), as_attachment=True,
            filename=f"leads-{timezone.localtime(export.requested_at):%Y%m%d-%H%M}.{kind}",
            content_type=XLSX_TYPE if kind == LeadExport.Format.XLSX else CSV_TYPE,
        )  # fmt: skip

    @admin.display(description="File")
    def download(self, export):
        if export.state != LeadExport.State.READY:
            return "–"
        return field_html("download", export=export)
