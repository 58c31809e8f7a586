from django.db.models import Max

from portal.seo import SiteUrlSitemap

from .models import Company, Deal


class _SiteUrlSitemap(SiteUrlSitemap):
    limit = 10_000

    def lastmod(self, item):
        return item.updated_at

    def index_lastmod(self):
        return self.items().order_by().aggregate(latest=Max("updated_at"))["latest"]


class CompanySitemap(_SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return Company.objects.only("slug", "updated_at").order_by("pk")


class DealSitemap(_SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return Deal.objects.only("slug", "updated_at").order_by("pk")
