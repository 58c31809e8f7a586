"""What every cached entry is checked against: the release and the content state.

*Release*: a digest of the portal's code, templates and static files (and of the few
settings that rendered HTML shows), computed once when a process starts. Every cache
key starts with it, so a deploy never reads what an older release stored.

*Content state*: a generation number and the time of the next scheduled publication,
kept in the shared cache under one key (outside the release, so every node of every
release sees the same), and the time each key last changed (*stamps*). Keys are the
surrogate keys of portal/cache/edge.py: a page or memo remembers the keys it showed
(`article-12`, `front`, ...) and when it was made.

`invalidate_content()` makes a new generation, which turns every stored page, fragment
and memo into a miss; `invalidate_content(keys)` stamps only those keys, which turns
into misses only the pages and memos made before that showed one of them (fragments are
versions of one record: an edit makes a new one). No entry is kept past the next
scheduled publication, and the first request after that time makes a new generation
too, so a scheduled story appears on time without cron or a worker. Stamps compare the
app servers' clocks: keep them synchronised (NTP), as any cluster does.
"""

import contextvars
import hashlib
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

STATE_KEY = "content:state"
ALL = "all"  # the key every page carries: a change of it is a new generation
# A key's stamp outlives every page and memo that can show the key (an hour at most).
STAMP_SECONDS = 2 * 24 * 60 * 60
# Where the release digest looks: the portal's own code, templates and static files.
RELEASE_FOLDERS = ("portal", "articles", "companies", "leads", "templates", "static")
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg", ".json"}
# When the cache keeps nothing (Redis down, DJANGO_CACHE_OFF), a process works the
# state out at most this often instead of on every cache lookup.
LOCAL_STATE_SECONDS = 1.0


def release_digest(base_dir=None, folders=RELEASE_FOLDERS):
    """Return a short digest of the release: source files and what HTML shows of settings."""
    base = Path(base_dir or settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    shown = [settings.SITE_URL, settings.SITE_NAME, settings.STATIC_URL, _media_base()]
    digest.update("|".join(shown).encode())
    return digest.hexdigest()[:12]


def _media_base():
    return default_storage.url("release")


_release = None


def release():
    """Return the release digest of this process (computed once, at its first use)."""
    global _release
    if _release is None:
        _release = release_digest()
    return _release


def renew_release(**kwargs):
    """Compute the release again (development: runserver keeps running on template edits)."""
    global _release
    _release = None
    return False  # let Django's own file_changed receivers decide whether to reload


def key(kind, name):
    """Return the cache key of an entry: release, mechanism, the edition's language (what
    is rendered or worked out in one edition is never served in the other), name."""
    return f"{release()}:{kind}:{translation.get_language()}:{name}"


@dataclass(frozen=True)
class ContentState:
    """The content generation and the next scheduled publication (a timestamp, or None)."""

    generation: int
    next_change: float | None = None

    def is_current(self, now=None):
        return self.next_change is None or (now or time.time()) < self.next_change

    def lifetime(self, seconds, now=None):
        """Return how long an entry stored now may live: at most until the next change."""
        if self.next_change is None:
            return seconds
        return max(0, min(seconds, int(self.next_change - (now or time.time()))))


# The state a process fell back on while the cache kept none (see LOCAL_STATE_SECONDS).
_local = (None, 0.0)


def content_state(found=None):
    """Return the current ContentState.

    `found` is the result of a `cache.get_many` that asked for STATE_KEY with the
    entries themselves, so a lookup costs one round trip. A state past its next
    scheduled publication is replaced by a new generation.
    """
    state = cache.get(STATE_KEY) if found is None else found.get(STATE_KEY)
    if not isinstance(state, ContentState):
        return _renewed_state(None)
    return state if state.is_current() else _renewed_state(state)


def _renewed_state(stale):
    global _local
    local, until = _local
    if local is not None and time.monotonic() < until and local.is_current():
        return local
    if stale is not None and not cache.add(f"content:renewing:{stale.generation}", 1, 5):
        # Another process is making the next generation: match nothing, store nothing.
        return ContentState(generation=-1, next_change=time.time())
    # The time alone moved on (a scheduled publication): the edge's pages expire by
    # their max-age at that time, so there is nothing to purge.
    state = invalidate_content(on_commit=False, edge=False)
    if cache.get(STATE_KEY) != state:
        _local = (state, time.monotonic() + LOCAL_STATE_SECONDS)
    return state


_held = contextvars.ContextVar("invalidations_held", default=False)


@contextmanager
def one_invalidation():
    """Hold back the invalidations of every change made inside the block, and invalidate
    everything once at its end: for bulk loads (load_demo), whose hundreds of saves
    would otherwise each work out the content state again."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)
    invalidate_content()


def invalidate_content(keys=None, *, on_commit=True, edge=True, **signal_kwargs):
    """Tell the caches that content changed: everything (`keys` None: a new generation),
    or only what showed one of `keys` (a list of surrogate keys: their stamps move on).
    The edge purges the same (portal.cache.edge), unless `edge` is False.

    Signal receivers and bulk commands call it after changing what readers may see.
    Inside a transaction it runs again when the transaction commits, so no request in
    between can store the old content as new. A change of the next scheduled
    publication always makes a new generation (every entry's lifetime ends at it).
    Returns the content state.
    """
    if _held.get():  # inside one_invalidation(): match nothing, store nothing meanwhile
        return ContentState(generation=-1, next_change=time.time())
    next_change = _next_scheduled_change()
    state = cache.get(STATE_KEY) if keys is not None and ALL not in keys else None
    if isinstance(state, ContentState) and state.next_change == next_change:
        now = time.time_ns()
        cache.set_many({stamp_key(name): now for name in keys}, STAMP_SECONDS)
    else:
        state = ContentState(generation=time.time_ns(), next_change=next_change)
        cache.set(STATE_KEY, state, timeout=None)
        keys = None
    if on_commit and connection.in_atomic_block:
        transaction.on_commit(lambda: invalidate_content(keys, on_commit=False, edge=edge))
    elif edge:
        from .edge import purge_on_commit

        purge_on_commit([ALL] if keys is None else keys)
    return state


def stamp_key(name):
    return f"content:changed:{name}"


def changed_after(keys):
    """Return {key: when it last changed (ns)} of those of `keys` that have a stamp."""
    names = [name for name in keys if name != ALL]  # ALL never has a stamp
    stamps = cache.get_many([stamp_key(name) for name in names]) if names else {}
    return {name: stamps[stamp_key(name)] for name in names if stamp_key(name) in stamps}


def unchanged_since(made, keys, stamps):
    """Whether none of `keys` changed after `made` (ns), by `stamps` (changed_after)."""
    return all(stamps.get(name, 0) < made for name in keys)


def _next_scheduled_change():
    """The earliest time at which content changes by itself (settings.CONTENT_SCHEDULES)."""
    times = [import_string(path)() for path in settings.CONTENT_SCHEDULES]
    times = [moment.timestamp() for moment in times if moment is not None]
    return min(times, default=None)
