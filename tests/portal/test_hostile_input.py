"""Property-based fuzzing of every place a stranger can type: no 500, no half-records."""

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leads.models import Lead
from tests.factories import SectionFactory
from tests.leads.helpers import lead_post_data

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300
) | st.sampled_from(["", "'", '"', "\\", "%", "_", "\x00", "<script>", "-1", "9" * 40, "é" * 500])


def _refused_for_nul(response, *values):
    """A NUL character in a parameter is refused with a 400 (portal.middleware)."""
    return response.status_code == 400 and any("\x00" in value for value in values)


@FUZZ
@given(fields=st.dictionaries(
    st.sampled_from(["name", "email", "company", "job_title", "phone", "country", "topic",
                     "message", "kind", "consent", "website", "form_token", "article_slug",
                     "page_url", "referrer", "utm_source"]),
    text, max_size=6,
))  # fmt: skip
def test_the_lead_form_never_fails_and_never_half_saves(client, settings, fields):
    settings.LEADS_RATE_LIMIT = (10_000, 600)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    before = Lead.objects.count()
    response = client.post("/contact/", lead_post_data(**fields))
    assert response.status_code in (200, 302, 400, 429)
    created = Lead.objects.count() - before
    assert created == (1 if response.status_code == 302 else 0)
    if created:
        lead = Lead.objects.latest("pk")
        lead.full_clean()


@FUZZ
@given(query=text, page=text)
def test_search_always_answers_with_a_page(client, query, page):
    response = client.get("/search/", {"q": query, "page": page})
    assert response.status_code in (200, 404) or _refused_for_nul(response, query, page)


@FUZZ
@given(params=st.dictionaries(
    st.sampled_from(["country", "segment", "status", "company", "year", "sort", "page", "q"]),
    text, max_size=5,
))  # fmt: skip
def test_list_filters_never_fail(client, params):
    SectionFactory(slug="batteries", name="Batteries")
    for url in ["/deals/", "/companies/", "/news/", "/sections/batteries/"]:
        response = client.get(url, params)
        # Only a page number that is not a page of the list is a 404.
        assert (
            response.status_code == 200
            or (response.status_code == 404 and "page" in params)
            or _refused_for_nul(response, *params.values())
        )


@FUZZ
@given(params=st.dictionaries(
    st.sampled_from(["country", "segment", "status", "company", "year", "sort"]), text, max_size=4,
))  # fmt: skip
def test_deal_exports_are_always_valid_files(client, params):
    csv_response = client.get("/deals/export.csv", params)
    if _refused_for_nul(csv_response, *params.values()):
        return
    assert csv_response.status_code == 200
    rows = list(
        csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8-sig")))
    )
    assert rows[0][0] == "slug"
    json_response = client.get("/deals/export.json", params)
    assert isinstance(json.loads(b"".join(json_response.streaming_content)), list)


@FUZZ
@given(fields=st.dictionaries(
    st.sampled_from(["email", "daily", "weekly", "consent", "website", "form_token", "source",
                     "kind", "slug"]),
    text, max_size=6,
))  # fmt: skip
def test_newsletter_forms_never_fail(client, fields):
    from articles.models import Section
    from leads.newsletter.models import Subscriber

    if not Section.objects.filter(slug="materials").exists():
        SectionFactory(slug="materials")
    for response in (
        client.post("/newsletter/", fields),
        client.get("/newsletter/", fields),
        client.get("/newsletter/follow/", {"kind": "section", "slug": "materials", **fields}),
        client.post("/newsletter/follow/", {"kind": "section", "slug": "materials", **fields}),
    ):
        # 400: refused by the spam defence (leads.spam.FormGuard), as the lead form is.
        assert response.status_code in (200, 302, 400, 404, 429) or _refused_for_nul(
            response, *fields.values()
        )
    assert not Subscriber.objects.exists()  # nothing before a confirmation


@FUZZ
@given(token=text)
def test_signed_links_never_fail_whatever_is_typed(client, token):
    from urllib.parse import quote

    token = quote(token, safe="") or "x"
    for path in (f"/newsletter/confirm/{token}/", f"/newsletter/preferences/{token}/",
                 f"/newsletter/unsubscribe/{token}/"):  # fmt: skip
        assert client.get(path).status_code in (200, 404, 400)
        assert client.post(path).status_code in (200, 404, 400, 403)


@FUZZ
@given(token=text)
def test_report_links_never_fail_whatever_is_typed(client, token):
    from urllib.parse import quote

    from articles.models import Report
    from tests.factories import ReportFactory

    if not Report.objects.filter(slug="outlook").exists():
        ReportFactory(slug="outlook")
    token = quote(token, safe="") or "x"
    assert client.get(f"/reports/outlook/download/{token}/").status_code in (404, 400)
    assert client.post(f"/reports/outlook/fresh-link/{token}/").status_code in (404, 400, 403)
