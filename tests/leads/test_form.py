import pytest
from django.core import signing
from django.db import OperationalError
from django.test import Client

from leads import consent, spam
from leads.models import Lead
from tests.factories import DraftArticleFactory, PublishedArticleFactory
from tests.leads.helpers import aged_token, lead_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mail_server_needed(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _submit(client, data=None, article=None, **extra):
    url = "/contact/" + (f"?article={article.slug}" if article else "")
    return client.post(url, data or lead_post_data(), **extra)


def test_article_page_offers_the_free_full_report_one_click_away(client):
    article = PublishedArticleFactory()
    response = client.get(article.get_absolute_url())
    assert b"Get the free full report" in response.content
    assert f'href="/contact/?article={article.slug}"'.encode() in response.content


def test_article_page_carries_no_csrf_token_so_it_can_be_cached(client):
    article = PublishedArticleFactory()
    response = client.get(article.get_absolute_url())
    assert b"csrfmiddlewaretoken" not in response.content
    assert "csrftoken" not in response.cookies


def test_report_form_names_the_article_and_prefills_the_topic(client):
    article = PublishedArticleFactory(title="BTR signs cathode deal")
    response = client.get("/contact/", {"article": article.slug})
    assert response.status_code == 200
    assert response.context["form"].initial["topic"] == "Full report: BTR signs cathode deal"
    assert b"csrfmiddlewaretoken" in response.content
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_report_form_for_a_draft_article_is_a_general_form(client):
    draft = DraftArticleFactory(title="Embargoed")
    response = client.get("/contact/", {"article": draft.slug})
    assert response.context["article"] is None
    assert b"Embargoed" not in response.content


def test_valid_submission_stores_the_lead_and_redirects_to_thanks(client):
    article = PublishedArticleFactory()
    data = lead_post_data(article_slug=article.slug)
    response = _submit(client, data, article=article, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    assert response["Location"] == f"/contact/thanks/?article={article.slug}"
    lead = Lead.objects.get()
    assert lead.article == article
    assert lead.kind == Lead.Kind.REPORT_REQUEST
    assert lead.email == "amina@example.com"
    assert [(c.purpose, c.version) for c in lead.consents.all()] == [
        (consent.CONTACT, consent.current(consent.CONTACT).version)
    ]
    assert (lead.utm_source, lead.utm_medium, lead.utm_campaign) == (
        "newsletter", "email", "morocco",
    )  # fmt: skip
    assert lead.referrer == "https://www.google.com/"
    assert lead.page_url == "/articles/btr/"
    assert client.get(response["Location"]).status_code == 200


def test_client_address_is_kept_only_as_a_keyed_hash(client):
    _submit(client, REMOTE_ADDR="203.0.113.9")
    lead = Lead.objects.get()
    assert lead.client_hash and "203.0.113" not in lead.client_hash
    assert all("203.0.113" not in str(v) for v in Lead.objects.values().get().values())


def test_landing_utm_parameters_and_referrer_are_carried_into_the_form(client):
    response = client.get(
        "/contact/",
        {"utm_source": "linkedin", "ref": "https://www.linkedin.com/feed/"},
        HTTP_REFERER="http://testserver/articles/x/?utm_campaign=spring",
    )
    initial = response.context["form"].initial
    assert initial["utm_source"] == "linkedin"
    assert initial["utm_campaign"] == "spring"
    assert initial["referrer"] == "https://www.linkedin.com/feed/"


def test_errors_are_shown_next_to_fields_and_typed_values_are_kept(client):
    data = lead_post_data(email="not-an-email", consent="")
    response = _submit(client, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a valid email address." in text
    assert "Please tick the box" in text
    assert 'value="Atlas Components"' in text
    assert 'value="not-an-email"' in text
    assert 'aria-invalid="true"' in text
    assert not Lead.objects.exists()


def test_missing_consent_stores_nothing(client):
    _submit(client, lead_post_data(consent=""))
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("field", "length"),
    [("name", 121), ("company", 161), ("job_title", 121), ("topic", 201), ("message", 4001),
     ("phone", 41), ("email", 255)],
)  # fmt: skip
def test_over_long_fields_get_a_form_error(client, field, length):
    response = _submit(client, lead_post_data(**{field: "a" * length}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Lead.objects.exists()


def test_nul_bytes_in_fields_get_a_400_and_store_nothing(client):
    response = _submit(client, lead_post_data(name="Amina\x00", message="hi\x00there"))
    assert response.status_code == 400
    assert not Lead.objects.exists()


def test_emoji_and_non_latin_names_are_accepted(client):
    response = _submit(client, lead_post_data(name="李明 🔋", company="贝特瑞 Ltd"))
    assert response.status_code == 302
    assert Lead.objects.get().name == "李明 🔋"


def test_markup_and_links_are_stored_as_plain_text(client):
    payload = '<script>alert(1)</script><a href="http://spam.example">cheap</a>'
    _submit(client, lead_post_data(name=payload, message=payload))
    lead = Lead.objects.get()
    assert lead.name == payload
    assert lead.message == payload


def test_line_breaks_in_one_line_fields_are_flattened(client):
    _submit(client, lead_post_data(name="Amina\r\nBcc: victim@example.com"))
    assert Lead.objects.get().name == "Amina Bcc: victim@example.com"


# Spam defences


def test_filled_honeypot_is_refused_with_a_clear_message(client):
    response = _submit(client, lead_post_data(website="http://spam.example"))
    assert response.status_code == 400
    assert b"could not accept this submission" in response.content
    assert not Lead.objects.exists()


def test_a_form_sent_faster_than_a_person_can_fill_it_is_refused(client):
    response = _submit(client, lead_post_data(form_token=spam.issue_form_token()))
    assert response.status_code == 400
    assert not Lead.objects.exists()


def test_blocked_form_is_shown_again_with_a_fresh_token_and_the_typed_values(client):
    response = _submit(client, lead_post_data(form_token=spam.issue_form_token()))
    form = response.context["form"]
    assert form["company"].value() == "Atlas Components"
    assert form["form_token"].value() != ""


@pytest.mark.parametrize(
    "token",
    ["", "garbage", signing.dumps({"t": 0}, salt="another-salt"), aged_token()[:-2] + "xx"],
    ids=["missing", "garbage", "another-salt", "tampered"],  # the same in every process
)
def test_missing_or_forged_tokens_are_refused(client, token):
    response = _submit(client, lead_post_data(form_token=token))
    assert response.status_code == 400
    assert not Lead.objects.exists()


def test_stale_token_asks_the_reader_to_send_again(client, settings):
    settings.LEADS_MAX_FORM_AGE = 60
    response = _submit(client, lead_post_data(form_token=aged_token(seconds=120)))
    assert response.status_code == 400
    assert b"open for too long" in response.content
    assert not Lead.objects.exists()


def test_a_form_sent_twice_stores_one_lead_and_thanks_the_reader_both_times(client):
    token = aged_token()
    assert _submit(client, lead_post_data(form_token=token)).status_code == 302
    response = _submit(client, lead_post_data(form_token=token))
    assert (response.status_code, response["Location"]) == (302, "/contact/thanks/")
    assert Lead.objects.count() == 1


def test_a_replayed_token_with_other_details_stores_nothing_new(client):
    token = aged_token()
    _submit(client, lead_post_data(form_token=token))
    _submit(client, lead_post_data(form_token=token, email="other@example.com"))
    assert list(Lead.objects.values_list("email", flat=True)) == ["amina@example.com"]


def test_a_form_retried_after_a_failed_save_is_stored_once(client, monkeypatch):
    token = aged_token()
    save = Lead.save

    def fail_once(lead, *args, **kwargs):
        monkeypatch.setattr(Lead, "save", save)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Lead, "save", fail_once)
    client.raise_request_exception = False
    assert _submit(client, lead_post_data(form_token=token)).status_code == 503
    assert _submit(client, lead_post_data(form_token=token)).status_code == 302
    assert Lead.objects.count() == 1


def test_rate_limit_refuses_a_client_over_the_limit(client, settings):
    settings.LEADS_RATE_LIMIT = (3, 600)
    for _ in range(3):
        assert _submit(client, REMOTE_ADDR="198.51.100.7").status_code == 302
    response = _submit(client, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert b"Too many requests" in response.content
    assert Lead.objects.count() == 3


def test_a_chinese_reader_is_refused_in_chinese(client, settings):
    settings.LEADS_RATE_LIMIT = (1, 600)
    client.post("/zh/contact/", lead_post_data(), REMOTE_ADDR="198.51.100.7")
    response = client.post("/zh/contact/", lead_post_data(), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert "提交次数过多" in response.content.decode()


def test_the_rate_limits_429_says_when_to_retry(client, settings):
    settings.LEADS_RATE_LIMIT = (1, 600)
    _submit(client, REMOTE_ADDR="198.51.100.7")
    response = _submit(client, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600  # the rest of the window


def test_rate_limit_is_per_client(client, settings):
    settings.LEADS_RATE_LIMIT = (1, 600)
    assert _submit(client, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert _submit(client, REMOTE_ADDR="198.51.100.8").status_code == 302


def test_correcting_a_typo_does_not_use_up_the_rate_limit(client, settings):
    settings.LEADS_RATE_LIMIT = (1, 600)
    token = aged_token()
    _submit(client, lead_post_data(email="typo", form_token=token))
    assert _submit(client, lead_post_data(form_token=token)).status_code == 302


def test_genuine_lead_is_kept_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = _submit(client)
    assert response.status_code == 302
    assert Lead.objects.count() == 1


def test_missing_csrf_token_gets_a_friendly_403_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/contact/", lead_post_data())
    assert response.status_code == 403
    assert b"Please send the form again" in response.content
    assert b"site-header" in response.content
    assert not Lead.objects.exists()


@pytest.mark.parametrize("slug", ["../etc", "x" * 300, "<script>", "é"])
def test_an_article_slug_that_cannot_exist_leaves_a_plain_enquiry_form(client, slug):
    assert client.get("/contact/", {"article": slug}).status_code == 200
    response = client.post("/contact/", lead_post_data(article_slug=slug))
    assert response.status_code in (200, 302)
    assert Lead.objects.filter(article__isnull=False).count() == 0


@pytest.mark.parametrize("slug", ["\x00", "a\x00b"])
def test_a_nul_character_in_the_form_gets_a_clear_400(client, slug):
    assert client.get("/contact/", {"article": slug}).status_code == 400
    response = client.post("/contact/", lead_post_data(article_slug=slug))
    assert response.status_code == 400
    assert not Lead.objects.exists()
