"""Hostile values everywhere a stranger can put one: every public page's query
parameters, every slug in a path, every form field and the Referer, Content-Type and
Host headers. Any answer is fine but a server error (the test client raises it)."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.leads.helpers import lead_post_data

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HOSTILE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200
) | st.sampled_from([
    "", "'", '"', "\\", "%", "%00", "\x00", "..", "../../etc/passwd", "<script>", "-1",
    "9" * 40, "é" * 400, "http://[", "a" * 300, "\r\nX-Injected: 1", "NaN", "1e309",
])  # fmt: skip
PAGES = {  # path: the parameters its view reads, plus some it does not
    "/": ["page", "q"],
    "/news/": ["page", "x"],
    "/sections/batteries/": ["page"],
    "/tags/cathode/": ["page"],
    "/authors/leila-bennani/": ["page"],
    "/articles/btr-signs-297m-cathode-plant-morocco/": ["page", "ref"],
    "/search/": ["q", "page"],
    "/companies/": ["q", "segment", "country", "page"],
    "/companies/btr-new-material-group/": ["x"],
    "/deals/": ["country", "segment", "status", "company", "year", "sort", "page"],
    "/deals/export.csv": ["country", "segment", "status", "company", "year", "sort"],
    "/deals/export.json": ["country", "status", "year"],
    "/feeds/latest/": ["x"],
    "/sitemap-articles.xml": ["p"],
    "/contact/": ["article", "topic", "ref", "utm_source", "utm_campaign"],
}
SLUG_ROUTES = [
    "/articles/{}/", "/sections/{}/", "/tags/{}/", "/authors/{}/", "/companies/{}/",
    "/deals/{}/", "/feeds/sections/{}/", "/feeds/tags/{}/atom/", "/sitemap-{}.xml",
    "/preview/articles/{}/", "/media/{}",
]  # fmt: skip


@pytest.fixture
def content(demo_content):
    return demo_content


def _consume(response):
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


@FUZZ
@given(path=st.sampled_from(sorted(PAGES)), data=st.data())
def test_public_query_parameters_never_give_a_server_error(client, content, path, data):
    names = data.draw(st.lists(st.sampled_from(PAGES[path]), min_size=1, max_size=3))
    params = {name: data.draw(HOSTILE) for name in names}
    assert _consume(client.get(path, params)) < 500


@FUZZ
@given(route=st.sampled_from(SLUG_ROUTES), slug=HOSTILE.filter(bool))
def test_hostile_slugs_in_paths_never_give_a_server_error(client, content, route, slug):
    assert _consume(client.get(route.format(quote(slug, safe="")))) < 500


@FUZZ
@given(
    referer=HOSTILE,
    content_type=st.sampled_from([
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=nonsense", "multipart/form-data",
        "multipart/form-data; boundary=", "text/plain", "application/json", "",
    ]),
    host=st.sampled_from(["testserver", "evil.example", "[::1", "a" * 300, "127.0.0.1:99999"]),
)  # fmt: skip
def test_hostile_headers_never_give_a_server_error(client, content, referer, content_type, host):
    assert client.get("/", HTTP_REFERER=referer, HTTP_HOST=host).status_code < 500
    body = "&".join(f"{k}={quote(str(v))}" for k, v in lead_post_data().items())
    response = client.generic(
        "POST", "/contact/", body.encode(), content_type=content_type, HTTP_REFERER=referer,
        HTTP_HOST=host,
    )  # fmt: skip
    assert response.status_code < 500


@FUZZ
@given(fields=st.dictionaries(
    st.sampled_from(["name", "email", "company", "job_title", "phone", "country", "topic",
                     "message", "kind", "consent", "website", "form_token", "article_slug",
                     "page_url", "referrer", "utm_source", "utm_term", "unknown"]),
    HOSTILE, max_size=8,
), referer=HOSTILE)  # fmt: skip
def test_every_form_field_with_a_hostile_referer_never_gives_a_server_error(
    client, settings, content, fields, referer
):
    settings.LEADS_RATE_LIMIT = (10_000, 600)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post("/contact/", lead_post_data(**fields), HTTP_REFERER=referer)
    assert response.status_code < 500
