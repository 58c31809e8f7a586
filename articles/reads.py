"""Most read: article page views, counted without cookies, scripts or third parties.

Counted: a GET of a published article's page answered 200, whether the page cache
answered or the view did (the view marks its response with the article; the middleware,
outside the page cache, reads the mark on cached answers too).
Not counted: staff, bots and tools (by User-Agent), prefetches, previews.
Kept: in the worker's memory, then added to `DailyReads` (one row per article and day)
at most every READS_FLUSH_SECONDS, in one transaction, and when a gunicorn worker exits
(`portal/gunicorn.py`). A worker that is killed loses at most those seconds of counts;
a database that cannot be reached keeps them for the next try.
"""

import logging
import re
import threading
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from portal.cache import edge

from .models import Article, DailyReads

logger = logging.getLogger(__name__)

READ_HEADER = "X-Article-Read"
NOT_READERS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|"
    r"lighthouse|headless|phantom|curl|wget|python|go-http|java/|okhttp|httpclient|"
    r"scrapy|axios|node-fetch|libwww|feed",
    re.IGNORECASE,
)
MAX_PENDING = 100_000  # (article, day) pairs kept while the database is away

_pending = Counter()
_lock = threading.Lock()
_last_flush = time.monotonic()


def mark_read(response, article):
    """Mark `response` as a reading of `article` (the middleware counts and removes it)."""
    response[READ_HEADER] = str(article.pk)
    return response


def is_reader(request):
    agent = request.headers.get("User-Agent", "")
    purpose = request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    if not agent or NOT_READERS.search(agent) or "prefetch" in purpose:
        return False
    user = getattr(request, "user", None)  # set only when the page cache did not answer
    return not (user is not None and user.is_staff)


class ReadCounterMiddleware:
    """Count the article readings marked by the view (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        article_id = response.get(READ_HEADER)
        if article_id is None:
            return response
        del response[READ_HEADER]
        if request.method == "GET" and response.status_code == 200:
            if is_reader(request):
                count_read(int(article_id))
            if time.monotonic() - _last_flush >= settings.READS_FLUSH_SECONDS:
                flush()
        return response


def count_read(article_id):
    with _lock:
        if len(_pending) < MAX_PENDING:
            _pending[(article_id, timezone.localdate())] += 1


def flush():
    """Add the counts kept in memory to the database; return how many readings."""
    global _last_flush
    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if not counts:
        return 0
    try:
        live = set(
            Article.objects.filter(pk__in={pk for pk, _ in counts}).values_list("pk", flat=True)
        )
        with transaction.atomic():
            for (article_id, day), views in counts.items():
                if article_id in live:
                    _add(DailyReads, article_id, day, views)
    except DatabaseError:
        logger.warning("Could not store %s article readings; keeping them", len(counts))
        with _lock:
            _pending.update(counts)
        return 0
    return sum(counts.values())


def _add(model, article_id, day, views):
    rows = model.objects.filter(article_id=article_id, day=day)
    if rows.update(views=F("views") + views):
        return
    try:
        with transaction.atomic():
            model.objects.create(article_id=article_id, day=day, views=views)
    except IntegrityError:  # another worker created the row first
        rows.update(views=F("views") + views)


MOST_READ_SECONDS = 5 * 60  # readers change it, not editors: its memo lives this long


def most_read(days=7, limit=5):
    """The `limit` published articles read most in the last `days` days, most read first:
    a list of {title, url, reads}."""
    since = timezone.localdate() - timedelta(days=days - 1)
    top = (
        DailyReads.objects.filter(
            day__gte=since, article__in=Article.objects.published().in_edition()
        )
        .values("article")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article")[:limit]
    )
    totals = {row["article"]: row["total"] for row in top}
    articles = Article.objects.filter(pk__in=totals).only("title", "slug", "language")
    ranked = sorted(articles, key=lambda article: (-totals[article.pk], -article.pk))
    edge.show_articles(totals)  # a memo of them is stale once one of them changes
    return [
        {"pk": a.pk, "title": a.title, "url": a.get_absolute_url(), "reads": totals[a.pk]}
        for a in ranked
    ]
