import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from portal.cache import invalidate_content
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db

DEMO_PAGES = [
    "/",
    "/news/",
    "/news/?page=1",
    "/sections/investment/",
    "/tags/btr/",
    "/authors/leila-bennani/",
    "/articles/btr-signs-297m-cathode-plant-morocco/",
]


@pytest.mark.parametrize("url", DEMO_PAGES)
def test_public_page_answers_200_with_demo_content(client, demo_content, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_every_demo_article_page_answers_200(client, demo_content):
    for article in Article.objects.published():
        assert client.get(article.get_absolute_url()).status_code == 200


def test_btr_article_shows_the_deal_figures(client, demo_content):
    response = client.get("/articles/btr-signs-297m-cathode-plant-morocco/")
    text = response.content.decode()
    for figure in [
        "USD 297 million",
        "50,000 tonnes",
        "25,000 tonnes",
        "15 hectares",
        "2,500",
        "September 2026",
        "Tangier",
    ]:
        assert figure in text


def _pages_listing(article):
    return [
        "/",
        "/news/",
        article.section.get_absolute_url(),
        reverse("articles:tag", args=["hidden-tag"]),
        article.authors.first().get_absolute_url(),
    ]


@pytest.mark.parametrize("factory", [DraftArticleFactory, ScheduledArticleFactory])
def test_unpublished_articles_are_invisible_on_every_public_page(client, factory):
    PublishedArticleFactory(tags=["hidden-tag"])
    hidden = factory(title="Secret embargoed story", tags=["hidden-tag"])
    for url in _pages_listing(hidden):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Secret embargoed story" not in response.content, url


@pytest.mark.parametrize("factory", [DraftArticleFactory, ScheduledArticleFactory])
def test_unpublished_article_url_is_404(client, factory):
    article = factory()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_article_page_shows_headline_dek_byline_tags_and_body(client):
    author = AuthorFactory(name="Leila Bennani")
    article = PublishedArticleFactory(authors=[author], tags=["Cathode"])
    text = client.get(article.get_absolute_url()).content.decode()
    assert article.title in text
    assert article.dek in text
    assert "Leila Bennani" in text
    assert 'href="/tags/cathode/"' in text
    assert "<strong>lithium</strong>" in text


def test_article_page_lists_related_articles(client):
    article = PublishedArticleFactory(tags=["BTR"])
    related = PublishedArticleFactory(tags=["BTR"], title="Related BTR story")
    response = client.get(article.get_absolute_url())
    assert related.pk in [version.pk for version in response.context["related"]]
    assert b"Related BTR story" in response.content


def test_front_page_leads_with_the_newest_featured_article(client):
    PublishedArticleFactory(title="Newest ordinary story")
    featured = PublishedArticleFactory(title="Featured story", is_featured=True)
    response = client.get("/")
    assert response.context["lead"].pk == featured.pk


def test_front_page_without_featured_articles_leads_with_the_newest(client):
    newest = PublishedArticleFactory()
    PublishedArticleFactory()
    assert client.get("/").context["lead"].pk == newest.pk


def test_front_page_with_no_articles_says_so(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"No stories have been published yet." in response.content


def test_section_page_lists_only_that_section(client):
    mine, other = SectionFactory(), SectionFactory()
    PublishedArticleFactory(section=mine, title="In the section")
    PublishedArticleFactory(section=other, title="Elsewhere")
    response = client.get(mine.get_absolute_url())
    assert b"In the section" in response.content
    assert b"Elsewhere" not in response.content


def test_lists_are_paginated_newest_first(client):
    PublishedArticleFactory.create_batch(15)
    first = client.get("/news/")
    second = client.get("/news/?page=2")
    assert len(first.context["articles"]) == 12
    assert len(second.context["articles"]) == 3
    assert first.context["articles"][0].published_at > second.context["articles"][0].published_at
    assert b'rel="next"' in first.content


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0", "1.5", "%00", "é" * 300])
def test_bad_page_numbers_get_a_404_page(client, page):
    PublishedArticleFactory()
    response = client.get("/news/", {"page": page})
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.parametrize(
    "url", ["/articles/no-such-story/", "/sections/nope/", "/tags/nope/", "/authors/nope/"]
)
def test_unknown_slugs_get_the_404_page_in_site_design(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"site-header" in response.content


def test_missing_trailing_slash_redirects_permanently(client):
    article = PublishedArticleFactory()
    response = client.get(article.get_absolute_url().rstrip("/"))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_long_non_ascii_query_strings_do_not_break_pages(client):
    PublishedArticleFactory()
    response = client.get("/news/", {"utm_source": "电池" * 2000, "x": "é" * 3000})
    assert response.status_code == 200


def _query_count(client, url):
    """Return the queries one request runs with nothing cached for the current content."""
    cache.clear()
    invalidate_content()  # every entry stale, as after a content change
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_for",
    [
        lambda section, author: "/",
        lambda section, author: "/news/",
        lambda section, author: section.get_absolute_url(),
        lambda section, author: "/tags/batteries/",
        lambda section, author: author.get_absolute_url(),
    ],
    ids=["front", "news", "section", "tag", "author"],
)
def test_list_pages_run_the_same_number_of_queries_for_5_and_50_articles(client, url_for):
    section, author = SectionFactory(), AuthorFactory()
    other_sections = SectionFactory.create_batch(3)

    def add(count):
        for i in range(count):
            PublishedArticleFactory(
                section=other_sections[i % 3] if i % 2 else section,
                authors=[author, AuthorFactory()],
                tags=["Batteries", f"tag-{i}"],
            )

    add(5)
    small = _query_count(client, url_for(section, author))
    add(45)
    large = _query_count(client, url_for(section, author))
    assert small == large
    assert small <= 10


def test_article_page_runs_the_same_number_of_queries_with_more_tags_and_related(client):
    article = PublishedArticleFactory(tags=["a", "b"])
    PublishedArticleFactory(tags=["a"])
    small = _query_count(client, article.get_absolute_url())
    article.tags.add("c", "d", "e", "f")
    article.authors.add(*AuthorFactory.create_batch(3))
    PublishedArticleFactory.create_batch(20, tags=["a", "c"])
    large = _query_count(client, article.get_absolute_url())
    assert small == large
    assert small <= 10


def test_pages_carry_title_description_and_canonical_link(client):
    article = PublishedArticleFactory(meta_description="Search summary")
    text = client.get(article.get_absolute_url()).content.decode()
    assert f"<title>{article.title} | " in text
    assert '<meta name="description" content="Search summary">' in text
    canonical = f"http://127.0.0.1:8000{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in text
    assert '<meta property="og:type" content="article">' in text


def test_front_page_shows_each_story_once(client):
    for index in range(14):
        PublishedArticleFactory(
            section=SectionFactory(name=f"Section {index % 4}", slug=f"section-{index % 4}"),
            is_featured=index == 5,
        )
    html = client.get("/").content.decode()
    links = re.findall(r'class="(?:article-card|lead-story)__title"><a href="([^"]+)"', html)
    assert len(links) >= 12
    assert len(set(links)) == len(links)


def test_front_page_latest_cards_show_their_images(client):
    PublishedArticleFactory(is_featured=True)
    PublishedArticleFactory(hero=ImageFactory(file=jpeg_file(size=(800, 450))))
    latest = "".join(client.get("/").context["latest_cards"])
    assert 'class="article-card__image"' in latest
