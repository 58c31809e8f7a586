"""Page metadata (title, description, canonical URL, share image) for includes/meta.html."""

from dataclasses import dataclass

from django.conf import settings


def absolute_url(path):
    """Return `path` as an absolute URL on the public site (from SITE_URL)."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


@dataclass
class PageMeta:
    """What search engines and link previews see of a page."""

    title: str
    description: str = ""
    path: str = "/"
    image: str = ""
    image_alt: str = ""
    og_type: str = "website"
    noindex: bool = False

    @property
    def canonical_url(self):
        return absolute_url(self.path)

    @property
    def image_url(self):
        return absolute_url(self.image)

    @property
    def full_title(self):
        if self.title == settings.SITE_NAME:
            return self.title
        return f"{self.title} | {settings.SITE_NAME}"
