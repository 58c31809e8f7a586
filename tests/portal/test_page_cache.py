import os
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from portal.cache import template_digest
from tests.factories import (
    CompanyFactory,
    DealFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client):
    PublishedArticleFactory()
    first = client.get("/")
    assert first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert second.content == first.content


def test_cached_pages_carry_public_cache_headers_and_an_etag(client):
    PublishedArticleFactory()
    response = client.get("/news/")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert response.has_header("ETag")


def test_a_browser_or_cdn_can_revalidate_with_the_etag(client):
    PublishedArticleFactory()
    etag = client.get("/news/")["ETag"]
    assert client.get("/news/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_publishing_an_article_refreshes_cached_pages_at_once(client):
    client.get("/")
    PublishedArticleFactory(title="Breaking cathode news")
    response = client.get("/")
    assert response["X-Cache"] == "MISS"
    assert b"Breaking cathode news" in response.content


def test_unpublishing_refreshes_the_cached_article_page(client):
    article = PublishedArticleFactory()
    assert client.get(article.get_absolute_url()).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_changing_a_deal_refreshes_the_cached_tracker(client):
    deal = DealFactory(title="Old deal title")
    client.get("/deals/")
    deal.title = "New deal title"
    deal.save()
    assert b"New deal title" in client.get("/deals/").content


def test_changing_a_company_refreshes_its_cached_profile(client):
    company = CompanyFactory(summary="Old summary")
    client.get(company.get_absolute_url())
    company.summary = "New summary"
    company.save()
    assert b"New summary" in client.get(company.get_absolute_url()).content


def test_scheduled_article_shows_once_the_cached_page_expires(client, monkeypatch):
    article = ScheduledArticleFactory(title="Embargoed story")
    client.get("/")
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    real_time = time.time
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: real_time() + 61)
    assert b"Embargoed story" in client.get("/").content


def test_signed_in_staff_never_get_cached_pages(client):
    PublishedArticleFactory()
    client.get("/")
    client.force_login(StaffUserFactory())
    response = client.get("/")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_staff_pages_never_fill_the_cache_for_readers(client):
    client.force_login(StaffUserFactory())
    client.get("/news/")
    client.logout()
    assert client.get("/news/")["X-Cache"] == "MISS"


def test_forms_and_previews_are_never_cached(client):
    response = client.get("/contact/")
    assert "X-Cache" not in response
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_pages_are_served_when_redis_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    article = PublishedArticleFactory()
    for url in ["/", "/news/", article.get_absolute_url(), "/deals/", "/companies/"]:
        assert client.get(url).status_code == 200, url


def test_pages_are_cached_in_the_real_redis(client, settings):
    """CI runs Redis; this fails (never skips) when it is not there."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.FailSafeRedisCache",
            "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
            "KEY_PREFIX": f"test-{os.getpid()}",
        }
    }
    from django.core.cache import cache

    assert cache._cache.get_client().ping()
    PublishedArticleFactory(title="Redis story")
    assert client.get("/news/")["X-Cache"] == "MISS"
    assert client.get("/news/")["X-Cache"] == "HIT"
    cache.clear()


def _templates(settings, sources):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", sources)]},
        }
    ]


def test_template_digest_changes_with_a_template_it_includes(settings):
    card = "<p>{% include 'byline.html' %}</p>"
    _templates(settings, {"card.html": card, "byline.html": "By {{ name }}"})
    before = template_digest("card.html")
    _templates(settings, {"card.html": card, "byline.html": "Written by {{ name }}"})
    assert template_digest("card.html") != before


def test_template_digest_stays_the_same_while_the_templates_do(settings):
    sources = {"card.html": "{% include 'byline.html' %}", "byline.html": "By {{ name }}"}
    _templates(settings, sources)
    before = template_digest("card.html")
    _templates(settings, dict(sources))
    assert template_digest("card.html") == before
