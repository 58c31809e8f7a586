from portal.seo import SiteUrlSitemap

from .models import Report


class ReportSitemap(SiteUrlSitemap):
    changefreq = "weekly"

    def items(self):
        return Report.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at
