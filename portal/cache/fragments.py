"""Fragments: rendered HTML of one record's part of a page (an article card, a story).

Keeps: HTML (and, for a story, its structured data) rendered from one record.
Key: release, the kind of fragment and the record's version (pk and `updated_at`), so
an edit made without signals (a bare `QuerySet.update` that sets `updated_at`) is still
never shown stale.
Lifetime: FRAGMENT_CACHE_SECONDS (a day): it only bounds memory, as the key and the
generation decide freshness.
Invalidated by: a new content generation (`invalidate_content`): a fragment also shows
other records (section, authors, tags, companies, deals), so any content change
renders them anew, once.

A page asks for all its fragments in one round trip and renders only the missing ones.
"""

from django.conf import settings
from django.core.cache import cache

from .content import STATE_KEY, content_state, key


def version_name(kind, pk, updated_at):
    """Return the name of a record version's fragment of `kind`."""
    return f"{kind}:{pk}:{updated_at.timestamp()}"


def fragments(names, render_missing):
    """Return the stored value of each name, in order, rendering the missing ones.

    `render_missing(indexes)` returns {index: value} for the positions not in the cache;
    what it returns is stored for the current generation.
    """
    keys = [key("fragment", name) for name in names]
    if not keys:
        return []
    found = cache.get_many([*keys, STATE_KEY])
    state = content_state(found)
    values, missing = [], []
    for index, fragment_key in enumerate(keys):
        stored = found.get(fragment_key)
        if stored is not None and stored[0] == state.generation:
            values.append(stored[1])
        else:
            values.append(None)
            missing.append(index)
    if missing:
        rendered = render_missing(missing)
        for index, value in rendered.items():
            values[index] = value
        fresh = {
            keys[i]: (state.generation, v) for i, v in rendered.items() if state.generation > 0
        }
        if fresh:
            cache.set_many(fresh, settings.FRAGMENT_CACHE_SECONDS)
    return values
