from portal.publishing.sitemaps import VersionsSitemap

from .models import Report


class ReportSitemap(VersionsSitemap):
    changefreq = "weekly"
    model, route = Report, "leads:report"
