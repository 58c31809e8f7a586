from django.urls import path

from . import reports, views
from .events import feeds as event_feeds
from .events import views as events

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
    path("events/", events.EventListView.as_view(), name="events"),
    path("events/calendar.ics", events.events_calendar, name="events_calendar"),
    path("feeds/events/", event_feeds.EventsFeed(), name="feed_events"),
    path("events/<slug:slug>/", events.EventDetailView.as_view(), name="event"),
    path("events/<slug:slug>/calendar.ics", events.event_calendar, name="event_calendar"),
    path("preview/events/<int:pk>/", events.EventPreviewView.as_view(), name="event_preview"),
    path("events/<slug:slug>/registered/<str:token>/", events.RegisteredView.as_view(),
         name="event_registered"),
    path("events/<slug:slug>/already-registered/", events.already_registered,
         name="event_already"),
    path("events/<slug:slug>/cancel/<str:token>/", events.CancelView.as_view(),
         name="event_cancel"),
    path("events/<slug:slug>/join/<str:token>/", events.JoinView.as_view(), name="event_join"),
    path("events/<slug:slug>/recording/<str:token>/", events.RecordingView.as_view(),
         name="event_recording"),
]  # fmt: skip
