from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("contact/", views.LeadCreateView.as_view(), name="contact"),
    path("contact/thanks/", views.LeadThanksView.as_view(), name="thanks"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("reports/", views.ReportListView.as_view(), name="reports"),
    path("reports/<slug:slug>/", views.ReportDetailView.as_view(), name="report"),
    path(
        "reports/<slug:slug>/download/<str:token>/",
        views.ReportDownloadView.as_view(),
        name="download",
    ),
    path(
        "reports/<slug:slug>/fresh-link/<str:token>/",
        views.FreshLinkView.as_view(),
        name="fresh_link",
    ),
]
