"""The reports' reader pages and downloads (the model and its admin: `articles.reports`).

They capture leads, so they live here: the list, each report's page with its request
form, the staff preview, and the PDF through a link signed for one lead.
"""

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from articles.models import Report
from portal import structured_data
from portal.cache import edge
from portal.seo import PageMeta, home_crumb

from . import delivery, spam
from .models import ReportDownload
from .services import lead_fresh_link
from .views import LeadCreateView


class ReportListView(ListView):
    """/reports/: the published reports, newest first."""

    template_name = "leads/report_list.html"
    context_object_name = "reports"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Report.objects.published().in_edition().select_related("cover")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_meta=PageMeta(
                title=gettext("Free full reports"), path=reverse("leads:reports"),
                description=gettext(
                    "Our full reports on the battery and EV supply chain: free, delivered by "
                    "e-mail."
                ),
                breadcrumbs=[home_crumb(), (gettext("Reports"), reverse("leads:reports"))],
            ),
            **kwargs,
        )  # fmt: skip


class ReportDetailView(LeadCreateView):
    """/reports/<slug>/: the report's cover, summary and contents, and its request form."""

    template_name = "leads/report_detail.html"

    @cached_property
    def report(self):
        reports = self.reports().select_related("cover").prefetch_related("companies", "articles")
        reports = reports.with_versions()
        return get_object_or_404(reports, **self.kwargs)  # the slug (or, previewed, the pk)

    def reports(self):
        """The reports this page may show: those readers may see now."""
        return Report.objects.published().in_edition()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        context["page_meta"] = PageMeta(
            title=report.title, description=report.summary[:300],
            path=report.get_absolute_url(), og_type="article",
            breadcrumbs=[home_crumb(), (gettext("Reports"), reverse("leads:reports")),
                         (report.title, report.get_absolute_url())],
            structured_data=[structured_data.report(report)],
            counterparts=report.edition_paths(),
        )  # fmt: skip
        context["stories"] = [a for a in report.articles.all() if a.is_live]
        edge.show(*context["stories"])
        return context


class ReportPreviewView(PermissionRequiredMixin, ReportDetailView):
    """Staff preview of a report's page, published or not: never indexed, and its
    request form sends nothing (the preview answers GET only)."""

    permission_required = "articles.view_report"
    http_method_names = ["get", "head"]

    def reports(self):
        return Report.objects.all().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        context["page_meta"].noindex = True
        return context


@method_decorator(never_cache, name="dispatch")
class ReportDownloadView(View):
    """A report's PDF through a signed link: recorded on the lead, never cached."""

    def get(self, request, slug, token):
        report = get_object_or_404(Report.objects.published().in_edition(), slug=slug)
        client = spam.client_hash(request)
        try:
            lead = delivery.lead_for_link(token, report)
            if lead.link_shared_beyond(report, client):
                raise delivery.LinkProblem("shared", lead)
        except delivery.LinkProblem as problem:
            return link_problem_page(request, report, token, problem)
        ReportDownload.objects.create(lead=lead, report=report, client_hash=client)
        response = FileResponse(
            report.file.open("rb"), as_attachment=True, filename=report.download_name(),
            content_type="application/pdf",
        )  # fmt: skip
        response["X-Robots-Tag"] = "noindex"
        return response


@method_decorator(never_cache, name="dispatch")
class FreshLinkView(View):
    """POST from a link's problem page: e-mail a fresh link to the address it was for."""

    def post(self, request, slug, token):
        report = get_object_or_404(Report.objects.published().in_edition(), slug=slug)
        try:
            lead = delivery.lead_for_link(token, report, max_age=10 * 365)
        except delivery.LinkProblem as problem:
            return link_problem_page(request, report, token, problem)
        lead_fresh_link(lead=lead)
        return link_problem_page(request, report, token, delivery.LinkProblem("sent", lead))


def link_problem_page(request, report, token, problem):
    """Why a download link gives no file, and the way to a fresh one (never the file)."""
    status = {"forged": 404, "other report": 404, "expired": 410, "shared": 403}.get(
        problem.reason, 200
    )
    return TemplateResponse(
        request, "leads/link_problem.html",
        {"report": report, "token": token, "reason": problem.reason,
         "address": _masked(problem.lead.email) if problem.lead else "",
         "page_meta": PageMeta(title=gettext("Your download link"), path=report.get_absolute_url(),
                               noindex=True)},
        status=status,
    )  # fmt: skip


def _masked(email):
    """a***@example.com: enough for a reader to know the address, not to learn it."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"
