from django.conf import settings

from . import editions


def site(request):
    """Return the site name, absolute base URL and the current edition for every template."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL,
            "edition": editions.current()}  # fmt: skip
