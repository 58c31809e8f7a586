"""Subscribing with double opt-in, confirming, preferences, one-click unsubscribe and the
suppression list; consent kept as records; the subscriber seen from the sales desk."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from leads import consent
from leads.models import Lead
from leads.newsletter import links
from leads.newsletter.models import Subscriber, Suppression
from leads.newsletter.services import suppress
from tests.factories import LeadFactory, PublishedArticleFactory
from tests.leads.helpers import aged_token, lead_post_data

pytestmark = pytest.mark.django_db
CONFIRM = re.compile(r"http://\S+(/newsletter/confirm/\S+/)")


def _subscribe(client, capture, email="nadia@example.com", **overrides):
    data = {"email": email, "daily": "on", "consent": "on", "form_token": aged_token(),
            "source": "/articles/btr/", **overrides}  # fmt: skip
    with capture(execute=True):
        return client.post("/newsletter/", data)


def _confirm_path(smtp_server, to="nadia@example.com"):
    [path] = [
        found.group(1)
        for m in smtp_server.messages
        if m.rcpt_tos == [to] and (found := CONFIRM.search(m.content.decode()))
    ]
    return path


@pytest.fixture
def subscribed(client, smtp_server, django_capture_on_commit_callbacks):
    """Nadia subscribed and confirmed from the e-mail."""
    _subscribe(client, django_capture_on_commit_callbacks)
    client.post(_confirm_path(smtp_server))
    return Subscriber.objects.get(email="nadia@example.com")


def test_every_page_offers_the_newsletter_without_a_token_in_the_cached_page(client):
    PublishedArticleFactory(slug="story")
    page = client.get("/articles/story/").content.decode()
    assert page.count('action="/newsletter/"') == 1  # at the end of the story
    assert "csrfmiddlewaretoken" not in page
    assert 'action="/newsletter/"' in client.get("/news/").content.decode()  # the footer


def test_the_sign_up_page_keeps_the_address_typed_in_the_box(client):
    page = client.get("/newsletter/?email=nadia@example.com").content.decode()
    assert 'value="nadia@example.com"' in page
    assert consent.current(consent.NEWSLETTER).text in page


def test_subscribing_sends_a_confirmation_and_nothing_is_recorded_before_it(
    client, smtp_server, django_capture_on_commit_callbacks
):
    response = _subscribe(client, django_capture_on_commit_callbacks)
    assert response["Location"] == "/newsletter/check-your-inbox/"
    assert _confirm_path(smtp_server).startswith("/newsletter/confirm/")
    assert not Subscriber.objects.exists()
    assert not Subscriber.objects.receiving().exists()


def test_confirming_from_the_email_subscribes_and_records_the_consent(
    client, smtp_server, django_capture_on_commit_callbacks
):
    _subscribe(client, django_capture_on_commit_callbacks, weekly="on")
    path = _confirm_path(smtp_server)
    assert "Yes, subscribe me" in client.get(path).content.decode()
    assert not Subscriber.objects.exists()  # opening the link confirms nothing
    page = client.post(path).content.decode()
    assert "You are subscribed" in page
    subscriber = Subscriber.objects.receiving().get()
    assert (subscriber.daily, subscriber.weekly) == (True, True)
    [record] = subscriber.consents.all()
    assert record.version == consent.current(consent.NEWSLETTER).version
    assert record.source == "/articles/btr/"
    assert record.text == consent.current(consent.NEWSLETTER).text


def test_no_subscription_without_the_consent_or_a_choice(client, smtp_server):
    response = client.post("/newsletter/", {"email": "nadia@example.com", "daily": "on",
                                            "form_token": aged_token()})  # fmt: skip
    assert "Please tick the box to subscribe." in response.content.decode()
    response = client.post("/newsletter/", {"email": "nadia@example.com", "consent": "on",
                                            "form_token": aged_token()})  # fmt: skip
    assert "Choose the daily briefing, the weekly digest or both." in response.content.decode()
    assert smtp_server.messages == []


def test_a_forged_confirmation_link_gets_a_clear_page(client):
    forged = links.confirm_token(
        email="x@example.com",
        daily=True,
        weekly=False,
        source="",
        language="en-gb",
        text_language="en-gb",
    )
    response = client.post(f"/newsletter/confirm/{forged[:-2]}xx/")
    assert response.status_code == 404
    assert "This confirmation link does not work" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_one_confirmation_email_per_address_in_ten_minutes(
    client, smtp_server, django_capture_on_commit_callbacks
):
    for _ in range(3):
        _subscribe(client, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1


def test_preferences_change_by_the_signed_link(client, subscribed):
    path = links.preferences_url(subscribed)
    assert "nadia@example.com" in client.get(path).content.decode()
    client.post(path, {"weekly": "on"})
    subscribed.refresh_from_db()
    assert (subscribed.daily, subscribed.weekly) == (False, True)
    assert client.get("/newsletter/preferences/not-a-token/").status_code == 404


def test_one_click_unsubscribe_needs_no_login_and_no_token(subscribed):
    browserless = Client(enforce_csrf_checks=True)  # a mail program: no cookies at all
    response = browserless.post(
        links.unsubscribe_url(subscribed), "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert response.status_code == 200
    assert not Subscriber.objects.receiving().exists()
    assert Suppression.objects.get(email="nadia@example.com").reason == "unsubscribed"


def test_opening_the_unsubscribe_link_only_asks(client, subscribed):
    page = client.get(links.unsubscribe_url(subscribed)).content.decode()
    assert "Stop every newsletter to nadia@example.com?" in page
    assert Subscriber.objects.receiving().exists()


def test_a_suppressed_address_stays_suppressed_until_its_owner_confirms_again(
    client, subscribed, smtp_server, django_capture_on_commit_callbacks
):
    subscribed.unsubscribe()
    smtp_server.messages.clear()
    from django.core.cache import cache

    cache.clear()  # past the ten minutes between confirmations
    _subscribe(client, django_capture_on_commit_callbacks)  # another form, not confirmed
    assert not Subscriber.objects.receiving().exists()
    client.post(_confirm_path(smtp_server))
    assert Subscriber.objects.receiving().exists()
    assert not Suppression.objects.exists()


def test_an_address_that_complained_gets_no_confirmation_email(
    client, smtp_server, django_capture_on_commit_callbacks
):
    suppress(email="nadia@example.com", reason=Suppression.Reason.COMPLAINED)
    _subscribe(client, django_capture_on_commit_callbacks)
    assert smtp_server.messages == []


def test_bounces_and_complaints_are_fed_in_by_a_command(subscribed):
    out = io.StringIO()
    call_command("newsletter_suppress", "Nadia@example.com", "other@example.com",
                 reason="bounced", note="550 5.1.1", stdout=out)  # fmt: skip
    assert "Suppressed 2 address(es) (bounced)." in out.getvalue()
    assert not Subscriber.objects.receiving().exists()
    assert Suppression.objects.filter(reason="bounced").count() == 2
    with pytest.raises(CommandError):
        call_command("newsletter_suppress", "not-an-address", reason="bounced")


def test_the_report_forms_newsletter_box_asks_for_a_confirmation(
    client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", lead_post_data(email="nadia@example.com", newsletter="on"))
    assert Lead.objects.count() == 1
    assert _confirm_path(smtp_server).startswith("/newsletter/confirm/")
    assert not Subscriber.objects.exists()


def test_export_and_erase_cover_the_subscription(subscribed, capsys):
    call_command("export_lead_data", "nadia@example.com")
    exported = json.loads(capsys.readouterr().out)
    assert exported["newsletter"]["daily"] is True
    assert exported["newsletter"]["consents"][0]["form"] == "/articles/btr/"
    call_command("erase_lead_data", "nadia@example.com", stdout=io.StringIO())
    assert not Subscriber.objects.exists()


def test_the_sales_desk_sees_that_a_lead_subscribes(subscribed, sales_client):
    lead = LeadFactory(email="nadia@example.com")
    page = sales_client.get(lead.get_admin_url()).content.decode()
    assert "Newsletter: confirmed (daily briefing)." in page


def test_the_sign_up_forms_429_says_when_to_retry(
    client, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.LEADS_RATE_LIMIT = (1, 600)
    _subscribe(client, django_capture_on_commit_callbacks)
    response = _subscribe(client, django_capture_on_commit_callbacks, email="other@example.com")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600


def test_superusers_see_the_confirmations_outbox_and_send_one_again(
    admin_client, client, smtp_server, django_capture_on_commit_callbacks
):
    from leads.newsletter.models import ConfirmationEmail

    _subscribe(client, django_capture_on_commit_callbacks)
    confirmation = ConfirmationEmail.objects.get()
    assert confirmation.state == ConfirmationEmail.State.SENT
    listing = admin_client.get("/admin/newsletter/confirmationemail/").content.decode()
    assert "nadia@example.com" in listing
    page = admin_client.get(f"/admin/newsletter/confirmationemail/{confirmation.pk}/change/")
    assert confirmation.token not in page.content.decode()  # a signed link stays unread
    ConfirmationEmail.objects.update(state=ConfirmationEmail.State.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/newsletter/confirmationemail/", {
            "action": "send_now", "_selected_action": [confirmation.pk],
        })  # fmt: skip
    assert len(smtp_server.messages) == 2
    assert ConfirmationEmail.objects.get().state == ConfirmationEmail.State.SENT


@pytest.mark.parametrize("role", ["Editors", "Sales"])
def test_staff_roles_do_not_see_the_confirmations_outbox(client, role):
    from tests.factories import user_in_group

    client.force_login(user_in_group(role, "someone"))
    assert client.get("/admin/newsletter/confirmationemail/").status_code == 403


# The spam defence is the lead form's (leads.spam.FormGuard)


def test_a_filled_honeypot_on_the_sign_up_form_is_refused_and_subscribes_nobody(
    client, django_capture_on_commit_callbacks
):
    response = _subscribe(client, django_capture_on_commit_callbacks, website="http://x.example")
    assert response.status_code == 400
    assert "could not accept this submission" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_refused_sign_up_form_comes_back_with_a_fresh_token_and_the_address(
    client, django_capture_on_commit_callbacks
):
    response = _subscribe(client, django_capture_on_commit_callbacks, form_token="forged")
    form = response.context["form"]
    assert response.status_code == 400
    assert form["email"].value() == "nadia@example.com"
    assert form["form_token"].value() not in ("", "forged")
