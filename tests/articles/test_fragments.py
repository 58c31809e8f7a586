"""Cards and stories are rendered once per article version and never shown stale."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    AuthorFactory,
    CompanyFactory,
    DealFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.fixture
def story():
    article = PublishedArticleFactory(
        title="BTR signs cathode plant deal",
        section=SectionFactory(name="Investment", slug="investment"),
        authors=[AuthorFactory(name="Leila Bennani", slug="leila-bennani")],
        tags=["Cathode"],
    )
    article.companies.add(CompanyFactory(name="BTR New Material Group", slug="btr"))
    article.deals.add(DealFactory(title="Tangier cathode plant", slug="tangier-cathode"))
    return article


def test_a_list_page_with_cached_cards_runs_one_query(client, story):
    PublishedArticleFactory.create_batch(5)
    cold, first = _queries(client, "/news/")
    warm, second = _queries(client, "/news/")
    assert warm == 1  # the page of articles; cards, bylines and the count come from the cache
    assert cold > warm
    assert second == first


def test_an_article_page_with_a_cached_story_runs_one_query(client, story):
    PublishedArticleFactory(section=story.section, tags=["Cathode"])
    cold, first = _queries(client, story.get_absolute_url())
    warm, second = _queries(client, story.get_absolute_url())
    assert warm == 1  # the article; story, related stories and their cards are remembered
    assert "Related stories" in second
    assert cold > warm
    assert second == first


def test_a_front_page_with_cached_cards_runs_no_query(client, story):
    PublishedArticleFactory.create_batch(12, section=story.section)
    cold, first = _queries(client, "/")
    warm, second = _queries(client, "/")
    assert warm == 0  # the stories chosen, the deals, the companies and every card
    assert cold > warm
    assert second == first


def test_the_cached_story_keeps_the_article_structured_data(client, story):
    client.get(story.get_absolute_url())
    page = client.get(story.get_absolute_url()).content.decode()
    assert '"@type": "NewsArticle"' in page
    assert '"Leila Bennani"' in page
    assert '"keywords": ["Cathode"]' in page


def test_editing_an_article_renders_its_card_and_story_anew(client, story):
    client.get("/news/")
    client.get(story.get_absolute_url())
    story.title = "BTR starts building its Tangier cathode plant"
    story.save()
    assert "BTR starts building its Tangier cathode plant" in client.get("/news/").content.decode()
    page = client.get(story.get_absolute_url()).content.decode()
    assert '<h1 class="article__title">BTR starts building its Tangier cathode plant</h1>' in page


def test_renaming_an_author_updates_cached_cards_and_stories(client, story):
    client.get("/news/")
    client.get(story.get_absolute_url())
    author = story.authors.get()
    author.name = "Leila Bennani-Smith"
    author.save()
    assert "Leila Bennani-Smith" in client.get("/news/").content.decode()
    assert "Leila Bennani-Smith" in client.get(story.get_absolute_url()).content.decode()


def test_changing_a_byline_updates_the_cached_card(client, story):
    client.get("/news/")
    story.authors.add(AuthorFactory(name="Omar Haddad"))
    assert "Omar Haddad" in client.get("/news/").content.decode()


def test_renaming_a_section_updates_cached_cards(client, story):
    client.get("/news/")
    story.section.name = "Deals and investment"
    story.section.save()
    assert "Deals and investment" in client.get("/news/").content.decode()


def test_renaming_a_company_updates_the_cached_story(client, story):
    client.get(story.get_absolute_url())
    company = story.companies.get()
    company.name = "BTR New Material Group Co., Ltd."
    company.save()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "BTR New Material Group Co., Ltd." in page


def test_a_deal_status_change_updates_the_cached_story(client, story):
    client.get(story.get_absolute_url())
    deal = story.deals.get()
    deal.status = deal.Status.UNDER_CONSTRUCTION
    deal.save()
    page = client.get(story.get_absolute_url()).content.decode()
    assert deal.get_status_display() in page


def test_linking_a_company_or_tag_updates_the_cached_story(client, story):
    client.get(story.get_absolute_url())
    story.companies.add(CompanyFactory(name="China Baoan Group"))
    story.tags.add("Morocco")
    page = client.get(story.get_absolute_url()).content.decode()
    assert "China Baoan Group" in page
    assert ">Morocco</a>" in page


def test_featuring_a_story_makes_it_the_lead_at_once(client, story):
    other = PublishedArticleFactory(title="Older story")
    client.get("/")
    other.is_featured = True
    other.save()
    assert client.get("/").context["lead"].pk == other.pk


def test_a_new_deal_shows_on_the_front_page_at_once(client, story):
    client.get("/")
    DealFactory(title="Anode plant in Kenitra", signed_on=timezone.now().date())
    assert "Anode plant in Kenitra" in client.get("/").content.decode()


def test_unpublishing_takes_the_story_off_the_cached_front_page_blocks(client, story):
    client.get("/")
    story.status = Article.Status.DRAFT
    story.save()
    assert "BTR signs cathode plant deal" not in client.get("/").content.decode()


def test_a_scheduled_story_joins_the_front_page_once_at_its_time(client, story):
    PublishedArticleFactory.create_batch(9)
    scheduled = ScheduledArticleFactory(
        title="Embargoed plant story", section=story.section,
        published_at=timezone.now() + timedelta(seconds=1),
    )  # fmt: skip
    assert "Embargoed plant story" not in client.get("/").content.decode()
    time.sleep(max(0, (scheduled.published_at - timezone.now()).total_seconds()) + 0.05)
    assert client.get("/").content.decode().count("Embargoed plant story") == 1


def test_pages_render_every_fragment_when_the_cache_is_down(client, settings, story):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.backend.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for url in ["/", "/news/", story.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "BTR signs cathode plant deal" in page, url
        assert "Leila Bennani" in page, url
