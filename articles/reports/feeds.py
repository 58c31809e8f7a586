from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext

from portal import editions
from portal.seo import absolute_url

from ..feeds import FEED_SIZE
from .models import Report


class ReportsFeed(Feed):
    """The newest published reports as RSS 2.0."""

    page_parameters = ()

    def title(self):
        return gettext("%(site)s: free full reports") % {"site": settings.SITE_NAME}

    def link(self):
        return absolute_url(reverse("leads:reports"))

    def description(self):
        return gettext("Our full reports on the battery and EV supply chain, free by e-mail.")

    def items(self):
        return Report.objects.published().in_edition()[:FEED_SIZE]

    @property
    def language(self):
        return editions.current().lang

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        # A stable id (not a link): readers' feed apps know each report by it.
        return absolute_url(f"/reports/{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
