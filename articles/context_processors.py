from django.core.cache import cache

from .models import Section
from .signals import NAV_SECTIONS_CACHE_KEY


def navigation(request):
    """Return the sections for the site navigation, cached until a section changes."""
    sections = cache.get(NAV_SECTIONS_CACHE_KEY)
    if sections is None:
        sections = [
            {"name": s.name, "url": s.get_absolute_url()}
            for s in Section.objects.only("name", "slug", "position")
        ]
        cache.set(NAV_SECTIONS_CACHE_KEY, sections, 60 * 60)
    return {"nav_sections": sections}
