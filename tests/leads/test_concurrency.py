"""Fifty readers sending the form at the same moment to a live server: fifty leads."""

import http.cookiejar
import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from leads.models import Lead
from tests.leads.helpers import aged_token, lead_post_data

SUBMISSIONS = 50


def _submit(base_url, number):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base_url}/contact/", timeout=120).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = lead_post_data(
        email=f"reader{number}@example.com", form_token=aged_token(), csrfmiddlewaretoken=csrf
    )
    request = urllib.request.Request(
        f"{base_url}/contact/",
        data=urllib.parse.urlencode(data).encode(),
        headers={"Referer": f"{base_url}/contact/"},
    )
    with opener.open(request, timeout=120) as response:
        return response.status, response.url


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writes are a PostgreSQL property; SQLite's test database is one "
    "in-memory connection shared by all threads (CI runs this on PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_submissions_make_exactly_fifty_leads(live_server, settings):
    settings.LEADS_RATE_LIMIT = (1000, 600)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        results = list(pool.map(lambda n: _submit(live_server.url, n), range(SUBMISSIONS)))
    assert all(url.endswith("/contact/thanks/") for _, url in results)
    assert Lead.objects.count() == SUBMISSIONS
    assert Lead.objects.values("email").distinct().count() == SUBMISSIONS
