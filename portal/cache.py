"""Caching helpers: a Redis cache that never takes the site down, the page cache, and
data remembered per content generation.

The page cache keeps whole anonymous responses. Every entry carries a *generation*
number; publishing or changing content bumps it (see `bump_content_generation`), so
every cached page is invalid at once, on every app server that shares the cache.
Entries also expire after PAGE_CACHE_SECONDS, which bounds how late a scheduled
article can appear on a cached page. Views remember costly data (list counts, the
front page's choices, tracker summaries) the same way: `remembered`, `remember` and
`kept_for_generation`.
"""

import hashlib
import logging
import re
import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import EmptyResultSet
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.template.loader import get_template
from django.template.loader_tags import IncludeNode
from django.utils.cache import get_max_age, patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"


class FailSafeRedisCache(RedisCache):
    """Django's Redis cache, but a Redis outage makes it a cache that misses.

    Reads return the default, writes report success (so callers such as the lead
    form's replay check fail open), and the error is logged. Pages are then served
    uncached, slower but not broken.
    """

    def _guard(self, operation, fallback, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except ValueError:
            raise  # incr() of a missing key: part of the cache API, not an outage
        except Exception as error:  # redis.exceptions.RedisError and socket errors
            logger.warning("Cache unavailable (%s): %s", operation, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._guard("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, keys, version)

    def set(self, key, value, timeout=None, version=None):
        return self._guard("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._guard("add", True, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._guard("set_many", [], data, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._guard("incr", delta, key, delta, version)

    def touch(self, key, timeout=None, version=None):
        return self._guard("touch", False, key, timeout, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, key, version)

    def clear(self):
        return self._guard("clear", None)


def generation(key):
    """Return the generation counter stored at `key`, starting one if there is none.

    A counter starts at the current time in nanoseconds, so one that the cache lost
    (evicted, or Redis restarted) restarts above every value it had before and entries
    stored under an old value never match again.
    """
    value = cache.get(key)
    if value is None:
        start = time.time_ns()
        cache.add(key, start, timeout=None)
        value = cache.get(key) or start
    return value


def bump_generation(key):
    """Move the generation counter at `key` on, invalidating what was keyed by it."""
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), timeout=None)


def content_generation():
    """Return the current content generation (an integer)."""
    return generation(GENERATION_KEY)


def bump_content_generation(**kwargs):
    """Invalidate every cached page (signal receiver for content changes)."""
    bump_generation(GENERATION_KEY)


def remembered(names):
    """Return (generation, values) of what `remember` kept for the current generation.

    One cache round trip fetches the content generation and every named value; a value
    kept for an older generation is left out, so the caller computes it again. A name
    stands for one shape of value: a change to what is kept under a name takes a new
    name, since the processes of a new deploy share the cache with those they replace.
    """
    found = cache.get_many([GENERATION_KEY, *names])
    current = found.get(GENERATION_KEY) or content_generation()
    values = {}
    for name in names:
        stored = found.get(name)
        if stored is not None and stored[0] == current:
            values[name] = stored[1]
    return current, values


def remember(generation, values, timeout):
    """Keep computed values (a dict by name) for `generation`, for at most `timeout` s."""
    if values:
        cache.set_many({name: (generation, value) for name, value in values.items()}, timeout)


def kept_for_generation(name, compute, timeout=60 * 60):
    """Return `compute()`, worked out once per content generation and kept under `name`."""
    generation, kept = remembered([name])
    if name not in kept:
        kept[name] = compute()
        remember(generation, {name: kept[name]}, timeout)
    return kept[name]


def template_digest(template_name):
    """A short digest of a template's source, of those it includes, and of the media URL.

    Rendered HTML kept in the cache carries it in its key, so that a deploy that changes
    the markup (of the template or of any template it includes by name), or moves media
    to a new domain (a CDN), renders it anew. The digest is kept on the loaded template:
    the loader keeps templates for the life of the process (in development, until a
    template file changes).
    """
    template = get_template(template_name).template
    if not hasattr(template, "portal_digest"):
        media_base = default_storage.url("fragment")
        source = f"{_source_with_includes(template, set())}\n{media_base}".encode()
        template.portal_digest = hashlib.sha256(source).hexdigest()[:12]
    return template.portal_digest


def _source_with_includes(template, seen):
    """The template's source followed by those of the templates it includes by name."""
    parts = [template.source]
    for node in template.nodelist.get_nodes_by_type(IncludeNode):
        name = node.template.var
        if isinstance(name, str) and name not in seen:
            seen.add(name)
            parts.append(_source_with_includes(get_template(name).template, seen))
    return "\n".join(parts)


def query_digest(queryset):
    """A digest of a queryset's SQL and parameters, or None if it can match nothing.

    Datetime parameters are cut to the minute: lists filter on "now", and a result a
    minute old is right for a count or a summary, shared by every request in the minute.
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    params = tuple(_to_the_minute(p) for p in params)
    return hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()


def _page_key(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{request.method}:{digest}"


def _is_anonymous_request(request):
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


class AnonymousPageCacheMiddleware:
    """Serve whole pages from the cache to anonymous readers; never to signed-in staff.

    A request carrying a session cookie is never answered from the cache and its
    response is marked private. A response is cached only if the view allowed it (no
    no-cache/private Cache-Control), it sets no cookie and has status 200, 301 or 404.
    """

    cacheable_statuses = {200, 301, 404}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        use_cache = seconds > 0 and request.method in ("GET", "HEAD")
        anonymous = _is_anonymous_request(request)
        if use_cache and anonymous:
            request.get_host()  # refuses unknown hosts (400) before any cached answer
            key = _page_key(request)
            # One round trip: the page and the current generation together.
            found = cache.get_many([key, GENERATION_KEY])
            generation = found.get(GENERATION_KEY) or content_generation()
            stored = found.get(key)
            if stored is not None and stored[0] == generation:
                response = stored[1]
                response["X-Cache"] = "HIT"
                return response
        response = self.get_response(request)
        if not use_cache:
            return response
        if not anonymous:
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if self._cacheable(response):
            self._mark_public(response, seconds)
            cache.set(key, (generation, response), seconds)
            response["X-Cache"] = "MISS"
        return response

    def _cacheable(self, response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code in self.cacheable_statuses
            and not response.cookies
            and not response.streaming
            and "private" not in control
            and "no-cache" not in control
            and "no-store" not in control
            and get_max_age(response) != 0
        )

    def _mark_public(self, response, seconds):
        patch_cache_control(response, public=True, max_age=seconds)
        # The page does not depend on cookies for a reader without a session.
        if response.has_header("Vary"):
            vary = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
            if vary:
                response["Vary"] = ", ".join(vary)
            else:
                del response["Vary"]
        patch_vary_headers(response, ["Accept-Encoding"])


_DATETIME_TEXT = re.compile(r"^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d):\d\d(\.\d+)?$")


def _to_the_minute(param):
    """A datetime query parameter cut to the minute (SQLite passes them as text)."""
    if isinstance(param, datetime):
        return param.replace(second=0, microsecond=0)
    if isinstance(param, str):
        return _DATETIME_TEXT.sub(r"\1", param)
    return param


class CachedCountPaginator(Paginator):
    """A paginator that keeps list counts in the cache for the current content generation.

    Counting a large table on every request is the slowest part of a list page; the
    count only changes when content does, which bumps the generation.
    """

    count_timeout = 60 * 60

    @cached_property
    def count(self):
        if getattr(self.object_list, "query", None) is None:
            return super().count
        digest = query_digest(self.object_list)
        if digest is None:
            return 0
        return kept_for_generation(f"count:{digest}", self.object_list.count, self.count_timeout)
