"""Site search: PostgreSQL full-text search with weights, ranking and highlighted snippets,
and a plain word-matching fallback for SQLite (local development).

Queries use web-search syntax on PostgreSQL: "quoted phrases", -excluded words, and
`or`. Whatever a reader types is passed as a parameter, never built into SQL.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import connection
from django.db.models import F, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from companies.models import Company, Deal
from portal import chinese, editions
from portal.cache.memo import memo
from portal.editions import localized
from portal.seo import PageMeta

from .cards import ArticleVersion, render_cards
from .models import Article
from .models.article import search_query

MAX_QUERY_LENGTH = 200
# Ranking is computed for the most recent matches only, so that a common word costs the
# same at 100,000 articles as at 1,000. News readers want recent stories first anyway.
MAX_RANKED_MATCHES = 300
MEMO_SECONDS = 10 * 60
MARK_START, MARK_END = "\u2063[[", "]]\u2063"
SNIPPET_WORDS = 40
# What a results page loads of an article: its card comes from the fragment cache (keyed
# by pk and version); the snippet from the database on PostgreSQL (SearchHeadline), from
# the body on SQLite.
SEARCH_RESULT_FIELDS = ["title", "updated_at", "body_html"]
TERM = re.compile(r'-?"[^"]*"|-?\S+')
SORTS = {"relevance": "Best match", "newest": "Newest first"}


@dataclass(frozen=True)
class Filters:
    """What a reader narrowed the results to: a section (pk), a date range, the order."""

    section: int | None = None
    since: date | None = None
    until: date | None = None
    newest: bool = False

    def apply(self, articles):
        """Narrow a queryset of articles (dates are whole days in the site's time zone)."""
        if self.section:
            articles = articles.filter(section_id=self.section)
        if self.since:
            articles = articles.filter(published_at__gte=_day_start(self.since))
        if self.until:
            articles = articles.filter(published_at__lt=_day_start(self.until + timedelta(1)))
        return articles

    def digest(self):
        return f"{self.section}:{self.since}:{self.until}:{self.newest}"


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


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


def find(query, filters=Filters()):
    """Return (articles, companies, deals) matching `query`; the paginator slices `articles`.

    The articles are those whose text matches and those about a matching company (found
    by any of its names, so `贝特瑞` finds the stories about BTR), narrowed by `filters`:
    best match first (text matches by rank, then stories about the companies, newest
    first), or newest first. On PostgreSQL, what grows with the archive (finding and
    ranking the matching articles) and the matching companies and deals are worked out
    once per query and filters until a story changes (a memo keyed "search"); a page of
    results then loads and highlights only its own articles, by primary key. On SQLite
    (local development) words are matched plainly, newest first.
    """
    if connection.vendor != "postgresql":
        companies = list(search_companies(query))
        articles = search_articles_plainly(query, filters, companies)
        return articles, companies, search_deals(query)

    def compute():
        companies = list(search_companies(query))
        return matching_ids(query, filters, companies), companies, list(search_deals(query))

    digest = hashlib.sha256(f"{query}|{filters.digest()}".encode()).hexdigest()
    ids, companies, deals = memo(f"search:{digest}", compute, MEMO_SECONDS, keys=["search"])
    return RankedArticles(query, ids), companies, deals


def search_articles_plainly(query, filters=Filters(), companies=()):
    """Published articles containing every wanted word and no excluded one, or about one
    of `companies`, newest first (SQLite)."""
    wanted, excluded = query_terms(query)
    if not wanted:
        return Article.objects.none()
    words = Q()
    for term in wanted:
        words &= Q(title__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term)
    for term in excluded:
        words &= ~(Q(title__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term))
    about = Article.objects.filter(companies__in=companies).values("pk")
    articles = Article.objects.published().in_edition().filter(words | Q(pk__in=about))
    return filters.apply(articles).only(*SEARCH_RESULT_FIELDS).order_by("-published_at", "-pk")


def matching_ids(query, filters, companies):
    """The ids of the matching published articles in the order `filters` asks (PostgreSQL)."""
    text = list(ranked_matches(query, filters))
    found = set(text)
    linked = Article.objects.filter(companies__in=companies).values("pk")
    about = filters.apply(Article.objects.published().in_edition().filter(pk__in=linked))
    about_ids = about.order_by("-published_at", "-pk").values_list("pk", flat=True)
    ids = text + [pk for pk in about_ids[:MAX_RANKED_MATCHES] if pk not in found]
    if filters.newest:
        newest = Article.objects.filter(pk__in=ids).order_by("-published_at", "-pk")
        ids = list(newest.values_list("pk", flat=True))
    return ids


def ranked_matches(query, filters=Filters()):
    """The ids of the published articles matching `query` (PostgreSQL), best first.

    Ranking is computed for the most recent matches only, found through the GIN index.
    """
    search_query = _search_query(query)
    recent_matches = (
        filters.apply(Article.objects.published().in_edition())
        .filter(search_vector=search_query)
        .order_by("-published_at")
        .values("pk")[:MAX_RANKED_MATCHES]
    )
    return (
        Article.objects.filter(pk__in=recent_matches)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "-published_at", "-pk")
        .values_list("pk", flat=True)
    )


