"""A paginator whose count is a memo: no COUNT(*) over the archive on every request."""

import hashlib
import re
from datetime import datetime

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .cache.memo import memo

_DATETIME_TEXT = re.compile(r"^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d):\d\d(\.\d+)?$")


class CachedCountPaginator(Paginator):
    """A paginator that keeps the count of a queryset for the content generation."""

    @cached_property
    def count(self):
        if getattr(self.object_list, "query", None) is None:
            return super().count
        digest = query_digest(self.object_list)
        if digest is None:
            return 0
        return memo(f"count:{digest}", self.object_list.count)


def query_digest(queryset):
    """A digest of a queryset's SQL and parameters, or None if it can match nothing.

    Datetime parameters ("published by now") are cut to the minute, so that requests
    share the entry; a memo never outlives the next scheduled publication, so the
    count is still right at once when a story goes live.
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    params = tuple(_to_the_minute(p) for p in params)
    return hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()


def _to_the_minute(param):
    """A datetime query parameter cut to the minute (SQLite passes them as text)."""
    if isinstance(param, datetime):
        return param.replace(second=0, microsecond=0)
    if isinstance(param, str):
        return _DATETIME_TEXT.sub(r"\1", param)
    return param
