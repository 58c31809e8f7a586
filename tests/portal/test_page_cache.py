import os
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from portal.cache import invalidate_content
from tests.factories import (
    CompanyFactory,
    DealFactory,
    DraftArticleFactory,
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


def test_the_lead_form_is_never_cached(client):
    response = client.get("/contact/")
    assert "X-Cache" not in response
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in client.get("/contact/")


def test_a_staff_preview_is_never_cached_anywhere(client):
    draft = DraftArticleFactory(title="Unpublished scoop")
    url = reverse("articles:preview", args=[draft.pk])
    client.force_login(StaffUserFactory(is_superuser=True))
    response = client.get(url)
    assert b"Unpublished scoop" in response.content
    assert "no-store" in response["Cache-Control"]  # nor kept by a browser or a proxy
    client.logout()
    assert b"Unpublished scoop" not in client.get(url).content


def test_pages_are_served_when_redis_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.backend.FailSafeRedisCache",
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
            "BACKEND": "portal.cache.backend.FailSafeRedisCache",
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


def test_a_campaign_link_is_answered_from_the_plain_pages_entry(client):
    PublishedArticleFactory()
    assert client.get("/news/")["X-Cache"] == "MISS"
    campaign = "/news/?utm_source=newsletter&utm_medium=email&gclid=abc&fbclid=x&mc_cid=1&mc_eid=2"
    assert client.get(campaign)["X-Cache"] == "HIT"


def test_a_campaign_link_fills_the_entry_of_the_plain_page(client):
    PublishedArticleFactory()
    assert client.get("/news/?utm_campaign=spring")["X-Cache"] == "MISS"
    assert client.get("/news/")["X-Cache"] == "HIT"


def test_other_parameters_still_get_their_own_entry(client):
    PublishedArticleFactory.create_batch(2)
    client.get("/news/?utm_source=x")
    assert client.get("/news/?page=1&utm_source=x")["X-Cache"] == "MISS"


@pytest.mark.parametrize("parameter", ["utm_source", "injected"])
def test_a_cached_page_never_carries_one_readers_parameter_into_its_links(
    client, settings, parameter
):
    PublishedArticleFactory.create_batch(settings.ARTICLES_PER_PAGE + 1)
    page = client.get(f"/news/?{parameter}=first-reader").content.decode()
    assert "?page=2" in page
    assert "first-reader" not in page


def test_the_report_form_records_campaign_parameters_of_its_link(client):
    article = PublishedArticleFactory()
    response = client.get(f"/contact/?article={article.slug}&utm_source=newsletter&utm_term=x")
    assert response.context["form"].initial["utm_source"] == "newsletter"
    assert response.context["form"].initial["utm_term"] == "x"


def test_editing_a_draft_leaves_cached_pages_alone(client):
    PublishedArticleFactory()
    draft = DraftArticleFactory()
    client.get("/news/")
    draft.title = "Still a draft"
    draft.save()
    assert client.get("/news/")["X-Cache"] == "HIT"


def test_editing_a_scheduled_article_leaves_pages_not_showing_it_alone(client):
    scheduled = ScheduledArticleFactory()
    client.get("/news/")
    scheduled.title = "New headline for tomorrow"
    scheduled.save()
    assert client.get("/news/")["X-Cache"] == "HIT"


def test_rescheduling_an_article_refreshes_cached_pages(client):
    """Every page's life ends at the next scheduled publication: a new time, a new start."""
    scheduled = ScheduledArticleFactory()
    client.get("/news/")
    scheduled.published_at -= timedelta(minutes=5)
    scheduled.save()
    assert client.get("/news/")["X-Cache"] == "MISS"


def test_content_is_invalidated_again_when_the_transaction_commits(
    client, django_capture_on_commit_callbacks
):
    """A reader between the change and its commit must not keep the old page."""
    PublishedArticleFactory(title="Old headline")
    with django_capture_on_commit_callbacks() as callbacks:
        invalidate_content()
        client.get("/")  # a request that saw the old content under the new generation
    assert len(callbacks) == 1
    callbacks[0]()
    assert client.get("/")["X-Cache"] == "MISS"


def _page_entries():
    from django.core.cache import cache

    return sum(":page:" in key for key in cache._cache)  # the local-memory cache's keys


def test_made_up_parameters_never_add_cached_pages(client):
    PublishedArticleFactory()
    client.get("/news/")
    for index in range(20):
        assert client.get(f"/news/?junk{index}={index}")["X-Cache"] == "HIT"
    for index in range(5):
        client.get(f"/no-such-page/?x={index}")
    assert _page_entries() == 2  # /news/ and one 404 page


def test_the_parameters_a_page_uses_still_get_their_own_entries(client):
    PublishedArticleFactory()
    client.get("/search/?q=cathode")
    assert client.get("/search/?q=anode")["X-Cache"] == "MISS"
    assert client.get("/search/?zz=1&q=anode")["X-Cache"] == "HIT"


def test_the_order_of_parameters_does_not_make_a_new_entry(client):
    DealFactory()
    client.get("/deals/?country=MA&status=agreement_signed")
    assert client.get("/deals/?status=agreement_signed&country=MA")["X-Cache"] == "HIT"
