from datetime import timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from portal.seo import SiteUrlSitemap

from .models import Article, Section

NEWS_SITEMAP_DAYS = 2


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "daily"
    limit = 10_000

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at

    def index_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(SiteUrlSitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.annotate(last_update=Max("articles__updated_at")).order_by(
            "position", "name"
        )

    def lastmod(self, item):
        return item.last_update or item.updated_at


class TagSitemap(SiteUrlSitemap):
    changefreq = "daily"
    limit = 10_000

    def items(self):
        live = "articles_taggedarticle_items__content_object"
        return (
            Tag.objects.filter(
                **{
                    f"{live}__status": Article.Status.PUBLISHED,
                    f"{live}__published_at__lte": timezone.now(),
                }
            )
            .annotate(last_update=Max(f"{live}__updated_at"))
            .order_by("name")
        )

    def location(self, item):
        return reverse("articles:tag", args=[item.slug])

    def lastmod(self, item):
        return item.last_update


def news_sitemap_articles():
    """Return the articles of the last two days for the Google News sitemap."""
    since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
    return (
        Article.objects.published()
        .filter(published_at__gte=since)
        .prefetch_related("tags")
        .order_by("-published_at")[:1000]
    )
