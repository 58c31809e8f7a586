from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext

from articles.events import calendar
from articles.feeds import FEED_SIZE
from portal import editions
from portal.seo import absolute_url

from .views import readers_events


class EventsFeed(Feed):
    """The upcoming events as RSS 2.0, soonest first."""

    page_parameters = ()

    def title(self):
        return gettext("%(site)s: events and webinars") % {"site": settings.SITE_NAME}

    def link(self):
        return absolute_url(reverse("leads:events"))

    def description(self):
        return gettext("Webinars, conferences, roundtables and site visits on the battery and "
                       "EV supply chain: free to attend.")  # fmt: skip

    def items(self):
        return readers_events().upcoming()[:FEED_SIZE]

    @property
    def language(self):
        return editions.current().lang

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        when = "; ".join(f"{span} {zone}" for span, zone in calendar.written_times(item))
        return f"{when}. {calendar.where(item)}.\n\n{item.summary}"

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(f"/events/{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
