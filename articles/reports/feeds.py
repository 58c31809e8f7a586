from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from portal.publishing.feeds import PublishableFeed
from portal.seo import absolute_url

from ..feeds import FEED_SIZE
from .models import Report


class ReportsFeed(PublishableFeed):
    """The newest published reports as RSS 2.0."""

    guid_prefix = "/reports/"

    def title(self):
        return gettext("%(site)s: free full reports") % {"site": settings.SITE_NAME}

    def link(self):
        return absolute_url(reverse("leads:reports"))

    def description(self):
        return gettext("Our full reports on the battery and EV supply chain, free by e-mail.")

    def items(self):
        return Report.objects.published().in_edition()[:FEED_SIZE]

    def item_description(self, item):
        return item.summary
