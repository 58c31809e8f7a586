from portal.cache.memo import memo

from .models import Section


def navigation(request):
    """Return the sections for the site navigation (a memo: no query per request)."""
    return {"nav_sections": sections()}


def sections():
    """The sections in their order, as {pk, name, slug, url} (a memo)."""
    return memo("nav-sections", _sections)


def _sections():
    return [
        {"pk": s.pk, "name": s.name, "slug": s.slug, "url": s.get_absolute_url()}
        for s in Section.objects.only("name", "slug", "position")
    ]
