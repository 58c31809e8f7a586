"""The edge cache (Varnish, portal/varnish.vcl, or a CDN with surrogate keys): what each
response tells it, and the purges a change of content sends it.

Every response carries the surrogate keys of what it shows in `SURROGATE_KEY_HEADER`
(`xkey` for Varnish's xkey module; `Surrogate-Key` for Fastly, `Cache-Tag` for
Cloudflare): `all` on every page for now, so that a change purges every stored page, as
a change empties the portal's own caches (a new content generation). The edge stores
only what the portal marks public (portal/cache/pages.py), and strips the header.

A purge is a task on the queue (`purge_edge`), sent once the change has committed, to
every address in EDGE_PURGE_URLS, retried with backoff: an edge that is down delays a
purge, never a save. Until it is done, the edge serves the page it has for at most its
`max-age` (PAGE_CACHE_SECONDS), never past the next scheduled publication.
"""

import logging
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

ALL = "all"


class SurrogateKeyMiddleware:
    """Name the keys of every response to a GET or HEAD (the edge keeps only what is
    public, and strips the header)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and settings.SURROGATE_KEY_HEADER:
            response[settings.SURROGATE_KEY_HEADER] = ALL
        return response


def purge_on_commit(keys=(ALL,)):
    """Queue a purge of `keys` at the edge once the current transaction commits (at
    once outside one); nothing without EDGE_PURGE_URLS."""
    if not settings.EDGE_PURGE_URLS:
        return
    from portal.outbox import enqueue_on_commit

    from .tasks import purge_edge

    enqueue_on_commit(purge_edge, list(keys))


def send_purge(keys):
    """PURGE `keys` at every edge address; raise OSError when one cannot be reached (the
    task retries)."""
    for url in settings.EDGE_PURGE_URLS:
        request = urllib.request.Request(  # noqa: S310 (an address from the settings)
            url, method="PURGE", headers={"xkey-purge": " ".join(keys)}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            logger.info("Edge %s: %s", url, answer.read(200).decode(errors="replace").strip())
