from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("companies/", views.CompanyListView.as_view(), name="company_list"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company"),
    path("deals/", views.DealListView.as_view(), name="deal_list"),
    path("deals/map/", views.DealMapView.as_view(), name="deal_map"),
    path("deals/methodology/", views.MethodologyView.as_view(), name="methodology"),
    path("deals/export.csv", views.DealExportView.as_view(format="csv"), name="deal_export_csv"),
    path("deals/export.json", views.DealExportView.as_view(format="json"), name="deal_export_json"),
    path("deals/<slug:slug>/", views.DealDetailView.as_view(), name="deal"),
]
