from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"
admin.site.site_url = "/"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("articles.urls")),
    path("", include("companies.urls")),
    path("", include("leads.urls")),
]

handler500 = "portal.views.server_error"

if settings.SERVE_MEDIA:
    # Single-node deployments serve uploads themselves; with object storage or a
    # front web server, leave DJANGO_SERVE_MEDIA off. `serve` refuses path traversal.
    from django.urls import re_path
    from django.views.static import serve

    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.+)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]
