from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("", views.SubscribeView.as_view(), name="subscribe"),
    path("follow/", views.FollowView.as_view(), name="follow"),
    path("editions/<int:pk>/", views.EditionView.as_view(), name="edition"),
    path("check-your-inbox/", views.CheckInboxView.as_view(), name="check_inbox"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("preferences/<str:token>/", views.PreferencesView.as_view(), name="preferences"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
