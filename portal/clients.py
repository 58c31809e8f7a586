"""Who sent a request: the one definition of the client address (lockouts, rate limits)."""

import ipaddress

from django.conf import settings


def client_address(request):
    """Return the client's IP address.

    Behind TRUSTED_PROXY_COUNT reverse proxies (DJANGO_TRUSTED_PROXY_COUNT), each of which
    appends the address it received from to X-Forwarded-For, the client is that many hops
    from the right; anything further left was written by the client and is not trusted.
    Without trusted proxies, or with a header too short or not an address, REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            try:
                return str(ipaddress.ip_address(hops[-proxies]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")
