from portal.cache.memo import memo

from .models import Section


def navigation(request):
    """Return the sections for the site navigation (a memo: no query per request)."""
    return {"nav_sections": memo("nav-sections", _sections)}


def _sections():
    return [
        {"name": s.name, "url": s.get_absolute_url()}
        for s in Section.objects.only("name", "slug", "position")
    ]
