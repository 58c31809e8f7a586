"""The read-only JSON API: its schema is valid, every generated request is answered as
the schema says (schemathesis, bounded), and it filters, pages, caches and rate-limits."""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig

from portal.wsgi import application

pytestmark = pytest.mark.django_db

# Per operation: enough to reach every filter and bad value, bounded in time.
EXAMPLES = 30
OPERATIONS = [
    "GET /api/v1/articles/", "GET /api/v1/articles/{id}/", "GET /api/v1/companies/",
    "GET /api/v1/companies/{id}/", "GET /api/v1/deals/", "GET /api/v1/deals/{id}/",
    "GET /api/v1/deals/totals/",
]  # fmt: skip


@pytest.fixture
def api_schema(demo_content, settings):
    settings.API_RATE = "100000/min"  # the walk is one client asking hundreds of times
    # The walk calls the real WSGI application, whose request signals would close the
    # database connection, and with it the test's transaction (PostgreSQL); Django's
    # test client turns them off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # A NUL character is refused by the whole site before any view (a 400 page, tested
    # with the other hostile input), so the walk leaves it out of what it generates.
    config = SchemathesisConfig.from_dict({"generation": {"allow-x00": False}})
    yield schemathesis.openapi.from_wsgi("/api/schema/", application, config=config)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_schema_has_every_operation_and_no_other(api_schema):
    found = sorted(
        f"{op.ok().method.upper()} {op.ok().path}" for op in api_schema.get_all_operations()
    )
    assert found == sorted(OPERATIONS)


@pytest.mark.parametrize("label", OPERATIONS)
def test_every_generated_request_is_answered_as_the_schema_says(api_schema, label):
    method, path = label.split(" ")
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                         suppress_health_check=list(HealthCheck))  # fmt: skip
    def walk(case):
        case.call_and_validate()

    walk()


def test_schema_is_valid_openapi_with_no_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


# What analysts rely on


def test_deals_take_the_trackers_filters_and_give_the_same_deals(client, demo_content):
    params = {"country": "MA", "status": "agreement_signed"}
    tracker = {deal.id for deal in client.get("/deals/", params).context["deals"]}
    api = client.get("/api/v1/deals/", params).json()
    assert {deal["id"] for deal in api["results"]} == tracker
    assert api["count"] == len(tracker) == 1


def test_deal_totals_keep_reported_and_capped_amounts_apart(client, demo_content):
    totals = client.get("/api/v1/deals/totals/", {"country": "MA"}).json()
    assert totals == {
        "count": 2, "reported_usd": "297000000.00", "up_to_usd": "366000000.00",
        "estimate_usd": None, "undisclosed": 0,
    }  # fmt: skip


def test_a_bad_filter_is_a_400_that_names_it(client, db):
    response = client.get("/api/v1/deals/", {"year": "20x4"})
    assert response.status_code == 400
    assert "year" in response.json()


def test_a_deal_is_found_by_its_stable_id_with_its_sources(client, demo_content):
    deal = client.get("/api/v1/deals/", {"country": "MA", "sort": "date_asc"}).json()["results"][0]
    record = client.get(f"/api/v1/deals/{deal['id']}/").json()
    assert record["slug"] == "btr-tangier-cathode-plant"
    assert record["usd_rate_date"] is None  # already in US dollars: no conversion
    assert all(s["url"].startswith("http") and s["published_on"] for s in record["sources"])


def test_pages_follow_one_another_without_gaps_or_repeats(client, demo_content):
    first = client.get("/api/v1/deals/", {"page_size": 3}).json()
    second = client.get(first["next"].replace("http://testserver", "")).json()
    ids = [d["id"] for d in first["results"]] + [d["id"] for d in second["results"]]
    assert len(ids) == len(set(ids)) == 6


def test_only_published_stories_are_served(client, db):
    from tests.factories import DraftArticleFactory, PublishedArticleFactory

    published, draft = PublishedArticleFactory(), DraftArticleFactory()
    ids = {story["id"] for story in client.get("/api/v1/articles/").json()["results"]}
    assert ids == {published.id}
    assert client.get(f"/api/v1/articles/{draft.id}/").status_code == 404


def test_stories_filter_by_the_company_they_cover(client, demo_content):
    from companies.models import Company

    baoan = Company.objects.get(slug="china-baoan-group")
    stories = client.get("/api/v1/articles/", {"company": baoan.id}).json()["results"]
    assert {s["slug"] for s in stories} == {
        "btr-new-material-group-profile", "china-baoan-group-parent-of-btr"
    }  # fmt: skip


def test_a_client_over_the_rate_gets_429_and_others_do_not(client, db, settings):
    settings.API_RATE = "3/min"
    for page in range(1, 4):  # different URLs: none from the page cache
        assert client.get("/api/v1/companies/", {"q": f"x{page}"}).status_code == 200
    refused = client.get("/api/v1/companies/", {"q": "x4"})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    other = client.get("/api/v1/companies/", {"q": "x5"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_answers_are_cached_like_pages_and_follow_a_change_at_once(client, db, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import DealFactory

    settings.PAGE_CACHE_SECONDS = 60
    DealFactory(title="First plant")
    assert client.get("/api/v1/deals/")["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/api/v1/deals/")
    assert (second["X-Cache"], second.json()["count"], len(queries)) == ("HIT", 1, 0)
    DealFactory(title="Second plant")
    assert client.get("/api/v1/deals/").json()["count"] == 2


def test_the_api_documents_use_the_sites_own_assets(client, db):
    text = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in text
    assert "cdn" not in text.lower() and "<style>" not in text


def test_made_up_parameters_share_the_plain_urls_cache_entry(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 60
    assert client.get("/api/v1/deals/", {"status": "announced"})["X-Cache"] == "MISS"
    again = client.get("/api/v1/deals/", {"status": "announced", "made_up": "1", "x": "2"})
    assert again["X-Cache"] == "HIT"


def test_made_up_parameters_do_not_use_up_the_rate_limit(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.API_RATE = "2/min"
    for n in range(5):  # one entry in the page cache: one request counted
        assert client.get("/api/v1/companies/", {"nonce": n}).status_code == 200
