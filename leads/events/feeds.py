from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from articles.events import calendar
from articles.feeds import FEED_SIZE
from portal.publishing.feeds import PublishableFeed
from portal.seo import absolute_url

from .views import readers_events


class EventsFeed(PublishableFeed):
    """The upcoming events as RSS 2.0, soonest first."""

    guid_prefix = "/events/"

    def title(self):
        return gettext("%(site)s: events and webinars") % {"site": settings.SITE_NAME}

    def link(self):
        return absolute_url(reverse("leads:events"))

    def description(self):
        return gettext("Webinars, conferences, roundtables and site visits on the battery and "
                       "EV supply chain: free to attend.")  # fmt: skip

    def items(self):
        return readers_events().upcoming()[:FEED_SIZE]

    def item_description(self, item):
        when = "; ".join(f"{span} {zone}" for span, zone in calendar.written_times(item))
        return f"{when}. {calendar.where(item)}.\n\n{item.summary}"
