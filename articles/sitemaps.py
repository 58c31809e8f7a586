from datetime import timedelta

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from portal import editions
from portal.publishing.sitemaps import VersionsSitemap
from portal.seo import SiteUrlSitemap

from .models import Article, Section, TaggedArticle

NEWS_SITEMAP_DAYS = 2


class ArticleSitemap(VersionsSitemap):
    changefreq = "daily"
    model, route = Article, "articles:detail"

    def index_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(SiteUrlSitemap):
    changefreq = "hourly"

    def items(self):
        newest = Article.objects.published().filter(section=OuterRef("pk")).order_by("-updated_at")
        return Section.objects.annotate(
            last_update=Subquery(newest.values("updated_at")[:1])
        ).order_by("position", "name")

    def lastmod(self, item):
        return item.last_update or item.updated_at


class TagSitemap(SiteUrlSitemap):
    """Tags of published articles, with the newest change among those articles, in each
    edition that has published stories with the tag."""

    changefreq = "daily"
    limit = 10_000

    def items(self):
        per_edition = {
            _count_field(language): Count("pk", filter=Q(content_object__language=language))
            for language in editions.EDITIONS
        }
        return (
            TaggedArticle.objects.filter(content_object__in=Article.objects.published())
            .values("tag__slug")
            .annotate(last_update=Max("content_object__updated_at"), **per_edition)
            .order_by("tag__slug")
        )

    def get_languages_for_item(self, item):
        return [language for language in editions.EDITIONS if item[_count_field(language)]]

    def location(self, item):
        return reverse("articles:tag", args=[item["tag__slug"]])

    def lastmod(self, item):
        return item["last_update"]


def _count_field(language):
    return "stories_" + language.replace("-", "_")


def news_sitemap_articles():
    """Return the articles of the last two days for the Google News sitemap."""
    since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
    return (
        Article.objects.published()
        .filter(published_at__gte=since)
        .prefetch_related("tags")
        .order_by("-published_at")[:1000]
    )
