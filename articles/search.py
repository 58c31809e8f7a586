"""Site search: PostgreSQL full-text search with weights, ranking and highlighted snippets,
and a plain word-matching fallback for SQLite (local development).

Queries use web-search syntax on PostgreSQL: "quoted phrases", -excluded words, and
`or`. Whatever a reader types is passed as a parameter, never built into SQL.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from companies.models import Company, Deal

from .models import Article

MAX_QUERY_LENGTH = 200
# Ranking is computed for the most recent matches only, so that a common word costs the
# same at 100,000 articles as at 1,000. News readers want recent stories first anyway.
MAX_RANKED_MATCHES = 300
MARK_START, MARK_END = "\u2063[[", "]]\u2063"
SNIPPET_WORDS = 40
# What a result shows; on PostgreSQL the snippet comes from the database (SearchHeadline).
SEARCH_RESULT_FIELDS = ["title", "slug", "published_at", "section__name", "section__slug"]
TERM = re.compile(r'-?"[^"]*"|-?\S+')


def clean_query(raw):
    """Return the query as searched: no control characters, single spaces, bounded length."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", raw or "")
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip()


def query_terms(query):
    """Split a web-search query into (wanted, excluded) lists of words or phrases."""
    wanted, excluded = [], []
    for token in TERM.findall(query):
        negative = token.startswith("-") and len(token) > 1
        token = token.lstrip("-").strip('"').strip()
        if not token or token.lower() == "or":
            continue
        (excluded if negative else wanted).append(token)
    return wanted, excluded


def search_articles(query):
    """Return published articles matching `query`, best first, each with a `snippet`."""
    articles = (
        Article.objects.published()
        .select_related("section")
        .only(*SEARCH_RESULT_FIELDS)
        .with_bylines()
    )
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config="english")
        recent_matches = (
            Article.objects.published()
            .filter(search_vector=search_query)
            .order_by("-published_at")
            .values("pk")[:MAX_RANKED_MATCHES]
        )
        return (
            articles.filter(pk__in=recent_matches)
            .annotate(
                rank=SearchRank(F("search_vector"), search_query),
                headline=SearchHeadline(
                    "body",
                    search_query,
                    config="english",
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=SNIPPET_WORDS,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )  # fmt: skip
            .order_by("-rank", "-published_at", "-pk")
        )
    wanted, excluded = query_terms(query)
    if not wanted:
        return articles.none()
    articles = articles.only(*SEARCH_RESULT_FIELDS, "body_html")
    for term in wanted:
        articles = articles.filter(
            Q(title__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term)
        )
    for term in excluded:
        articles = articles.exclude(
            Q(title__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term)
        )
    return articles.order_by("-published_at", "-pk")


def snippet(article, query):
    """Return a safe HTML snippet of the article body with the query's words marked."""
    headline = getattr(article, "headline", None)
    if headline:
        text = _plain(headline)
    else:
        text = _plain(strip_tags(article.body_html))
        wanted, _ = query_terms(query)
        text = _window(text, wanted)
        for term in sorted(wanted, key=len, reverse=True):
            text = re.sub(
                re.escape(term), lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", text,
                flags=re.IGNORECASE,
            )  # fmt: skip
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only <mark> is added


def _plain(text):
    """Markdown source to readable text: drop markup characters and collapse spaces."""
    text = strip_tags(text.replace(MARK_START, "\x02").replace(MARK_END, "\x03"))
    text = re.sub(r"[#*_`>|]+", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = " ".join(text.split())
    return text.replace("\x02", MARK_START).replace("\x03", MARK_END)


def _window(text, terms):
    words = text.split()
    lowered = [w.lower() for w in words]
    start = 0
    for index, word in enumerate(lowered):
        if any(term.lower() in word for term in terms):
            start = max(0, index - 10)
            break
    piece = " ".join(words[start : start + SNIPPET_WORDS])
    return ("… " if start else "") + piece + (" …" if start + SNIPPET_WORDS < len(words) else "")


def search_companies(query, limit=5):
    """Return companies whose name, legal name or other names contain a wanted word."""
    wanted, _ = query_terms(query)
    condition = Q()
    for term in wanted:
        if len(term) >= 3 or not term.isascii():
            condition |= (
                Q(name__icontains=term) | Q(legal_name__icontains=term) | Q(aliases__icontains=term)
            )
    if not condition:
        return Company.objects.none()
    return Company.objects.filter(condition).only("name", "slug", "kind").order_by("name")[:limit]


def search_deals(query, limit=5):
    """Return deals whose title or site names contain every wanted word."""
    wanted, _ = query_terms(query)
    wanted = [term for term in wanted if len(term) >= 3 or not term.isascii()]
    if not wanted:
        return Deal.objects.none()
    deals = Deal.objects.for_listing()
    for term in wanted:
        deals = deals.filter(
            Q(title__icontains=term)
            | Q(site_name__icontains=term)
            | Q(site_aliases__icontains=term)
        )
    return deals[:limit]
