"""The API's URLs: /api/v1/ (deals, companies, articles), /api/schema/, /api/docs/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers

from articles.api import ArticleViewSet
from companies.api import CompanyViewSet, DealViewSet

router = routers.SimpleRouter()
router.register("deals", DealViewSet, basename="deal")
router.register("companies", CompanyViewSet, basename="company")
router.register("articles", ArticleViewSet, basename="article")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # GET and HEAD only: DRF answers OPTIONS with data, which the page's template renderer
    # cannot render (a 500); a page needs no OPTIONS.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", http_method_names=["get", "head"]
        ),
        name="api-docs",
    ),
]
