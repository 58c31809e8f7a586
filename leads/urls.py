from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("contact/", views.LeadCreateView.as_view(), name="contact"),
    path("contact/thanks/", views.LeadThanksView.as_view(), name="thanks"),
]
