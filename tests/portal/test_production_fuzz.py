"""Fuzzing through a production server, as a browser (or an attacker with one) would.

gunicorn with production settings (DEBUG off) on PostgreSQL with the demo content;
every request carries the cookies the site set and, for a form, the CSRF token of the
page it came from. Any answer is fine but a 500: each test also reads the server's
error log for a traceback. The generated values are derandomised (the same run on every
machine); the test client's fuzzing (tests/portal/test_fuzz.py) covers more values at
less cost, this covers what only a real server and a real session show.
"""

import os
import re
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.servers import (
    Browser,
    Gunicorn,
    clean_env,
    drop_database,
    manage,
    recreate_database,
    service_available,
)

PG_URL = f"postgres://postgres@127.0.0.1:5432/portal_fuzz_{os.getpid()}"
pytestmark = pytest.mark.skipif(
    not service_available("127.0.0.1", 5432) and not os.environ.get("CI"),
    reason="needs PostgreSQL on 5432 (CI has it)",
)
FUZZ = settings(
    max_examples=80, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
HOSTILE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=80,
) | st.sampled_from([
    "", "'", '"', "\\", "%", "..", "<script>", "-1", "0", "9" * 30, "²", "١٢", "1²",
    "9999-12-31", "0001-01-01", "2024-02-30", "1e309", "NaN", "(", "[", ".*", "true",
    "a" * 300, "\r\nX-Injected: 1", "é" * 200, "贝特瑞 摩洛哥",
])  # fmt: skip
PASSWORD = "fuzz-Password-2026!"
SETUP = f"""
from django.contrib.auth.models import Group, User
for name, group in [("fuzz-editor", "Editors"), ("fuzz-sales", "Sales")]:
    user = User.objects.create_user(name, f"{{name}}@example.com", "{PASSWORD}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
User.objects.create_superuser("fuzz-admin", "admin@example.com", "{PASSWORD}")
"""
CHARSETS = ["utf-16", "utf-32", "latin-1", "utf-7", "cp037"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    recreate_database(PG_URL)
    env = clean_env(
        DATABASE_URL=PG_URL, DJANGO_SECURE_SSL_REDIRECT=0, LEADS_MIN_FILL_SECONDS=0,
        LEADS_RATE_LIMIT_COUNT=1_000_000, API_RATE="1000000/min", AXES_FAILURE_LIMIT=1000,
        STATIC_ROOT=folder / "static", MEDIA_ROOT=folder / "media",
        PRIVATE_ROOT=folder / "private", PORTAL_VAR_DIR=folder,
    )  # fmt: skip
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
        manage(env, *command)
    manage(env, "shell", "-c", SETUP)
    web = Gunicorn(env, workers=2)
    yield web
    web.stop()
    drop_database(PG_URL)


@pytest.fixture
def no_server_error(server):
    """Fail the test if the server logged a server error during it (a 4xx's warning,
    with its traceback, is not one)."""
    before = len(server.error_log())
    yield
    log = server.error_log()[before:]
    assert "Internal Server Error" not in log, log[-3000:]


def _signed_in(server, username):
    browser = Browser()
    browser.login(server, username, PASSWORD)
    return browser


def _form_page(browser, server, path):
    """Open a form page as a reader does: its cookies and its form's hidden fields."""
    _, _, page = browser.get(server, path)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    hidden.pop("csrfmiddlewaretoken", None)
    return hidden


def _query(path, params):
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


def test_every_reproducer_of_the_probe_answers_its_4xx(server, no_server_error):
    reader = Browser()
    _form_page(reader, server, "/contact/")
    token = reader.cookies["csrftoken"]
    for path in ["/contact/", "/newsletter/", "/admin/login/", "/news/"]:
        for charset in CHARSETS:
            body = f"csrfmiddlewaretoken={token}&email=a%40example.com".encode(charset)
            status, _, _ = reader.raw(
                server, path, body, f"application/x-www-form-urlencoded; charset={charset}"
            )
            assert status == 400, (path, charset, status)
    for path in [
        "/search/?q=anode&until=9999-12-31", "/search/?q=anode&since=0001-01-01",
        "/api/v1/articles/?company=%C2%B2", "/api/v1/articles/?deal=1%C2%B2",
    ]:  # fmt: skip
        status, _, _ = reader.get(server, path)
        assert status in (200, 400), (path, status)
    status, _, _ = reader.request(server, "/api/docs/", method="OPTIONS")
    assert status == 405

    sales = _signed_in(server, "fuzz-sales")
    for path in [
        "/admin/articles/article/abc/history/", "/admin/leads/lead/?email__regex=(",
        "/admin/leads/lead/?email__iregex=.*", "/admin/leads/lead/?article=%C2%B2",
        "/admin/leads/lead/attribution/?since=0001-01-01&until=9999-12-31",
    ]:  # fmt: skip
        status, _, _ = sales.get(server, path)
        assert 200 <= status < 500, (path, status)
    status, _, _ = sales.get(server, "/admin/articles/article/abc/history/")
    assert status in (403, 404)
    status, _, _ = sales.post(
        server, "/admin/leads/lead/", {"action": "mark_contacted", "_selected_action": "abc"}
    )
    assert status == 400


FORMS = {
    "/contact/": ["name", "email", "company", "job_title", "phone", "country", "topic",
                  "message", "kind", "consent", "website", "page_url", "referrer",
                  "article_slug", "report_slug", "utm_source", "form_token"],
    "/newsletter/": ["email", "daily", "weekly", "consent", "website", "source", "form_token"],
    "/newsletter/follow/?kind=company&slug=btr-new-material-group": [
        "email", "consent", "website", "kind", "slug", "form_token"],
    "/reports/btr-in-morocco-cathode-and-anode-plants/": [
        "name", "email", "company", "job_title", "country", "consent", "newsletter",
        "website", "report_slug", "form_token"],
}  # fmt: skip


@FUZZ
@given(path=st.sampled_from(sorted(FORMS)), data=st.data())
def test_public_forms_sent_with_a_browsers_session_never_fail(server, no_server_error, path, data):
    reader = Browser()
    fields = _form_page(reader, server, path)
    names = st.sampled_from(FORMS[path])
    fields.update(data.draw(st.dictionaries(names, HOSTILE, max_size=6)))
    status, _, _ = reader.post(server, path, fields)
    assert status < 500


TOKEN_URLS = [
    "/newsletter/confirm/{}/", "/newsletter/preferences/{}/", "/newsletter/unsubscribe/{}/",
    "/reports/btr-in-morocco-cathode-and-anode-plants/download/{}/",
    "/reports/btr-in-morocco-cathode-and-anode-plants/fresh-link/{}/",
]  # fmt: skip


@FUZZ
@given(route=st.sampled_from(TOKEN_URLS), token=HOSTILE, post=st.booleans())
def test_signed_links_with_any_token_never_fail(server, no_server_error, route, token, post):
    reader = Browser()
    reader.get(server, "/newsletter/")  # the cookies of a reader who has been on the site
    path = route.format(urllib.parse.quote(token, safe="") or "x")
    if post:
        status, _, _ = reader.post(server, path, {"daily": "on"})
    else:
        status, _, _ = reader.get(server, path)
    assert status < 500


API = {
    "/api/v1/deals/": ["country", "segment", "status", "company", "year", "sort", "stale",
                       "page", "page_size", "made_up"],
    "/api/v1/deals/totals/": ["country", "segment", "status", "company", "year"],
    "/api/v1/companies/": ["q", "kind", "country", "segment", "page", "page_size"],
    "/api/v1/articles/": ["section", "tag", "company", "deal", "q", "page", "page_size"],
}  # fmt: skip


@FUZZ
@given(path=st.sampled_from(sorted(API)), data=st.data())
def test_the_apis_filters_and_pages_never_fail(server, no_server_error, path, data):
    params = data.draw(st.dictionaries(st.sampled_from(API[path]), HOSTILE, max_size=4))
    status, _, _ = Browser().get(server, _query(path, params))
    assert status in (200, 400, 404)


ADMIN_LISTS = {
    "/admin/articles/article/": ["q", "status__exact", "section__id__exact", "o", "p",
                                 "published_at__gte", "tags__id__exact", "is_featured__exact"],
    "/admin/articles/image/": ["q", "p", "o", "alt_text__regex"],
    "/admin/articles/article/abc/history/": ["p"],
    "/admin/articles/report/": ["q", "status__exact", "p"],
    "/admin/companies/company/": ["q", "kind__exact", "country", "segments__id__exact", "p"],
    "/admin/companies/deal/": ["q", "status__exact", "segment__id__exact", "stale", "p", "o"],
    "/admin/leads/lead/": ["q", "status__exact", "assignee", "article", "kind__exact",
                           "created_at__gte", "created_at__lt", "p", "o", "country",
                           "email__regex", "name__iregex", "_selected_action"],
    "/admin/leads/leademail/": ["q", "state__exact", "kind__exact", "p"],
    "/admin/newsletter/subscriber/": ["q", "p", "o"],
}  # fmt: skip


@pytest.fixture(scope="module")
def admin_browser(server):
    return _signed_in(server, "fuzz-admin")


@FUZZ
@given(path=st.sampled_from(sorted(ADMIN_LISTS)), data=st.data())
def test_the_admins_filters_and_search_never_fail(
    server, admin_browser, no_server_error, path, data
):
    params = data.draw(st.dictionaries(st.sampled_from(ADMIN_LISTS[path]), HOSTILE, max_size=3))
    status, _, _ = admin_browser.get(server, _query(path, params))
    assert status < 500


AUTOCOMPLETES = [
    ("articles", "article", "authors"), ("articles", "article", "companies"),
    ("articles", "article", "deals"), ("articles", "article", "hero"),
    ("articles", "report", "articles"), ("companies", "company", "parent"),
    ("companies", "deal", "related_deals"), ("newsletter", "editionitem", "article"),
]  # fmt: skip


@FUZZ
@given(target=st.sampled_from(AUTOCOMPLETES), term=HOSTILE, page=HOSTILE, tamper=st.booleans())
def test_the_admins_autocomplete_never_fails(
    server, admin_browser, no_server_error, target, term, page, tamper
):
    app_label, model_name, field_name = target
    params = {"app_label": app_label, "model_name": model_name, "field_name": field_name,
              "term": term, "page": page}  # fmt: skip
    if tamper:
        params["model_name"] = term
    status, _, _ = admin_browser.get(server, _query("/admin/autocomplete/", params))
    assert status < 500
