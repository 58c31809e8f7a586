"""A scheduled article goes live at its time on every page, through every cache."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.cache import get_max_age

from tests.factories import (
    AuthorFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db
LEAD_TIME = timedelta(seconds=2)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def embargoed():
    """A story scheduled two seconds from now, beside one already live."""
    section = SectionFactory(name="Investment", slug="investment")
    author = AuthorFactory(name="Leila Bennani", slug="leila-bennani")
    PublishedArticleFactory(section=section, authors=[author], tags=["Cathode"])
    return ScheduledArticleFactory(
        title="Embargoed Tangier plant story", slug="embargoed-tangier-plant",
        section=section, authors=[author], tags=["Cathode"],
        published_at=timezone.now() + LEAD_TIME,
    )  # fmt: skip


def _wait_for(moment):
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.05)


PAGES = [
    "/", "/news/", "/sections/investment/", "/tags/cathode/", "/authors/leila-bennani/",
    "/feeds/latest/", "/feeds/atom/", "/feeds/sections/investment/", "/sitemap-articles.xml",
    "/news-sitemap.xml",
]  # fmt: skip


@pytest.mark.parametrize("url", PAGES)
def test_a_cached_page_shows_a_scheduled_story_at_its_time(client, embargoed, url):
    for _ in range(2):  # the second answer comes from the page cache
        response = client.get(url)
        assert response.status_code == 200
        assert b"embargoed-tangier-plant" not in response.content
    assert response["X-Cache"] == "HIT"
    _wait_for(embargoed.published_at)
    assert b"embargoed-tangier-plant" in client.get(url).content


def test_a_cached_404_of_a_scheduled_story_ends_at_its_time(client, embargoed):
    url = embargoed.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get(url)["X-Cache"] == "HIT"
    _wait_for(embargoed.published_at)
    assert client.get(url).status_code == 200


def test_max_age_never_reaches_past_the_next_scheduled_publication(client):
    PublishedArticleFactory()
    ScheduledArticleFactory(published_at=timezone.now() + timedelta(seconds=30))
    first = client.get("/news/")
    second = client.get("/news/")
    assert second["X-Cache"] == "HIT"
    assert 0 < get_max_age(first) <= 30
    assert 0 < get_max_age(second) <= 30


def test_max_age_of_a_cached_page_counts_down(client, monkeypatch):
    PublishedArticleFactory()
    client.get("/news/")
    real_time = time.time
    monkeypatch.setattr("portal.cache.pages.time.time", lambda: real_time() + 20)
    assert get_max_age(client.get("/news/")) <= 40


def test_pages_keep_the_full_lifetime_without_scheduled_stories(client):
    PublishedArticleFactory()
    assert get_max_age(client.get("/news/")) == 60


def test_after_a_scheduled_publication_pages_are_cached_until_the_next_one(client, embargoed):
    ScheduledArticleFactory(published_at=timezone.now() + timedelta(seconds=40))
    _wait_for(embargoed.published_at)
    assert client.get("/news/")["X-Cache"] == "MISS"
    again = client.get("/news/")
    assert again["X-Cache"] == "HIT"
    assert 30 < get_max_age(again) <= 40
