"""Memos: values worked out from content once per content generation, not per request.

Keeps: plain data a view would otherwise compute from the archive on every request:
list counts, the front page's choice of stories (as article versions), related
stories, search matches, the tracker's totals and charts, filter choices, navigation.
Key: release and a name the caller gives (with a digest of the query or filter).
Lifetime: the caller's timeout, never past the next scheduled publication.
Invalidated by: a new content generation (`invalidate_content`).

A memo returns what `compute` returned, or the same value from the cache: one shape
whether the cache is warm or cold, so `compute` should return plain data (no querysets).
"""

from django.core.cache import cache

from .content import STATE_KEY, content_state, key

DEFAULT_TIMEOUT = 60 * 60


def memo(name, compute, timeout=DEFAULT_TIMEOUT):
    """Return `compute()`, worked out once per content generation and kept under `name`."""
    return memo_many({name: compute}, timeout)[name]


def memo_many(computations, timeout=DEFAULT_TIMEOUT):
    """Return {name: value} for a dict of {name: compute}, in one cache round trip."""
    keys = {name: key("memo", name) for name in computations}
    found = cache.get_many([*keys.values(), STATE_KEY])
    state = content_state(found)
    values, fresh = {}, {}
    for name, compute in computations.items():
        stored = found.get(keys[name])
        if stored is not None and stored[0] == state.generation:
            values[name] = stored[1]
        else:
            values[name] = fresh[keys[name]] = compute()
    lifetime = state.lifetime(timeout)
    if fresh and lifetime > 0:
        cache.set_many({k: (state.generation, value) for k, value in fresh.items()}, lifetime)
    return values
