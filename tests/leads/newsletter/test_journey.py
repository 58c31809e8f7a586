"""The newsletter's "done when", end to end over HTTP with a real SMTP server: a reader
subscribes and confirms from the e-mail, follows BTR New Material Group, gets an alert
when a story about BTR is published and the next briefing at its time, and leaves with
one click from the message's headers."""

import email
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from leads.newsletter import editions
from leads.newsletter.models import Edition
from leads.newsletter.tasks import newsletter_tick
from tests.factories import CompanyFactory, PublishedArticleFactory
from tests.leads.helpers import aged_token

pytestmark = pytest.mark.django_db
CONFIRM = re.compile(r"http://\S+(/newsletter/confirm/\S+/)")


def _messages(sink, to="nadia@example.com"):
    return [email.message_from_bytes(m.content) for m in sink.messages if m.rcpt_tos == [to]]


def _confirm_link(message):
    return CONFIRM.search(message.get_payload(decode=True).decode()).group(1)


def _html(message):
    return next(
        part.get_payload(decode=True).decode()
        for part in message.walk() if part.get_content_type() == "text/html"
    )  # fmt: skip


def test_subscribe_confirm_follow_alert_briefing_and_one_click_unsubscribe(
    client, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_RATE = 0
    CompanyFactory(name="BTR New Material Group", slug="btr-new-material-group")
    capture = django_capture_on_commit_callbacks

    # Subscribe from the footer's box, then confirm from the e-mail.
    assert 'value="nadia@example.com"' in client.get(
        "/newsletter/?email=nadia@example.com").content.decode()  # fmt: skip
    with capture(execute=True):
        client.post("/newsletter/", {"email": "nadia@example.com", "daily": "on",
                                     "consent": "on", "form_token": aged_token()})  # fmt: skip
    [confirmation] = _messages(smtp_server)
    assert "You are subscribed" in client.post(_confirm_link(confirmation)).content.decode()

    # Follow BTR from its profile, confirmed from the e-mail too.
    follow = client.get("/companies/btr-new-material-group/").content.decode()
    path = re.search(r'href="(/newsletter/follow/\?[^"]+)"', follow).group(1)
    assert (
        "Follow BTR New Material Group" in client.get(path.replace("&amp;", "&")).content.decode()
    )
    from django.core.cache import cache

    cache.clear()  # the ten minutes between two confirmation e-mails to one address
    with capture(execute=True):
        client.post("/newsletter/follow/", {
            "email": "nadia@example.com", "consent": "on", "form_token": aged_token(),
            "kind": "company", "slug": "btr-new-material-group",
        })  # fmt: skip
    client.post(_confirm_link(_messages(smtp_server)[-1]))

    # A story about BTR is published: an alert.
    story = PublishedArticleFactory(title="BTR starts building in Tangier",
                                    published_at=timezone.now())  # fmt: skip
    story.companies.add(CompanyFactory(slug="btr-new-material-group"))
    newsletter_tick()
    alert = _messages(smtp_server)[-1]
    assert alert["Subject"] == "BTR New Material Group: BTR starts building in Tangier"

    # The next briefing, prepared before its time, goes at its time.
    # (The tick above prepared it already when the test runs within the preparation
    # hours before the send time; otherwise it is prepared here.)
    send_at = editions.next_send_time(Edition.Kind.DAILY)
    editions.prepare(Edition.Kind.DAILY, now=send_at - timedelta(hours=1))
    edition = Edition.objects.get(kind=Edition.Kind.DAILY, period_end=send_at)
    Edition.objects.filter(pk=edition.pk).update(send_at=timezone.now())
    newsletter_tick()
    briefing = _messages(smtp_server)[-1]
    assert briefing["Subject"] == "Daily briefing: BTR starts building in Tangier"
    assert "BTR starts building in Tangier" in _html(briefing)
    assert briefing["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # One click from the headers, as a mail program does it: nothing more comes.
    link = re.search(r"<https?://[^/]+(/\S+)>", briefing["List-Unsubscribe"]).group(1)
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    ).status_code == 200  # fmt: skip
    received = len(smtp_server.messages)
    another = PublishedArticleFactory(title="BTR again", published_at=timezone.now())
    another.companies.add(CompanyFactory(slug="btr-new-material-group"))
    newsletter_tick()
    assert len(smtp_server.messages) == received