def _search_query(query):
    return search_query(query)


@dataclass(frozen=True)
class SearchHit:
    """A matching article as a results page needs it (see SEARCH_RESULT_FIELDS)."""

    pk: int
    updated_at: datetime
    title: str
    headline: str
    body_html: str = ""  # for a snippet worked out here (Chinese: no headline)


class Result(NamedTuple):
    """One result as the page shows it: the hit, its card (cached) and its snippet."""

    hit: object
    card: str
    snippet: str


def results(hits, query):
    """Return a Result per hit of a results page, cards from the fragment cache."""
    hits = list(hits)
    cards = render_cards((ArticleVersion(hit.pk, hit.updated_at), "search") for hit in hits)
    return [Result(hit, card, snippet(hit, query)) for hit, card in zip(hits, cards, strict=True)]


def page_meta(query):
    """Return the metadata of a results page (never indexed)."""
    return PageMeta(
        title=gettext("Search: %(query)s") % {"query": query} if query else gettext("Search"),
        description=gettext("Search the news, company profiles and deals."),
        path=reverse("articles:search"),
        noindex=True,
    )


class RankedArticles:
    """The articles of ranked ids, as a sequence a paginator can slice.

    A slice loads only its own articles (still published) as `SearchHit`s, with their
    snippets, in one query.
    """

    def __init__(self, query, ids):
        self.search_text, self.ids = query, ids

    def __len__(self):
        return len(self.ids)

    def count(self):
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._load(self.ids[index])
        return self._load([self.ids[index]])[0]

    def _load(self, ids):
        if not ids:
            return []
        if editions.current().language == "zh-hans":  # PostgreSQL cannot mark unspaced text
            rows = (
                Article.objects.published()
                .in_edition()
                .filter(pk__in=ids)
                .annotate(headline=Value(""))
                .values_list("pk", "updated_at", "title", "headline", "body_html")
            )
            by_id = {row[0]: SearchHit(*row) for row in rows}
            return [by_id[pk] for pk in ids if pk in by_id]
        rows = (
            Article.objects.published()
            .in_edition()
            .filter(pk__in=ids)
            .annotate(
                headline=SearchHeadline(
                    "body",
                    _search_query(self.search_text),
                    config="english",
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=SNIPPET_WORDS,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "updated_at", "title", "headline")
        )
        by_id = {row[0]: SearchHit(*row) for row in rows}
        # An article withdrawn since the ids were remembered is left out.
        return [by_id[pk] for pk in ids if pk in by_id]


def snippet(article, query):
    """Return a safe HTML snippet of the article body with the query's words marked."""
    headline = getattr(article, "headline", None)
    if headline:
        text = _plain(headline)
    else:
        text = _plain(strip_tags(article.body_html))
        wanted, _ = query_terms(query)
        if chinese.has_chinese(query):
            wanted = [*wanted, *chinese.query_words(" ".join(wanted))]
            text = _window_chars(text, wanted)
        else:
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


def _window_chars(text, terms, width=SNIPPET_WORDS * 3):
    """The piece of unspaced text around the first of `terms` it contains."""
    found = [text.find(term) for term in terms if term and text.find(term) >= 0]
    start = max(0, min(found, default=0) - width // 4)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def search_companies(query, limit=5):
    """Return companies whose name, legal name or other names contain a wanted word."""
    wanted, _ = query_terms(query)
    terms = [term for term in wanted if len(term) >= 3 or not term.isascii()]
    return Company.objects.search(*terms).only("name", "slug", "kind").order_by("name")[:limit]


def search_deals(query, limit=5):
    """Return deals whose title or site names contain every wanted word."""
    wanted, _ = query_terms(query)
    wanted = [term for term in wanted if len(term) >= 3 or not term.isascii()]
    if not wanted:
        return Deal.objects.none()
    deals = Deal.objects.for_listing()
    fields = [*localized("title"), *localized("site_name"), "site_aliases"]  # every edition's
    for term in wanted:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": term})
        deals = deals.filter(condition)
    return deals[:limit]
