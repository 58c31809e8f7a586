"""What every feed of content with the publishing lifecycle says the same way (stories,
reports, events): the edition's language, links from SITE_URL, a stable id per item,
and its times."""

from django.contrib.syndication.views import Feed

from portal import editions
from portal.seo import absolute_url


class PublishableFeed(Feed):
    """A feed of published content in the current edition (each edition has its feeds:
    /feeds/..., /zh/feeds/...). A subclass names its items and its `guid_prefix`."""

    page_parameters = ()  # the page cache keys on no query parameter
    guid_prefix = None  # "/articles/": an item's id is this and its primary key
    # The id is not a link: readers' feed apps know an item by it when its slug changes.
    item_guid_is_permalink = False

    @property
    def language(self):
        return editions.current().lang

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(f"{self.guid_prefix}{item.pk}")

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
