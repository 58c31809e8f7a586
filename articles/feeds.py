"""RSS and Atom feeds of the latest articles: overall, per section, per tag, per author."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from portal.cache import edge
from portal.publishing.feeds import PublishableFeed
from portal.seo import absolute_url

from .models import Article, Author, Section, Tag

FEED_SIZE = 30


class LatestArticlesFeed(PublishableFeed):
    """The newest published articles as RSS 2.0, with absolute URLs from SITE_URL."""

    description_template = None
    guid_prefix = "/articles/"

    def title(self, obj=None):
        return gettext("%(site)s: latest news") % {"site": settings.SITE_NAME}

    def link(self, obj=None):
        return absolute_url(reverse("articles:list"))

    def feed_url(self, obj=None):
        return absolute_url(self.request_path)

    def description(self, obj=None):
        return gettext("News and analysis of the battery and EV supply chain.")

    def get_object(self, request, *args, **kwargs):
        self.request_path = request.path
        return None

    def articles(self, obj):
        return Article.objects.published().in_edition().for_listing().with_bylines()

    def items(self, obj):
        items = list(self.articles(obj)[:FEED_SIZE])
        edge.show("feeds", *items)
        return items

    def item_description(self, item):
        return item.dek

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [item.section.name]

    def item_enclosure_url(self, item):
        return absolute_url(item.hero.file.url) if item.hero else None

    def item_enclosure_length(self, item):
        return item.hero.file_bytes or 0 if item.hero else None

    def item_enclosure_mime_type(self, item):
        return item.hero.mime_type if item.hero else None


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        self.request_path = request.path
        return get_object_or_404(Section, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def description(self, obj=None):
        return obj.description or gettext("Latest %(name)s news.") % {"name": obj.name}

    def articles(self, obj):
        return super().articles(obj).filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed
    subtitle = SectionFeed.description


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        self.request_path = request.path
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj=None):
        return absolute_url(reverse("articles:tag", args=[obj.slug]))

    def description(self, obj=None):
        return gettext("Stories tagged %(name)s.") % {"name": obj.name}

    def articles(self, obj):
        return super().articles(obj).filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = TagFeed.description


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        self.request_path = request.path
        return get_object_or_404(Author, slug=slug)

    def title(self, obj=None):
        return gettext("%(site)s: stories by %(name)s") % {
            "site": settings.SITE_NAME,
            "name": obj.name,
        }

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def description(self, obj=None):
        return obj.bio or f"Stories by {obj.name}."

    def articles(self, obj):
        return super().articles(obj).filter(authors=obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed
    subtitle = AuthorFeed.description
