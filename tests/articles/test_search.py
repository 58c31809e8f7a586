import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import (
    CompanyFactory,
    DealFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
)

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full-text features; CI runs these on PostgreSQL",
)


def _titles(response):
    return [result.hit.title for result in response.context["results"]]


def test_search_finds_words_in_titles_and_bodies(client):
    PublishedArticleFactory(title="Cathode plant in Tangier", body="Plain text.")
    PublishedArticleFactory(title="Other story", body="A new cathode line opened.")
    PublishedArticleFactory(title="Unrelated", body="Solar farms.")
    response = client.get("/search/", {"q": "cathode"})
    assert response.status_code == 200
    assert sorted(_titles(response)) == ["Cathode plant in Tangier", "Other story"]


def test_search_never_shows_drafts_or_scheduled_articles(client):
    DraftArticleFactory(title="Secret cathode draft")
    response = client.get("/search/", {"q": "cathode"})
    assert _titles(response) == []


def test_search_results_are_highlighted_and_escaped(client):
    PublishedArticleFactory(title="Anode", body="The <b>anode</b> plant & <script>x</script>.")
    text = client.get("/search/", {"q": "anode"}).content.decode()
    assert "<mark>" in text
    assert "<script>x</script>" not in text


def test_search_also_finds_companies_by_other_names_and_deals(client):
    CompanyFactory(name="BTR New Material Group", aliases="贝特瑞")
    DealFactory(title="BTR ternary cathode plant, Tangier")
    response = client.get("/search/", {"q": "BTR"})
    assert [c.name for c in response.context["companies"]] == ["BTR New Material Group"]
    assert [d.title for d in response.context["deals"]] == ["BTR ternary cathode plant, Tangier"]
    response = client.get("/search/", {"q": "贝特瑞"})
    assert [c.name for c in response.context["companies"]] == ["BTR New Material Group"]


def test_search_results_are_paginated(client):
    PublishedArticleFactory.create_batch(12, title="Lithium story")
    first = client.get("/search/", {"q": "lithium"})
    second = client.get("/search/", {"q": "lithium", "page": 2})
    assert len(first.context["results"]) == 10
    assert len(second.context["results"]) == 2
    assert b"q=lithium&amp;page=2" in first.content


def test_empty_search_shows_the_search_form(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert b'type="search"' in response.content
    assert b'name="robots" content="noindex"' in response.content


@pytest.mark.parametrize(
    "query",
    ["'", '"', "\\", "%", "_", "x" * 10_000, "the and of", "-", '""', "or or",
     "'; DROP TABLE articles_article; --", "<script>alert(1)</script>", "电池 🔋", "a:*"],
)  # fmt: skip
def test_odd_queries_give_a_normal_page(client, query):
    PublishedArticleFactory(title="Battery news")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_long_queries_are_shortened_and_say_so(client):
    response = client.get("/search/", {"q": "battery " * 100})
    assert len(response.context["query"]) <= 200
    assert b"first 200 characters" in response.content


@postgresql_only
def test_title_matches_rank_above_body_matches(client):
    PublishedArticleFactory(title="Market wrap", body="Nickel prices rose.")
    PublishedArticleFactory(title="Nickel refinery opens", body="A plant.")
    assert _titles(client.get("/search/", {"q": "nickel"}))[0] == "Nickel refinery opens"


@postgresql_only
def test_quoted_phrases_match_the_phrase_only(client):
    PublishedArticleFactory(title="A", body="A cathode material plant opened.")
    PublishedArticleFactory(title="B", body="Material for the cathode was shipped.")
    assert _titles(client.get("/search/", {"q": '"cathode material"'})) == ["A"]


@postgresql_only
def test_minus_excludes_a_word(client):
    PublishedArticleFactory(title="Cathode plant", body="Tangier.")
    PublishedArticleFactory(title="Cathode and anode plant", body="Tangier.")
    assert _titles(client.get("/search/", {"q": "cathode -anode"})) == ["Cathode plant"]


@postgresql_only
def test_or_finds_either_word(client):
    PublishedArticleFactory(title="Nickel news", body="Prices.")
    PublishedArticleFactory(title="Cobalt news", body="Prices.")
    PublishedArticleFactory(title="Solar news", body="Prices.")
    titles = _titles(client.get("/search/", {"q": "nickel or cobalt"}))
    assert sorted(titles) == ["Cobalt news", "Nickel news"]


@postgresql_only
def test_stemming_matches_other_forms_of_a_word(client):
    PublishedArticleFactory(title="Plants", body="BTR is building new factories.")
    assert _titles(client.get("/search/", {"q": "factory"})) == ["Plants"]


@postgresql_only
def test_search_vector_is_kept_up_to_date_on_save(client):
    article = PublishedArticleFactory(title="Old headline")
    article.title = "Graphite headline"
    article.save()
    assert _titles(client.get("/search/", {"q": "graphite"})) == ["Graphite headline"]


def _ran_full_text_ranking(queries):
    return any("ts_rank" in query["sql"] for query in queries)


@postgresql_only
def test_a_repeated_search_reuses_its_ranked_matches(client):
    PublishedArticleFactory.create_batch(3, title="Vanadium flow battery")
    with CaptureQueriesContext(connection) as first:
        first_titles = _titles(client.get("/search/", {"q": "vanadium"}))
    with CaptureQueriesContext(connection) as second:
        second_titles = _titles(client.get("/search/", {"q": "vanadium", "page": 1}))
    assert _ran_full_text_ranking(first.captured_queries)
    assert not _ran_full_text_ranking(second.captured_queries)
    assert len(second.captured_queries) == 1  # the snippets; the cards come from the cache
    assert second_titles == first_titles


@postgresql_only
def test_a_story_published_after_a_search_is_found_at_once(client):
    PublishedArticleFactory(title="Sodium-ion cells")
    client.get("/search/", {"q": "sodium"})
    PublishedArticleFactory(title="Sodium-ion plant")
    titles = _titles(client.get("/search/", {"q": "sodium"}))
    assert sorted(titles) == ["Sodium-ion cells", "Sodium-ion plant"]


@postgresql_only
def test_a_company_added_after_a_search_is_found_at_once(client):
    assert list(client.get("/search/", {"q": "vanadium"}).context["companies"]) == []
    CompanyFactory(name="Vanadium Cells Ltd")
    companies = client.get("/search/", {"q": "vanadium"}).context["companies"]
    assert [company.name for company in companies] == ["Vanadium Cells Ltd"]


@postgresql_only
def test_remembered_matches_never_show_an_article_no_longer_published(client):
    kept, withdrawn = PublishedArticleFactory.create_batch(2, title="Manganese story")
    client.get("/search/", {"q": "manganese"})
    # A change that sends no signal leaves the remembered ids in place.
    Article.objects.filter(pk=withdrawn.pk).update(status=Article.Status.DRAFT)
    assert _titles(client.get("/search/", {"q": "manganese"})) == [kept.title]
