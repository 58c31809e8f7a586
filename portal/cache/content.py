"""What every cached entry is checked against: the release and the content state.

*Release*: a digest of the portal's code, templates and static files (and of the few
settings that rendered HTML shows), computed once when a process starts. Every cache
key starts with it, so a deploy never reads what an older release stored.

*Content state*: a generation number and the time of the next scheduled publication,
kept in the shared cache under one key (outside the release, so every node of every
release sees the same). `invalidate_content()` makes a new generation, which turns every
stored page, fragment and memo into a miss; no entry is kept past the next scheduled
publication, and the first request after that time makes a new generation too, so a
scheduled story appears on time without cron or a worker.
"""

import hashlib
import logging
import time
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


def invalidate_content(*, on_commit=True, edge=True, **signal_kwargs):
    """Start a new content generation: every cached page, fragment and memo is stale,
    and the edge's pages are purged (portal.cache.edge): all of them (`edge=True`), only
    those carrying the keys given (`edge=[...]`), or none (`edge=False`).

    Signal receivers and bulk commands call it after changing what readers may see.
    Inside a transaction it runs again when the transaction commits, so no request in
    between can store the old content under the new generation. Returns the new state.
    """
    state = ContentState(generation=time.time_ns(), next_change=_next_scheduled_change())
    cache.set(STATE_KEY, state, timeout=None)
    if on_commit and connection.in_atomic_block:
        transaction.on_commit(lambda: invalidate_content(on_commit=False, edge=edge))
    elif edge:
        from .edge import ALL, purge_on_commit

        purge_on_commit([ALL] if edge is True else edge)
    return state


def _next_scheduled_change():
    """The earliest time at which content changes by itself (settings.CONTENT_SCHEDULES)."""
    times = [import_string(path)() for path in settings.CONTENT_SCHEDULES]
    times = [moment.timestamp() for moment in times if moment is not None]
    return min(times, default=None)
