"""The edge cache (Varnish, portal/varnish.vcl, or a CDN with surrogate keys): what each
response tells it, and the purges a change of content sends it.

Every response carries the surrogate keys of what it shows in `SURROGATE_KEY_HEADER`
(`xkey` for Varnish's xkey module; `Surrogate-Key` for Fastly, `Cache-Tag` for
Cloudflare): `all`, the key of each story it shows (`article-<pk>`: its cards, its page,
feeds, most read, the stories listed on report, event and newsletter pages) and the keys
of the lists it is (`front`, `news`, `search`, `feeds`, `sitemaps`, `section-<pk>`,
`tag-<pk>`, `author-<pk>`, `company-<pk>`, `deal-<pk>`). Views and the card renderer name
them with `show()` during the request (memos show the keys of what they hold, hit or
miss). The edge stores only what the portal marks public (portal/cache/pages.py), and
strips the header; the portal's own page cache and memos keep the same keys.

What a change invalidates, here and in the portal's caches (`invalidate_content(keys)`,
the one entry point): a published story's edit, only `article-<pk>` and `search`, so
only the pages showing it are rendered again; a story appearing, leaving or moving
(publication, time, section), also the lists it is on (Article.content_keys); any other
change (a section, a company, a deal, a report, an event, a correction's note, an
image), `all`.

A purge is a task on the queue (`purge_edge`), sent once the change has committed, to
every address in EDGE_PURGE_URLS, retried with backoff: an edge that is down delays a
purge, never a save. Until it is done, the edge serves the page it has for at most its
`max-age` (PAGE_CACHE_SECONDS), never past the next scheduled publication.
"""

import contextvars
import logging
import urllib.error
import urllib.request
from contextlib import contextmanager

from django.conf import settings

from .content import ALL

logger = logging.getLogger(__name__)

_shown = contextvars.ContextVar("surrogate_keys", default=None)


def key_of(item):
    """The surrogate key of a record (`article-12`), or `item` itself (a list's key)."""
    if isinstance(item, str):
        return item
    return f"{item._meta.model_name}-{item.pk}"


def show(*items):
    """Name records or list keys the response being made shows (nothing outside one)."""
    keys = _shown.get()
    if keys is not None:
        keys.update(key_of(item) for item in items)


def show_articles(ids):
    show(*(f"article-{pk}" for pk in ids))


@contextmanager
def collecting():
    """Collect the keys shown inside the block (a set), apart from the outer ones."""
    keys = set()
    token = _shown.set(keys)
    try:
        yield keys
    finally:
        _shown.reset(token)


class SurrogateKeyMiddleware:
    """Name the keys of every response to a GET or HEAD (the edge keeps only what is
    public, and strips the header)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with collecting() as keys:
            response = self.get_response(request)
        # Also for the page cache (portal/cache/pages.py), which keeps them with the page.
        response.surrogate_keys = [ALL, *sorted(keys)]
        if request.method in ("GET", "HEAD") and settings.SURROGATE_KEY_HEADER:
            response[settings.SURROGATE_KEY_HEADER] = " ".join(response.surrogate_keys)
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
