from django.urls import path

from . import reports, views

app_name = "leads"

urlpatterns = [
    path("contact/", views.LeadCreateView.as_view(), name="contact"),
    path("contact/thanks/", views.LeadThanksView.as_view(), name="thanks"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("reports/", reports.ReportListView.as_view(), name="reports"),
    path("reports/<slug:slug>/", reports.ReportDetailView.as_view(), name="report"),
    path("preview/reports/<int:pk>/", reports.ReportPreviewView.as_view(), name="report_preview"),
    path(
        "reports/<slug:slug>/download/<str:token>/",
        reports.ReportDownloadView.as_view(),
        name="download",
    ),
    path(
        "reports/<slug:slug>/fresh-link/<str:token>/",
        reports.FreshLinkView.as_view(),
        name="fresh_link",
    ),
]
