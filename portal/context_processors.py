from django.conf import settings


def site(request):
    """Return the site name and absolute base URL for every template."""
    return {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
