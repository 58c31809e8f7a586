from portal.publishing.sitemaps import VersionsSitemap

from .models import Event


class EventSitemap(VersionsSitemap):
    changefreq = "weekly"
    model, route = Event, "leads:event"
