"""The sales desk's side of events: the leads list by event, and each event's desk (its
registrations counted, the platform's attendance imported, the sponsors' export)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Event
from portal.exports import csv_response, xlsx_response
from portal.inputs import as_id

from ..events import services
from ..models import Registration, SponsorExport

EVENTS_LISTED = 30  # the newest events with registrations, in the filter


class EventFilter(admin.SimpleListFilter):
    """Leads who registered for one event (the newest events with registrations)."""

    title = "event"
    parameter_name = "event"

    def lookups(self, request, model_admin):
        events = Event.objects.filter(registrations__isnull=False).distinct()
        events = events.order_by("-starts_at").values_list("pk", "title", "starts_at")
        return [(str(pk), f"{title} ({timezone.localtime(at):%d %b %Y})")
                for pk, title, at in events[:EVENTS_LISTED]]  # fmt: skip

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(event_id=as_id(value)) if as_id(value) else queryset.none()


class AttendanceForm(forms.Form):
    file = forms.FileField(
        label="Attendance report (CSV)",
        help_text="The webinar platform's export: a column of e-mail addresses and one of "
        "minutes attended (or duration). Importing again replaces the figures.",
    )  # fmt: skip


def event_desk_view(model_admin, request, pk):
    """An event's registrations for the sales desk: counts, attendance import (POST with
    a file), the sponsors' export (POST with a format), and the exports made so far."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    event = get_object_or_404(Event, pk=pk).canonical()
    form = AttendanceForm()
    if request.method == "POST" and "format" in request.POST:
        return _sponsor_export(request, event)
    if request.method == "POST":
        if not request.user.has_perm("leads.change_registration"):
            raise PermissionDenied
        form = AttendanceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = services.import_attendance(event, form.cleaned_data["file"])
            except services.AttendanceProblem as problem:
                form.add_error("file", str(problem))
            else:
                _report_import(request, result)
                return redirect(request.path)
    registrations = event.registrations.all()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Registrations: {event.title}", "opts": model_admin.model._meta,
        "event": event, "counts": registrations.counts(), "form": form,
        "attended": registrations.filter(attended_minutes__gt=0).count(),
        "no_shows": registrations.filter(attended_minutes=0).count(),
        "sponsor_consents": registrations.exclude(state=Registration.State.CANCELLED)
        .filter(lead__consents__purpose="sponsor").count(),
        "exports": SponsorExport.objects.filter(event=event).select_related("made_by")[:20],
        "leads_url": reverse("admin:leads_lead_changelist") + f"?event={event.pk}",
        "may_import": request.user.has_perm("leads.change_registration"),
        "may_export": request.user.has_perm("leads.add_sponsorexport"),
    }  # fmt: skip
    return TemplateResponse(request, "admin/leads/lead/event_desk.html", context)


def _report_import(request, result):
    message = (f"Attendance imported: {result['attended']} attended, {result['no_shows']} did "
               f"not attend.")  # fmt: skip
    messages.success(request, message)
    if result["unknown"]:
        shown = ", ".join(result["unknown"][:10]) + (" …" if len(result["unknown"]) > 10 else "")
        messages.warning(
            request, f"{len(result['unknown'])} address(es) in the file are not registered "
            f"(left out): {shown}",
        )  # fmt: skip


def _sponsor_export(request, event):
    if not request.user.has_perm("leads.add_sponsorexport"):
        raise PermissionDenied
    kind = request.POST["format"]
    if kind not in SponsorExport.Format.values:
        messages.error(request, "Choose CSV or XLSX.")
        return redirect(request.path)
    export, header, rows = services.sponsor_export(event, user=request.user, format=kind)
    name = f"{event.slug}-for-sponsors-{timezone.localdate():%Y-%m-%d}.{kind}"
    if kind == "csv":
        return csv_response(name, header, rows)
    return xlsx_response(name, header, rows, sheet="Registrants")
