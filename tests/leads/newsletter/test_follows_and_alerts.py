"""Following a company, deal, section or tag, and the alert when a story about it is
published: once, to confirmed followers only, with one-click unsubscribe headers."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from articles.models import Article
from leads.newsletter.models import Delivery, Follow, Subscriber
from leads.newsletter.tasks import newsletter_tick
from tests.factories import CompanyFactory, PublishedArticleFactory, SectionFactory
from tests.leads.helpers import aged_token

pytestmark = pytest.mark.django_db
CONFIRM = re.compile(r"http://\S+(/newsletter/confirm/\S+/)")


@pytest.fixture
def btr(db):
    return CompanyFactory(name="BTR New Material Group", slug="btr-new-material-group")


def _follow(subscriber, obj):
    return Follow.objects.create(
        subscriber=subscriber, object_id=obj.pk,
        content_type=ContentType.objects.get_for_model(obj),
        created_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip


def _story_about(company, **fields):
    story = PublishedArticleFactory(published_at=timezone.now(), **fields)
    story.companies.add(company)
    return story


def test_company_page_offers_to_follow_it(client, btr):
    page = client.get("/companies/btr-new-material-group/").content.decode()
    assert "/newsletter/follow/?kind=company&amp;slug=btr-new-material-group" in page


def test_section_and_tag_pages_offer_to_follow_them(client):
    section = SectionFactory(slug="battery-materials")
    PublishedArticleFactory(section=section, tags=["Anode"])
    assert "kind=section&amp;slug=battery-materials" in client.get(
        "/sections/battery-materials/").content.decode()  # fmt: skip
    assert "kind=tag&amp;slug=anode" in client.get("/tags/anode/").content.decode()


def test_following_is_confirmed_from_the_email(
    client, btr, smtp_server, django_capture_on_commit_callbacks
):
    url = "/newsletter/follow/?kind=company&slug=btr-new-material-group"
    assert "Follow BTR New Material Group" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/newsletter/follow/", {
            "email": "nadia@example.com", "consent": "on", "form_token": aged_token(),
            "kind": "company", "slug": "btr-new-material-group",
        })  # fmt: skip
    assert response["Location"] == "/newsletter/check-your-inbox/"
    body = smtp_server.messages[0].content.decode()
    assert "to follow BTR New Material Group" in body
    assert not Follow.objects.exists()
    client.post(CONFIRM.search(body).group(1))
    [follow] = Follow.objects.all()
    assert follow.followed == btr
    subscriber = Subscriber.objects.get()
    assert (subscriber.daily, subscriber.weekly) == (False, False)  # alerts only


def test_nothing_to_follow_is_a_404(client):
    assert client.get("/newsletter/follow/?kind=company&slug=nobody").status_code == 404
    assert client.get("/newsletter/follow/?kind=user&slug=admin").status_code == 404


def test_a_story_about_a_followed_company_is_alerted_once(btr, make_subscriber, mailoutbox):
    follower = make_subscriber("nadia@example.com", daily=False)
    _follow(follower, btr)
    make_subscriber("other@example.com")  # follows nothing
    _story_about(btr, title="BTR opens its Tangier plant")
    newsletter_tick()
    newsletter_tick()
    [message] = mailoutbox
    assert message.to == ["nadia@example.com"]
    assert message.subject == "BTR New Material Group: BTR opens its Tangier plant"
    assert "BTR opens its Tangier plant" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Delivery.objects.get().state == Delivery.State.SENT


def test_no_alert_for_a_story_published_before_the_follow(btr, make_subscriber, mailoutbox):
    follower = make_subscriber("nadia@example.com")
    _story_about(btr, title="Old news")
    Article.objects.update(published_at=timezone.now() - timedelta(hours=3))
    _follow(follower, btr)
    newsletter_tick()
    assert mailoutbox == []


def test_a_scheduled_story_alerts_once_it_goes_live(btr, make_subscriber, mailoutbox):
    _follow(make_subscriber("nadia@example.com"), btr)
    story = _story_about(btr, title="Due later")
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() + timedelta(hours=1))
    newsletter_tick()
    assert mailoutbox == []
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now())
    newsletter_tick()
    assert [m.subject for m in mailoutbox] == ["BTR New Material Group: Due later"]


def test_unconfirmed_or_unsubscribed_followers_get_no_alert(btr, make_subscriber, mailoutbox):
    gone = make_subscriber("gone@example.com")
    _follow(gone, btr)
    gone.unsubscribe()
    waiting = Subscriber.objects.create(email="waiting@example.com")  # never confirmed
    _follow(waiting, btr)
    _story_about(btr)
    newsletter_tick()
    assert mailoutbox == []


def test_one_click_unsubscribe_from_the_alerts_headers(client, btr, make_subscriber, mailoutbox):
    _follow(make_subscriber("nadia@example.com"), btr)
    _story_about(btr)
    newsletter_tick()
    header = mailoutbox[0].extra_headers["List-Unsubscribe"]
    path = re.search(r"<https?://[^/]+(/newsletter/unsubscribe/\S+/)>", header).group(1)
    client.post(path, "List-Unsubscribe=One-Click",
                content_type="application/x-www-form-urlencoded")  # fmt: skip
    _story_about(btr, title="Another one")
    newsletter_tick()
    assert len(mailoutbox) == 1


def test_a_follow_is_dropped_on_the_preferences_page(client, btr, make_subscriber):
    from leads.newsletter import links

    subscriber = make_subscriber("nadia@example.com")
    follow = _follow(subscriber, btr)
    path = links.preferences_url(subscriber)
    assert "BTR New Material Group" in client.get(path).content.decode()
    client.post(path, {"daily": "on"})
    assert not Follow.objects.filter(pk=follow.pk).exists()


def test_a_tag_can_be_followed_too(client, smtp_server, django_capture_on_commit_callbacks):
    PublishedArticleFactory(tags=["Anode"])
    page = client.get("/newsletter/follow/?kind=tag&slug=anode").content.decode()
    assert "Follow Anode" in page and 'href="/tags/anode/"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/follow/", {"email": "nadia@example.com", "consent": "on",
                                            "form_token": aged_token(), "kind": "tag",
                                            "slug": "anode"})  # fmt: skip
    body = smtp_server.messages[0].content.decode()
    page = client.post(CONFIRM.search(body).group(1)).content.decode()
    assert "An alert comes when we publish a story about: Anode" in page
