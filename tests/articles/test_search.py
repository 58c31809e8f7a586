from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    CompanyFactory,
    DealFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    SectionFactory,
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


# A reader's search: other names of companies, filters, order, a helpful empty page


def test_a_companys_other_names_find_the_stories_about_it(client):
    btr = CompanyFactory(name="BTR New Material Group", aliases="贝特瑞; BTR")
    story = PublishedArticleFactory(title="Anode giant goes global", body="No names here.")
    story.companies.add(btr)
    PublishedArticleFactory(title="Unrelated story", body="Solar farms.")
    for query in ("贝特瑞", "BTR"):
        assert _titles(client.get("/search/", {"q": query})) == ["Anode giant goes global"]


def test_a_story_matching_by_text_and_company_is_listed_once(client):
    btr = CompanyFactory(name="BTR New Material Group")
    story = PublishedArticleFactory(title="BTR opens a plant", body="BTR said so.")
    story.companies.add(btr)
    assert _titles(client.get("/search/", {"q": "BTR"})) == ["BTR opens a plant"]


def test_search_narrows_to_a_section(client):
    PublishedArticleFactory(title="Cathode in batteries", section=SectionFactory(slug="batteries"))
    PublishedArticleFactory(title="Cathode in policy", section=SectionFactory(slug="policy"))
    response = client.get("/search/", {"q": "cathode", "section": "policy"})
    assert _titles(response) == ["Cathode in policy"]


def test_search_narrows_to_a_date_range_given_either_way_round(client):
    day = timezone.make_aware(datetime(2024, 3, 29, 12))
    PublishedArticleFactory(title="Cathode signing", published_at=day)
    PublishedArticleFactory(title="Cathode later", published_at=day + timedelta(days=40))
    for since, until in (("2024-03-01", "2024-03-31"), ("2024-03-31", "2024-03-01")):
        response = client.get("/search/", {"q": "cathode", "since": since, "until": until})
        assert _titles(response) == ["Cathode signing"]


@pytest.fixture
def strong_old_and_weak_new_match():
    PublishedArticleFactory(
        title="Cathode cathode cathode", body="cathode cathode",
        published_at=timezone.now() - timedelta(days=30),
    )  # fmt: skip
    PublishedArticleFactory(title="Newer", body="one cathode mention")


def test_search_sorts_newest_first_when_asked(client, strong_old_and_weak_new_match):
    response = client.get("/search/", {"q": "cathode", "sort": "newest"})
    assert _titles(response) == ["Newer", "Cathode cathode cathode"]


@postgresql_only
def test_best_match_puts_the_stronger_text_match_first(client, strong_old_and_weak_new_match):
    response = client.get("/search/", {"q": "cathode", "sort": "relevance"})
    assert _titles(response) == ["Cathode cathode cathode", "Newer"]


@pytest.mark.parametrize(
    "params", [{"section": "no-such-section"}, {"since": "yesterday"}, {"sort": "random"},
               {"until": "2024-02-30"}],
)  # fmt: skip
def test_invalid_filters_are_ignored(client, params):
    PublishedArticleFactory(title="Cathode story")
    response = client.get("/search/", {"q": "cathode", **params})
    assert response.status_code == 200
    assert _titles(response) == ["Cathode story"]


def test_a_search_without_results_suggests_what_to_try_and_how_to_drop_filters(client):
    SectionFactory(slug="policy")
    html = client.get("/search/", {"q": "zirconium", "section": "policy"}).content.decode()
    assert "No article matches with these filters" in html
    assert 'href="?q=zirconium">search every section and date</a>' in html
    assert "company directory" in html


# Search in Chinese (portal.chinese): the words jieba finds, indexed and ranked (issue 29).


def _chinese_story(title, body, **kwargs):
    return PublishedArticleFactory(language="zh-hans", title=title, dek="", body=body, **kwargs)


def test_a_chinese_search_finds_the_chinese_tangier_story_first(client):
    tangier = _chinese_story(
        "贝特瑞签约2.97亿美元在摩洛哥丹吉尔建设正极材料工厂",
        "贝特瑞与摩洛哥政府签署投资协议，在穆罕默德六世丹吉尔科技城建设三元正极材料工厂。",
    )
    _chinese_story("贝特瑞在印度尼西亚建成负极材料基地", "贝特瑞的负极材料基地投产。")
    _chinese_story("摩洛哥为何力推电池枢纽", "摩洛哥与欧盟和美国签有自由贸易协定。")
    PublishedArticleFactory(title="BTR in Morocco", body="贝特瑞 摩洛哥")  # the English edition's
    titles = _titles(client.get("/zh/search/", {"q": "贝特瑞 摩洛哥"}))
    assert titles[0] == tangier.title
    assert "BTR in Morocco" not in titles


def test_a_chinese_result_shows_a_snippet_with_the_words_marked(client):
    _chinese_story("贝特瑞丹吉尔工厂", "这座工厂位于穆罕默德六世丹吉尔科技城，由贝特瑞建设。")
    page = client.get("/zh/search/", {"q": "丹吉尔"}).content.decode()
    assert "<mark>丹吉尔</mark>" in page


@postgresql_only
def test_chinese_stories_are_indexed_as_words_not_as_one_long_token():
    story = _chinese_story("贝特瑞在摩洛哥投资", "投资协议在拉巴特签署。")
    assert Article.objects.filter(pk=story.pk).matching("拉巴特").exists()
    assert not Article.objects.filter(pk=story.pk).matching("伦敦").exists()
