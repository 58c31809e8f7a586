"""Article cards and the story of an article page, rendered through the fragment cache.

Cards (front page, lists, related stories, company and deal coverage, search results)
and stories are kept per article version (`portal.cache.fragments`): a page fetches all
its cards in one round trip and loads and renders only the missing ones.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from companies.models import Company, Deal
from portal import structured_data
from portal.cache import edge
from portal.cache.fragments import fragments, version_name

from .models import Article, Author

STORY_TEMPLATE = "articles/includes/story.html"


@dataclass(frozen=True)
class CardVariant:
    template: str
    options: dict = field(default_factory=dict)


VARIANTS = {
    "plain": CardVariant("components/article_card.html"),
    "image": CardVariant("components/article_card.html", {"with_image": True}),
    "latest": CardVariant("components/article_card.html", {"with_image": True, "with_dek": True}),
    "list": CardVariant(
        "components/article_card.html", {"with_image": True, "with_dek": True, "heading_level": 2}
    ),
    "lead": CardVariant("components/lead_story.html"),
    # A search result: the snippet, which depends on the query, follows it.
    "search": CardVariant("components/search_result.html"),
}


@dataclass(frozen=True)
class ArticleVersion:
    """An article's pk and version: all that its card's cache key needs.

    Memos keep these instead of articles. A version made from a loaded article carries
    it (never into the cache), so a cold page renders its cards without loading the
    articles again; a version from the cache has none, and `render_cards` loads an
    article only when its card is not in the cache either.
    """

    pk: int
    updated_at: datetime
    article: object = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, article):
        return cls(article.pk, article.updated_at, article)

    def __reduce__(self):
        return ArticleVersion, (self.pk, self.updated_at)


def versions(articles):
    """Return the ArticleVersion of each article (and name them as shown: a memo of
    versions is stale once one of them changes)."""
    found = [ArticleVersion.of(article) for article in articles]
    edge.show_articles(version.pk for version in found)
    return found


def story_links():
    """What an article page shows of its bylines, tags, companies and deals (no more)."""
    return [
        Prefetch("authors", queryset=Author.objects.only("name", "slug")),
        "tags",  # django-taggit's manager takes no custom queryset
        Prefetch("companies", queryset=Company.objects.only("name", "slug", "summary")),
        Prefetch("deals", queryset=Deal.objects.only("title", "slug", "status")),
    ]


def render_cards(items):
    """Return the HTML of a card per (article or ArticleVersion, variant name), in order.

    For the cards missing from the cache, the articles given by version are loaded in
    one query and their bylines in one more. A card whose article is gone is empty.
    """
    items = list(items)
    edge.show_articles(article.pk for article, _ in items)
    names = [
        version_name(f"card-{variant}", article.pk, article.updated_at)
        for article, variant in items
    ]

    def render_missing(indexes):
        articles = _articles_to_render(items, indexes)
        rendered, by_name = {}, {}
        for index in indexes:
            article, variant_name = articles[index], items[index][1]
            if article is None:
                continue
            if names[index] not in by_name:
                variant = VARIANTS[variant_name]
                by_name[names[index]] = get_template(variant.template).render(
                    {"article": article, **variant.options}
                )
            rendered[index] = by_name[names[index]]
        return rendered

    cards = fragments(names, render_missing)
    return [mark_safe(card or "") for card in cards]  # noqa: S308 - rendered by the card templates


def _articles_to_render(items, indexes):
    """The articles of the cards at `indexes` (by index), bylines prefetched."""
    articles = {index: _carried(items[index][0]) for index in indexes}
    wanted = {a.pk for a in articles.values() if isinstance(a, ArticleVersion)}
    if wanted:
        loaded = Article.objects.for_listing().in_bulk(wanted)
        articles = {
            index: loaded.get(a.pk) if isinstance(a, ArticleVersion) else a
            for index, a in articles.items()
        }
    prefetch_related_objects(
        [a for a in articles.values() if a is not None],
        Prefetch("authors", queryset=Author.objects.only("name", "slug")),
    )
    return articles


def _carried(item):
    """The article itself if the item is one or a version carrying it; else the version."""
    if isinstance(item, ArticleVersion) and item.article is not None:
        return item.article
    return item


def render_story(article):
    """Return (HTML, NewsArticle data) of an article page's story, from the cache if current."""
    name = version_name("story", article.pk, article.updated_at)
    html, data = fragments([name], lambda indexes: {0: render_story_uncached(article)})[0]
    return mark_safe(html), data  # noqa: S308 - rendered by the story template


def render_story_uncached(article):
    """Return (HTML, NewsArticle data) of the story, rendered now (staff previews)."""
    revisions = ["revisions"] if article.was_updated else []  # no query for most stories
    prefetch_related_objects([article], *story_links(), *revisions)
    html = get_template(STORY_TEMPLATE).render({"article": article})
    return mark_safe(html), structured_data.news_article(article)  # noqa: S308 - as above
