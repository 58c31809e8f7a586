"""The page cache: whole responses for anonymous readers, shared by every app server.

Keeps: the response of an anonymous GET or HEAD whose view allowed caching (status 200,
301 or 404, no cookie set, no private/no-cache header).
Key: release, method, path and the query parameters the page uses (a view's
`page_parameters`, in a fixed order); campaign parameters (`utm_*`, `gclid`, ...) and
any other parameter are taken out before the view runs, so a newsletter link or a URL
with made-up parameters is answered from the same entry as the plain URL. A view that
declares no `page_parameters` keeps its whole query string (minus campaign parameters).
Lifetime: PAGE_CACHE_SECONDS, never past the next scheduled publication; the
`Cache-Control: max-age` sent to browsers and CDNs is what is left of it.
Invalidated by: a new content generation (`invalidate_content()`), or a change of one of
the keys the page showed (`invalidate_content(keys)`: the keys SurrogateKeyMiddleware
names, kept with the page), so an edit re-renders only the pages showing what changed.
"""

import hashlib
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_max_age, patch_cache_control, patch_vary_headers

from .content import STATE_KEY, changed_after, content_state, key, unchanged_since

TRACKING_PARAMETERS = {"gclid", "fbclid", "mc_cid", "mc_eid"}
TRACKING_PREFIXES = ("utm_",)
CACHEABLE_STATUSES = {200, 301, 404}


def is_tracking_parameter(name):
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def campaign_parameters(request):
    """Return the campaign parameters of the URL the reader came to (a dict).

    The middleware takes them out of `request.GET` (so that a page is the same with or
    without them); this is where views that record them, like the lead form, read them.
    """
    found = getattr(request, "campaign_parameters", None)
    if found is None:
        found = {k: v for k, v in request.GET.items() if is_tracking_parameter(k)}
    return found


def _keep_page_parameters(request):
    """Leave in the query string only what the page uses, in a fixed order.

    Campaign parameters move to `request.campaign_parameters`; parameters the view does
    not use (or, for a URL that matches no view, all of them) are dropped.
    """
    original = request.META.get("QUERY_STRING", "")
    pairs = parse_qsl(original, keep_blank_values=True)
    request.campaign_parameters = {k: v for k, v in pairs if is_tracking_parameter(k)}
    used = _page_parameters(request.path_info)
    if used is None:
        kept = [(k, v) for k, v in pairs if not is_tracking_parameter(k)]
    else:
        kept = sorted(((k, v) for k, v in pairs if k in used), key=lambda pair: pair[0])
    query = urlencode(kept)
    if query != original:
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query, encoding=request.encoding)


def _page_parameters(path):
    """The query parameters the view of `path` uses (a tuple), or None if it does not say."""
    try:
        view = resolve(path).func
    except Resolver404:
        return ()  # a 404 page uses none
    # A function view, a class-based view (view_class) or a DRF viewset's action (cls).
    for holder in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        names = getattr(holder, "page_parameters", None)
        if names is not None:
            return names
    return None


class AnonymousPageCacheMiddleware:
    """Serve whole pages from the cache to anonymous readers; never to signed-in staff.

    A request carrying a session cookie is never answered from the cache and its
    response is marked private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        _keep_page_parameters(request)
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0:
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        request.get_host()  # refuses unknown hosts (400) before any cached answer
        page_key = key("page", _url_digest(request))
        found = cache.get_many([page_key, STATE_KEY])  # one round trip
        state = content_state(found)
        stored = found.get(page_key)
        if stored is not None and _current(stored, state):
            _, _, keys, expires_at, response = stored
            _mark_public(response, max(0, int(expires_at - time.time())))
            response["X-Cache"] = "HIT"
            return response
        made = time.time_ns()
        response = self.get_response(request)
        lifetime = state.lifetime(seconds)
        if _cacheable(response):
            _mark_public(response, lifetime)
            if lifetime > 0:
                keys = getattr(response, "surrogate_keys", ())
                entry = (state.generation, made, keys, time.time() + lifetime, response)
                cache.set(page_key, entry, lifetime)
            response["X-Cache"] = "MISS"
        return response


def _current(stored, state):
    """Whether a stored page is of the current generation and none of its keys changed
    after it was made (one more round trip, for the keys' stamps)."""
    generation, made, keys, *_ = stored
    return generation == state.generation and unchanged_since(made, keys, changed_after(keys))


def _url_digest(request):
    url = f"{request.method}:{request.path}?{request.META.get('QUERY_STRING', '')}"
    return hashlib.sha256(url.encode()).hexdigest()


def _cacheable(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code in CACHEABLE_STATUSES
        and not response.cookies
        and not response.streaming
        and "private" not in control
        and "no-cache" not in control
        and "no-store" not in control
        and get_max_age(response) != 0
    )


def _mark_public(response, max_age):
    patch_cache_control(response, public=True, max_age=max_age)
    # The page does not depend on cookies for a reader without a session.
    if response.has_header("Vary"):
        vary = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
        if vary:
            response["Vary"] = ", ".join(vary)
        else:
            del response["Vary"]
    patch_vary_headers(response, ["Accept-Encoding"])
