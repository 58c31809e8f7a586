"""The database stops in the middle of an export, a page or a lead: every answer is whole.

gunicorn (production settings) reaches PostgreSQL through `CuttableLink`, a relay that
this test cuts after any number of bytes from the database, refusing reconnection until
it is restored: the database going away at that point of the request. For each request
the test first measures how many bytes it reads, then cuts it at points spread over
them. Every answer must be the complete answer (the same bytes as without the cut) or
the designed 503 page; a lead is stored exactly when the reader was thanked; and the
next request after the database is back is answered in full by the same worker. Redis is
emptied before each request, so each one is rendered cold and reads all it can read.

Needs PostgreSQL and Redis (CI has both): fails in CI when it is missing, skips elsewhere.
"""

import csv
import io
import json
import os
import re

import psycopg2
import pytest
import redis

from tests.servers import (
    Browser,
    CuttableLink,
    Gunicorn,
    clean_env,
    manage,
    recreate_database,
    service_available,
)  # fmt: skip

PG_URL = os.environ.get("FAULTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_faults")
# Each module that uses the shared Redis has a database of its own (tests run in parallel).
REDIS_URL = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/11")
DEALS = 1200
CUT_POINTS = 12
pytestmark = pytest.mark.skipif(
    not (service_available("127.0.0.1", 5432) and service_available("127.0.0.1", 6379))
    and not os.environ.get("CI"),
    reason="needs PostgreSQL on 5432 and Redis on 6379 (CI has both)",
)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """(gunicorn, link, slugs): one sync worker whose only way to the database is `link`."""
    folder = tmp_path_factory.mktemp("faults")
    recreate_database(PG_URL)
    env = clean_env(
        DATABASE_URL=PG_URL, REDIS_URL=REDIS_URL, LEADS_MIN_FILL_SECONDS=0,
        LEADS_RATE_LIMIT_COUNT=1000, DJANGO_SECURE_SSL_REDIRECT=0,
        STATIC_ROOT=folder / "static", MEDIA_ROOT=folder / "media", PORTAL_VAR_DIR=folder,
    )  # fmt: skip
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "seed_bulk", "--articles", "40", "--companies", "40", "--deals", str(DEALS),
           "--leads", "0", "--quiet")  # fmt: skip
    slugs = manage(env, "shell", "--no-imports", "-c", (
        "from articles.models import Article; from companies.models import Company;"
        "print(Article.objects.published().first().get_absolute_url(),"
        " Company.objects.first().get_absolute_url())"
    )).stdout.split()  # fmt: skip
    link = CuttableLink(5432)
    server = Gunicorn({**env, "DATABASE_URL": PG_URL.replace(":5432/", f":{link.port}/")})
    yield server, link, slugs
    server.stop()
    link.close()
    _empty_cache()


def _empty_cache():
    redis.Redis.from_url(REDIS_URL).flushdb()


def _get(server, path):
    _empty_cache()
    return server.get(path)


def _cut_points(total):
    """`CUT_POINTS` byte counts from the first byte to the last one a request reads."""
    return sorted({0, total - 1, *(total * step // CUT_POINTS for step in range(1, CUT_POINTS))})


def _bytes_read(link, request):
    before = link.received
    answer = request()
    return answer, link.received - before


def _assert_designed_503(status, headers, body):
    assert status == 503, body[:300]
    assert b"We will be back in a moment" in body
    assert headers["Retry-After"] == "30"


def _sweep(server, link, path):
    """Cut GET `path` at every cut point; return the uncut answer's body."""
    (status, _, whole), total = _bytes_read(link, lambda: _get(server, path))
    assert status == 200 and total > 0
    outcomes = set()
    for point in _cut_points(total):
        link.cut_after(point)
        status, headers, body = _get(server, path)
        link.restore()
        if status == 200:
            assert body == whole, f"{path} cut after {point} of {total} bytes: a different 200"
            outcomes.add("whole")
        else:
            _assert_designed_503(status, headers, body)
            outcomes.add("503")
        assert _get(server, path)[2] == whole, f"{path}: not answered in full once restored"
    assert "503" in outcomes, f"{path}: no cut reached the database"
    return whole


@pytest.mark.parametrize("path", ["/deals/export.csv", "/deals/export.json?country=MA"])
def test_an_export_cut_by_a_database_stop_is_whole_or_the_503_page(portal, path):
    server, link, _ = portal
    whole = _sweep(server, link, path)
    if path.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(whole.decode("utf-8-sig"))))
        assert len(rows) == DEALS + 1
    else:
        assert isinstance(json.loads(whole), list)


@pytest.mark.parametrize("page", ["/", "/news/", "/deals/", "/companies/", "/search/?q=battery",
                                  "article", "company"])  # fmt: skip
def test_a_page_cut_by_a_database_stop_is_whole_or_the_503_page(portal, page):
    server, link, (article, company) = portal
    path = {"article": article, "company": company}.get(page, page)
    assert b"</html>" in _sweep(server, link, path)


def _leads_with(email):
    with psycopg2.connect(PG_URL) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM leads_lead WHERE email = %s", [email])
        return cursor.fetchone()[0]


def _lead_form(server, email):
    """(reader, form data) of a reader who has opened the form and filled it in."""
    _empty_cache()
    reader = Browser()
    html = reader.get(server, "/contact/")[2]
    token = re.search(r'name="form_token" value="([^"]+)"', html)[1]
    return reader, {
        "kind": "enquiry", "name": "Amina Fault", "email": email, "company": "Atlas",
        "job_title": "Buyer", "country": "MA", "topic": "Report", "message": "",
        "consent": "on", "form_token": token,
    }  # fmt: skip


def _assert_thanked(status, headers):
    assert (status, headers["Location"]) == (302, "/contact/thanks/")


def test_a_lead_cut_by_a_database_stop_is_thanked_and_stored_once_or_503_and_kept_on_retry(
    portal,
):
    server, link, _ = portal
    reader, form = _lead_form(server, "whole@example.com")
    (status, headers, _), total = _bytes_read(link, lambda: reader.post(server, "/contact/", form))
    _assert_thanked(status, headers)
    assert _leads_with("whole@example.com") == 1
    outcomes = set()
    for point in _cut_points(total):
        email = f"cut-{point}@example.com"
        reader, form = _lead_form(server, email)
        link.cut_after(point)
        status, headers, body = reader.post(server, "/contact/", form)
        link.restore()
        if status == 302:
            _assert_thanked(status, headers)
            assert _leads_with(email) == 1, f"thanked but not stored (cut after {point})"
            outcomes.add("thanked")
        else:
            _assert_designed_503(status, headers, body.encode())
            outcomes.add("503")
        # The reader sends the form again (back, then submit): thanked, exactly one lead.
        _assert_thanked(*reader.post(server, "/contact/", form)[:2])
        assert _leads_with(email) == 1, f"retry after a cut after {point} of {total} bytes"
    assert outcomes == {"thanked", "503"}
