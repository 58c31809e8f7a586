"""Memos: values worked out from content once per content generation, not per request.

Keeps: plain data a view would otherwise compute from the archive on every request:
list counts, the front page's choice of stories (as article versions), related
stories, search matches, the tracker's totals and charts, filter choices, navigation.
Key: release and a name the caller gives (with a digest of the query or filter).
Lifetime: the caller's timeout, never past the next scheduled publication.
Invalidated by: a new content generation (`invalidate_content()`), or a change of one of
its keys (`invalidate_content(keys)`): the keys `compute` showed (portal/cache/edge.py's
`show()`; `versions()` of articles shows theirs) and the list keys the caller gives. A
memo shows its keys to the page using it, hit or miss, so the page carries them too.

A memo returns what `compute` returned, or the same value from the cache: one shape
whether the cache is warm or cold, so `compute` should return plain data (no querysets).
"""

import time

from django.core.cache import cache

from .content import STATE_KEY, changed_after, content_state, key, unchanged_since
from .edge import collecting, show

DEFAULT_TIMEOUT = 60 * 60


def memo(name, compute, timeout=DEFAULT_TIMEOUT, keys=()):
    """Return `compute()`, kept under `name` until content it showed (or `keys`) changes."""
    return memo_many({name: compute}, timeout, keys)[name]


def memo_many(computations, timeout=DEFAULT_TIMEOUT, keys=()):
    """Return {name: value} for a dict of {name: compute}: one cache round trip, and one
    more for the stamps of the stored values' keys."""
    entry_keys = {name: key("memo", name) for name in computations}
    found = cache.get_many([*entry_keys.values(), STATE_KEY])
    state = content_state(found)
    stored = {name: found.get(entry_key) for name, entry_key in entry_keys.items()}
    stored = {
        name: entry for name, entry in stored.items() if entry and entry[0] == state.generation
    }
    stamps = changed_after({name for entry in stored.values() for name in entry[2]})
    values, fresh = {}, {}
    for name, compute in computations.items():
        entry = stored.get(name)
        if entry is not None and unchanged_since(entry[1], entry[2], stamps):
            shown, values[name] = entry[2], entry[3]
        else:
            made = time.time_ns()
            with collecting() as shown:
                values[name] = compute()
            shown = {*shown, *keys}
            fresh[entry_keys[name]] = (state.generation, made, shown, values[name])
        show(*shown)
    lifetime = state.lifetime(timeout)
    if fresh and lifetime > 0:
        cache.set_many(fresh, lifetime)
    return values
