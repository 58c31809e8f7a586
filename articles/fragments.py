"""Rendered fragments of article pages, kept in the cache per article version.

Cards (on the front page, lists, related stories, company and deal pages) and the
story of an article page are rendered once and reused until the article is edited:
their keys carry the article's pk and `updated_at`, and the digest of the template
(a deploy that changes the markup renders them anew). What they show of *other*
records is covered by a generation stored beside them: the card generation moves on
when a section, an author or a byline changes; the story generation also when a tag,
company or deal changes or an article's links do. A page fetches all its fragments
in one cache round trip and renders (after prefetching what they show, in one query
per relation) only the missing ones.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from companies.models import Company, Deal
from portal.cache import bump_generation, generation, template_digest

CARD_GENERATION_KEY = "articles:card-generation"
STORY_GENERATION_KEY = "articles:story-generation"
STORY_TEMPLATE = "articles/includes/story.html"


@dataclass(frozen=True)
class CardVariant:
    template: str
    options: dict = field(default_factory=dict)


VARIANTS = {
    "plain": CardVariant("components/article_card.html"),
    "image": CardVariant("components/article_card.html", {"with_image": True}),
    "dek": CardVariant("components/article_card.html", {"with_dek": True}),
    "list": CardVariant(
        "components/article_card.html", {"with_image": True, "with_dek": True, "heading_level": 2}
    ),
    "lead": CardVariant("components/lead_story.html"),
    # A search result: the snippet, which depends on the query, follows it.
    "search": CardVariant("components/search_result.html"),
}


def story_links():
    """What an article page shows of its bylines, tags, companies and deals (no more)."""
    from .models import Author

    return [
        Prefetch("authors", queryset=Author.objects.only("name", "slug")),
        "tags",  # django-taggit's manager takes no custom queryset
        Prefetch("companies", queryset=Company.objects.only("name", "slug", "summary")),
        Prefetch("deals", queryset=Deal.objects.only("title", "slug", "status")),
    ]


@dataclass(frozen=True)
class ArticleVersion:
    """An article's pk and version: all that a card's cache key needs of it.

    Pages remember these (per content generation) instead of loading the articles
    again; `render_cards` loads an article only when its card is not in the cache.
    """

    pk: int
    updated_at: datetime

    @classmethod
    def of(cls, article):
        return cls(article.pk, article.updated_at)


def bump_card_generation(**kwargs):
    """Re-render every card and story (a section, author or byline changed)."""
    bump_generation(CARD_GENERATION_KEY)
    bump_generation(STORY_GENERATION_KEY)


def bump_story_generation(**kwargs):
    """Re-render every story (a tag, company or deal changed, or an article's links)."""
    bump_generation(STORY_GENERATION_KEY)


def _fragment_key(kind, template_name, article):
    version = article.updated_at.timestamp()
    return f"fragment:{kind}:{template_digest(template_name)}:{article.pk}:{version}"


def render_cards(items):
    """Return the HTML of a card per (article, variant name) pair, in order.

    An item's article may be an `ArticleVersion`. One cache round trip for all the
    cards; for the missing ones, the articles given by version are loaded in one query,
    the bylines prefetched in one more, and the cards rendered and stored. A card whose
    article no longer exists is empty.
    """
    items = list(items)
    if not items:
        return []
    keys = [
        _fragment_key(variant, VARIANTS[variant].template, article) for article, variant in items
    ]
    found = cache.get_many([*keys, CARD_GENERATION_KEY])
    current = found.get(CARD_GENERATION_KEY) or generation(CARD_GENERATION_KEY)
    cards, missing = [], {}
    for index, key in enumerate(keys):
        stored = found.get(key)
        cards.append(stored[1] if stored is not None and stored[0] == current else None)
        if cards[-1] is None:
            missing[index] = key
    if missing:
        articles = _articles_to_render(items, missing)
        rendered = {}
        for index, key in missing.items():
            article, variant_name = articles[index], items[index][1]
            if article is None:
                cards[index] = ""
                continue
            if key not in rendered:
                variant = VARIANTS[variant_name]
                rendered[key] = get_template(variant.template).render(
                    {"article": article, **variant.options}
                )
            cards[index] = rendered[key]
        cache.set_many(
            {key: (current, html) for key, html in rendered.items()},
            settings.FRAGMENT_CACHE_SECONDS,
        )
    return [mark_safe(card) for card in cards]  # noqa: S308 - rendered by the card templates


def _articles_to_render(items, indexes):
    """The articles of the cards at `indexes` (by index), bylines prefetched."""
    from .models import Article, Author

    articles = {index: items[index][0] for index in indexes}
    versions = {a.pk for a in articles.values() if isinstance(a, ArticleVersion)}
    if versions:
        loaded = Article.objects.for_listing().in_bulk(versions)
        articles = {
            index: loaded.get(a.pk) if isinstance(a, ArticleVersion) else a
            for index, a in articles.items()
        }
    prefetch_related_objects(
        [a for a in articles.values() if a is not None],
        Prefetch("authors", queryset=Author.objects.only("name", "slug")),
    )
    return articles


def render_story(article, describe):
    """Return (HTML, structured data) of an article page's story, from the cache if current.

    `describe(article)` builds the page's structured data from the article with its
    links prefetched; it is stored with the HTML, as both show the same records.
    """
    key = _fragment_key("story", STORY_TEMPLATE, article)
    found = cache.get_many([key, STORY_GENERATION_KEY])
    current = found.get(STORY_GENERATION_KEY) or generation(STORY_GENERATION_KEY)
    stored = found.get(key)
    if stored is not None and stored[0] == current:
        return mark_safe(stored[1]), stored[2]  # noqa: S308 - rendered by the story template
    prefetch_related_objects([article], *story_links())
    html = get_template(STORY_TEMPLATE).render({"article": article})
    data = describe(article)
    cache.set(key, (current, html, data), settings.FRAGMENT_CACHE_SECONDS)
    return mark_safe(html), data  # noqa: S308 - rendered by the story template
