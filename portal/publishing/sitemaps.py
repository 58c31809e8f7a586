"""The sitemap of content whose versions in the editions are separate records."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language

from portal import editions
from portal.seo import SiteUrlSitemap
from portal.urlutils import slug_url

from .models import version_field


class VersionsSitemap(SiteUrlSitemap):
    """One entry per translation group (the English version, else the only one), listed
    in each edition it is published in, with its versions as hreflang alternates
    (`PublishableQuerySet.with_versions()`).

    A subclass names its `model` and the `route` of its page (with a `slug`).
    """

    model = None
    route = ""
    limit = 10_000

    def items(self):
        published = self.model.objects.published()
        default = published.filter(
            translation_key=OuterRef("translation_key"), language=settings.LANGUAGE_CODE
        )
        return (
            published.filter(Q(language=settings.LANGUAGE_CODE) | ~Exists(default))
            .only("slug", "updated_at", "language", "translation_key")
            .with_versions()
            .order_by("-published_at", "-pk")
        )

    def get_languages_for_item(self, item):
        return [
            language for language in editions.EDITIONS if getattr(item, version_field(language))
        ]

    def location(self, item):
        language = get_language()
        return slug_url(self.route, getattr(item, version_field(language)), language)

    def lastmod(self, item):
        return item.updated_at
