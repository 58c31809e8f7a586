"""Paginators for large tables: a count kept as a memo (public lists), and pages found by
their keys with an estimated count (the admin's lists of articles and leads)."""

import hashlib
import json
import re
from datetime import datetime

from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

from .cache.memo import memo

_DATETIME_TEXT = re.compile(r"^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d):\d\d(\.\d+)?$")


class CachedCountPaginator(Paginator):
    """A paginator that keeps the count of a queryset until stories appear or leave."""

    @cached_property
    def count(self):
        if getattr(self.object_list, "query", None) is None:
            return super().count
        digest = query_digest(self.object_list)
        if digest is None:
            return 0
        # Any story appearing, leaving or moving changes "news" (and may change a count).
        return memo(f"count:{digest}", self.object_list.count, keys=["news"])


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


class LargeTablePaginator(Paginator):
    """A paginator for admin lists of a large table (articles, leads).

    - Pages are found by their keys first: the keys of page N come from an index-only
      scan (cheap however deep the page), then only those rows are loaded.
    - The count is exact up to ESTIMATE_FROM rows; above that it is PostgreSQL's
      estimate (`count_is_estimate`), so no page counts a million rows exactly.
    """

    ESTIMATE_FROM = 50_000
    count_is_estimate = False

    @cached_property
    def count(self):
        estimate = _planner_estimate(self.object_list)
        if estimate is not None and estimate >= self.ESTIMATE_FROM:
            self.count_is_estimate = True
            return estimate
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def _planner_estimate(queryset):
    """The number of rows PostgreSQL expects `queryset` to return (None elsewhere)."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    if queryset.query.is_empty():
        return 0  # .none(): nothing to plan (EXPLAIN answers with nothing)
    try:
        plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    except EmptyResultSet:
        return 0
    except (ValueError, LookupError, TypeError):
        return None  # no usable estimate: count exactly
    return int(plan[0]["Plan"]["Plan Rows"])


class LargeTableChangeList(ChangeList):
    """An admin list of a large table (with `show_full_result_count = False` and
    LargeTablePaginator): an unfiltered list is the whole table, so it does not say
    "N results (Show all)" as if it were filtered, and nothing is counted twice."""

    def get_results(self, request):
        super().get_results(request)
        if not self.has_active_filters and not self.query:
            self.full_result_count = self.result_count
