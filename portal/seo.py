"""Page metadata (title, description, canonical URL, share image) for includes/meta.html."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext

from portal import editions


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
    # The page in each edition, {language: path}. None: the same records' page exists in
    # every edition (lists, companies, deals); a story or report names its versions.
    counterparts: dict | None = None

    @property
    def edition_paths(self):
        """{language: path} of the page in every edition it exists in."""
        if self.counterparts is not None:
            return self.counterparts
        return {
            language: editions.counterpart_path(self.path, edition)
            for language, edition in editions.EDITIONS.items()
        }

    @property
    def hreflang_links(self):
        """(hreflang, absolute URL) of the page in each edition, and x-default (the
        English page, else the only one), when it exists in more than one."""
        paths = self.edition_paths
        if self.noindex or len(paths) < 2:
            return []
        links = [(editions.EDITIONS[language].lang, absolute_url(path))
                 for language, path in paths.items()]  # fmt: skip
        default = paths.get(settings.LANGUAGE_CODE) or next(iter(paths.values()))
        return [*links, ("x-default", absolute_url(default))]

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
    """A sitemap whose absolute URLs come from SITE_URL, not from the request's host, with
    each page in every edition it exists in and its hreflang alternates (Django's i18n
    sitemaps: `location()` runs in each edition's language)."""

    i18n = True
    alternates = True
    x_default = True
    languages = list(editions.EDITIONS)

    def get_urls(self, page=1, site=None, protocol=None):
        from portal.cache import edge

        edge.show("sitemaps")  # purged when a story appears or leaves, not on its edits
        urls = super().get_urls(page, site, protocol)
        for url in urls:  # hreflang as the pages' heads say it: en, zh-Hans
            for alternate in url["alternates"]:
                edition = editions.EDITIONS.get(alternate["lang_code"])
                alternate["lang_code"] = edition.lang if edition else alternate["lang_code"]
        return urls

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
