"""The free full report: its pages, the request, the signed download link, the records."""

import json
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from articles.models import Report
from leads import consent, delivery
from leads.models import Consent, Lead, LeadEmail, ReportDownload
from tests.factories import LeadFactory, PublishedArticleFactory, ReportFactory, pdf_file
from tests.leads.helpers import lead_post_data

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://\S+/download/\S+/")


def _request(client, report, capture, **overrides):
    data = lead_post_data(report_slug=report.slug, kind="report", **overrides)
    with capture(execute=True):
        response = client.post(report.get_absolute_url(), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Lead.objects.latest("pk"), response


def _link(mailoutbox, to="amina@example.com"):
    [message] = [m for m in mailoutbox if m.to == [to]]
    return LINK.search(message.body).group(0).removeprefix("http://127.0.0.1:8000")


@pytest.fixture
def report(db):
    return ReportFactory(title="Cathode plants of North Africa", slug="cathode-plants")


@pytest.fixture
def requested(client, report, mailoutbox, django_capture_on_commit_callbacks):
    """A reader asked for `report`: (lead, download path from the e-mail)."""
    lead, _ = _request(client, report, django_capture_on_commit_callbacks)
    return lead, _link(mailoutbox)


def test_report_page_shows_summary_contents_and_the_request_form(client, report):
    page = client.get("/reports/cathode-plants/").content.decode()
    assert "Cathode plants of North Africa" in page
    assert "<li>Anode plants</li>" in page
    assert 'name="report_slug" value="cathode-plants"' in page
    assert 'href="/privacy/"' in page


def test_draft_and_scheduled_reports_are_not_shown(client):
    ReportFactory(slug="draft", status=Report.Status.DRAFT, published_at=None)
    ReportFactory(slug="later", published_at=timezone.now() + timedelta(days=1))
    assert client.get("/reports/draft/").status_code == 404
    assert client.get("/reports/later/").status_code == 404
    listing = client.get("/reports/").content.decode()
    assert "/reports/draft/" not in listing and "/reports/later/" not in listing


def test_report_list_links_each_published_report(client, report):
    assert 'href="/reports/cathode-plants/"' in client.get("/reports/").content.decode()


def test_story_with_a_report_leads_to_the_report(client, report):
    article = PublishedArticleFactory(slug="btr-story")
    report.articles.add(article)
    page = client.get("/articles/btr-story/").content.decode()
    assert 'href="/reports/cathode-plants/?article=btr-story"' in page


def test_story_without_a_report_keeps_the_general_form(client):
    PublishedArticleFactory(slug="plain-story")
    page = client.get("/articles/plain-story/").content.decode()
    assert 'href="/contact/?article=plain-story"' in page


def test_request_stores_the_lead_for_the_report_with_its_story(
    client, report, django_capture_on_commit_callbacks
):
    article = PublishedArticleFactory(slug="btr-story")
    lead, response = _request(
        client, report, django_capture_on_commit_callbacks, article_slug=article.slug
    )
    assert (lead.report, lead.article, lead.kind) == (report, article, Lead.Kind.REPORT_REQUEST)
    thanks = client.get(response["Location"]).content.decode()
    assert "download link for <strong>Cathode plants of North Africa</strong> is on its way" in (
        thanks
    )
    assert 'href="/articles/btr-story/"' in thanks


def test_reader_gets_a_link_that_downloads_the_pdf(client, report, requested):
    lead, link = requested
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cathode-plants.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "no-store" in response["Cache-Control"]


def test_each_download_is_recorded_on_the_lead(client, report, requested):
    lead, link = requested
    client.get(link)
    client.get(link)
    assert ReportDownload.objects.filter(lead=lead, report=report).count() == 2


def test_sales_see_the_download_on_the_lead(client, report, requested, sales_client):
    lead, link = requested
    client.get(link)
    page = sales_client.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "Downloaded “Cathode plants of North Africa”" in page
    assert "downloaded 1 time" in page


def test_sales_notification_names_the_report(report, requested, mailoutbox):
    [to_sales] = [m for m in mailoutbox if m.to == ["sales@localhost"]]
    assert "Report:     Cathode plants of North Africa" in to_sales.body


def test_expired_link_offers_a_fresh_one_and_never_the_file(
    client, report, requested, settings, mailoutbox, django_capture_on_commit_callbacks
):
    lead, link = requested
    settings.REPORT_LINK_DAYS = 0
    response = client.get(link)
    page = response.content.decode()
    assert response.status_code == 410
    assert "This download link has expired" in page
    assert "a***@example.com" in page
    assert ReportDownload.objects.count() == 0
    token = link.rstrip("/").rsplit("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/reports/cathode-plants/fresh-link/{token}/")
    assert "A fresh link is on its way" in sent.content.decode()
    settings.REPORT_LINK_DAYS = 7
    [fresh] = [m for m in mailoutbox if m.subject.startswith("A fresh link")]
    assert client.get(LINK.search(fresh.body).group(0)).status_code == 200


def test_asking_again_and_again_sends_one_fresh_link(
    client, report, requested, mailoutbox, django_capture_on_commit_callbacks
):
    lead, link = requested
    token = link.rstrip("/").rsplit("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(f"/reports/cathode-plants/fresh-link/{token}/")
    assert lead.emails.filter(kind=LeadEmail.Kind.FRESH_LINK).count() == 1


def test_tampered_link_gets_a_clear_page_and_no_file(client, report, requested):
    lead, link = requested
    forged = signing.dumps({"l": lead.pk + 1, "r": report.pk}, salt="another-salt")
    for bad in (link[:-3] + "xx/", f"/reports/cathode-plants/download/{forged}/"):
        response = client.get(bad)
        assert response.status_code == 404
        assert "This download link does not work" in response.content.decode()
    assert ReportDownload.objects.count() == 0


def test_link_works_only_for_its_own_report(client, report, requested):
    lead, link = requested
    ReportFactory(slug="other-report")
    response = client.get(link.replace("/cathode-plants/", "/other-report/"))
    assert response.status_code == 404
    assert ReportDownload.objects.count() == 0


def test_a_link_passed_around_stops_after_a_few_connections(client, report, requested, settings):
    lead, link = requested
    settings.REPORT_LINK_CLIENTS = 2
    assert client.get(link, REMOTE_ADDR="198.51.100.1").status_code == 200
    assert client.get(link, REMOTE_ADDR="198.51.100.2").status_code == 200
    assert client.get(link, REMOTE_ADDR="198.51.100.1").status_code == 200
    refused = client.get(link, REMOTE_ADDR="198.51.100.3")
    assert refused.status_code == 403
    assert "E-mail me a fresh link" in refused.content.decode()


def test_link_of_an_erased_lead_gives_no_file(client, report, requested):
    lead, link = requested
    call_command("erase_lead_data", "amina@example.com", stdout=None)
    assert client.get(link).status_code == 404


def test_pdf_is_kept_outside_media_under_a_name_nobody_can_guess(report, settings):
    path = report.file.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert re.fullmatch(r"reports/[0-9a-f]{32}\.pdf", report.file.name)


def test_each_consent_is_its_own_record_with_its_text_version(
    client, report, django_capture_on_commit_callbacks
):
    lead, _ = _request(client, report, django_capture_on_commit_callbacks, newsletter="on")
    records = {c.purpose: c for c in lead.consents.all()}
    assert set(records) == {consent.CONTACT, consent.NEWSLETTER}
    assert records[consent.NEWSLETTER].version == consent.current(consent.NEWSLETTER).version
    assert records[consent.CONTACT].form == "/articles/btr/"
    assert records[consent.CONTACT].text == consent.current(consent.CONTACT).text


def test_newsletter_is_not_consented_unless_ticked(
    client, report, django_capture_on_commit_callbacks
):
    lead, _ = _request(client, report, django_capture_on_commit_callbacks)
    assert list(lead.consents.values_list("purpose", flat=True)) == [consent.CONTACT]


def test_no_request_without_the_contact_consent(client, report):
    data = lead_post_data(report_slug=report.slug)
    del data["consent"]
    response = client.post(report.get_absolute_url(), data)
    assert response.status_code == 200
    assert Lead.objects.count() == Consent.objects.count() == 0


def test_privacy_page_states_every_version_of_every_text(client):
    page = client.get("/privacy/").content.decode()
    for versions in consent.TEXTS.values():
        for text in versions:
            assert escape(text.shown) in page and f"Version {text.version}" in page
    assert str(consent.NO_THIRD_PARTIES) in page


def test_export_covers_consents_and_downloads(client, report, requested, capsys):
    lead, link = requested
    client.get(link)
    call_command("export_lead_data", "amina@example.com")
    [exported] = json.loads(capsys.readouterr().out)["leads"]
    assert exported["report"] == "Cathode plants of North Africa"
    assert [c["purpose"] for c in exported["consents"]] == [consent.CONTACT]
    assert exported["consents"][0]["text"] == consent.current(consent.CONTACT).text
    assert len(exported["downloads"]) == 1


def test_erase_removes_consents_downloads_and_queued_emails(client, report, requested):
    lead, link = requested
    client.get(link)
    call_command("erase_lead_data", "amina@example.com", stdout=None)
    assert Consent.objects.count() == ReportDownload.objects.count() == 0
    assert LeadEmail.objects.count() == 0


def test_report_is_in_the_sitemap_and_the_feed(client, report):
    sitemap = client.get("/sitemap-reports.xml").content.decode()
    assert "/reports/cathode-plants/</loc>" in sitemap
    feed = client.get("/feeds/reports/").content.decode()
    assert "<title>Cathode plants of North Africa</title>" in feed


def test_report_page_describes_itself_as_a_report_to_search_engines(client, report):
    page = client.get("/reports/cathode-plants/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    kinds = [json.loads(block).get("@type") for block in blocks]
    assert "Report" in kinds


# The admin: Editors upload the PDF, which is checked by its content.


def _report_form(**overrides):
    data = {
        "title": "Anode outlook", "slug": "anode-outlook", "summary": "Anode capacity.",
        "contents": "", "status": "published", "published_at_0": "", "published_at_1": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_editor_uploads_a_report_and_its_pages_are_counted(editor_client):
    response = editor_client.post(
        "/admin/articles/report/add/", _report_form(file=pdf_file(pages=3))
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    report = Report.objects.get(slug="anode-outlook")
    assert report.page_count == 3
    assert report.file_bytes > 0


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(editor_client):
    fake = SimpleUploadedFile("report.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "application/pdf")
    response = editor_client.post("/admin/articles/report/add/", _report_form(file=fake))
    assert response.status_code == 200
    assert "This file is not a PDF" in response.content.decode()
    assert not Report.objects.exists()


def test_a_pdf_over_the_size_limit_is_refused(editor_client, settings):
    settings.REPORT_MAX_BYTES = 500
    response = editor_client.post(
        "/admin/articles/report/add/", _report_form(file=pdf_file(pages=5))
    )
    assert "the largest allowed is 500" in response.content.decode()
    assert not Report.objects.exists()


def test_sales_cannot_edit_reports(sales_client, report):
    assert sales_client.get("/admin/articles/report/add/").status_code == 403


def test_a_link_is_bound_to_the_lead_it_was_made_for(report):
    first = LeadFactory(report=report)
    second = LeadFactory(report=report)
    token = delivery.download_url(first).rstrip("/").rsplit("/", 1)[1]
    assert delivery.lead_for_link(token, report) == first != second


def test_editors_open_the_pdf_in_the_admin_and_sales_cannot(editor_client, report, client):
    response = editor_client.get(f"/admin/articles/report/{report.pk}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.logout()
    from tests.factories import user_in_group

    client.force_login(user_in_group("Sales", "sid.sales"))
    assert client.get(f"/admin/articles/report/{report.pk}/pdf/").status_code == 403


def test_changing_a_report_without_a_new_file_keeps_its_pdf(editor_client, report):
    name = report.file.name
    form = _report_form(title="New title", slug=report.slug, published_at_0="2026-12-01",
                        published_at_1="08:00:00")  # fmt: skip
    response = editor_client.post(f"/admin/articles/report/{report.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    report.refresh_from_db()
    assert (report.title, report.file.name, report.page_count) == ("New title", name, 2)
