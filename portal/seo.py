"""Page metadata (title, description, canonical URL, share image) for includes/meta.html."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext


def absolute_url(path):
    """Return `path` as an absolute URL on the public site (from SITE_URL)."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def home_crumb():
    """The first breadcrumb of every page: the front page."""
    return (gettext("Home"), reverse("articles:front_page"))


@dataclass
class PageMeta:
    """What search engines and link previews see of a page.

    `breadcrumbs` is a list of (name, path) pairs, shown on the page and given to
    search engines as a BreadcrumbList; `structured_data` holds further JSON-LD objects.
    """

    title: str
    description: str = ""
    path: str = "/"
    image: str = ""
    image_alt: str = ""
    og_type: str = "website"
    noindex: bool = False
    breadcrumbs: list = field(default_factory=list)
    structured_data: list = field(default_factory=list)

    @property
    def breadcrumb_list(self):
        """Return the breadcrumbs as a schema.org BreadcrumbList (or None)."""
        if not self.breadcrumbs:
            return None
        return {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": index, "name": name, "item": absolute_url(path)}
                for index, (name, path) in enumerate(self.breadcrumbs, start=1)
            ],
        }

    @property
    def json_ld(self):
        return [*self.structured_data, *filter(None, [self.breadcrumb_list])]

    @property
    def canonical_url(self):
        return absolute_url(self.path)

    @property
    def image_url(self):
        if not self.image:
            return absolute_url(static("img/share-default.png"))
        return absolute_url(self.image)

    @property
    def full_title(self):
        if self.title == settings.SITE_NAME:
            return self.title
        return f"{self.title} | {settings.SITE_NAME}"


class SiteUrlSitemap(Sitemap):
    """A sitemap whose absolute URLs come from SITE_URL, not from the request's host."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
