from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from articles import feeds
from articles import views as article_views
from articles.events.sitemaps import EventSitemap
from articles.reports.feeds import ReportsFeed
from articles.reports.sitemaps import ReportSitemap
from articles.sitemaps import ArticleSitemap, SectionSitemap, TagSitemap
from companies.sitemaps import CompanySitemap, DealSitemap

from . import views
from .editions import edition_patterns

SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "companies": CompanySitemap,
    "deals": DealSitemap,
    "reports": ReportSitemap,
    "events": EventSitemap,
}

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"
admin.site.site_url = "/"

urlpatterns = [
    # Before the admin's own: its "view on site" shortcut checks no permission.
    path(
        f"{settings.ADMIN_URL}r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(views.view_on_site),
        name="view_on_site",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("portal.api.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
    path("sitemap.xml", views.sitemap_index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", article_views.news_sitemap, name="news_sitemap"),
    # The reader's pages and feeds, in every edition (English at the root, Chinese
    # under /zh/).
    *edition_patterns(
        path("feeds/latest/", feeds.LatestArticlesFeed(), name="feed_latest"),
        path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
        path("feeds/sections/<slug:slug>/", feeds.SectionFeed(), name="feed_section"),
        path("feeds/sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="feed_section_atom"),
        path("feeds/tags/<slug:slug>/", feeds.TagFeed(), name="feed_tag"),
        path("feeds/tags/<slug:slug>/atom/", feeds.TagAtomFeed(), name="feed_tag_atom"),
        path("feeds/authors/<slug:slug>/", feeds.AuthorFeed(), name="feed_author"),
        path("feeds/authors/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="feed_author_atom"),
        path("feeds/reports/", ReportsFeed(), name="feed_reports"),
        path("", include("articles.urls")),
        path("", include("companies.urls")),
        path("", include("leads.urls")),
        path("newsletter/", include("leads.newsletter.urls")),
    ),
]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler500 = "portal.views.server_error"

if settings.BENCH_MINIMAL_VIEW:
    urlpatterns.insert(0, path("bench/minimal/", views.bench_minimal))

if settings.SERVE_MEDIA:
    # Single-node deployments serve uploads themselves; with object storage or a
    # front web server, leave DJANGO_SERVE_MEDIA off. `serve` refuses path traversal.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.+)$", views.media)]
