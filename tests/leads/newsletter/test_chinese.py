"""The newsletter in each subscriber's language: chosen at sign-up (the page's edition by
default) and in the preferences; editions assembled per language; alerts in the
subscriber's language when the story exists in it; pages and e-mails in both."""

import email
import email.policy
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from articles.models import Article
from leads.newsletter import editions
from leads.newsletter.models import Delivery, Edition, Follow, Subscriber
from leads.newsletter.tasks import newsletter_tick
from portal.publishing.models import Status
from tests.factories import CompanyFactory, PublishedArticleFactory, SectionFactory
from tests.leads.helpers import aged_token

pytestmark = pytest.mark.django_db
CONFIRM = re.compile(r"http://\S+(/zh/newsletter/confirm/\S+/)")


def _at(day, hour):
    return timezone.make_aware(datetime(2026, 11, day, hour))  # a past week


def _chinese_version(story, title, published_at=None):
    version = story.start_version("zh-hans")
    version.title = title
    if published_at is not None:
        version.status, version.published_at = Status.PUBLISHED, published_at
    version.save()
    return version


def _follow(subscriber, obj):
    return Follow.objects.create(
        subscriber=subscriber, object_id=obj.pk,
        content_type=ContentType.objects.get_for_model(obj),
        created_at=timezone.now() - timedelta(hours=3),
    )  # fmt: skip


def _sign_up_on_zh(client, capture, **choices):
    with capture(execute=True):
        return client.post("/zh/newsletter/", {
            "email": "li.wei@example.com", "daily": "on", "consent": "on",
            "form_token": aged_token(), **choices,
        })  # fmt: skip


def test_the_chinese_sign_up_page_is_in_chinese_and_offers_chinese_emails(client):
    page = client.get("/zh/newsletter/").content.decode()
    assert "新闻简报" in page and "每日简报（工作日早间）" in page
    assert re.search(r'<input[^>]*value="zh-hans"[^>]*checked', page)  # the page's edition
    assert "向我发送新闻简报" in page  # the consent text of the Chinese edition


def test_a_sign_up_on_zh_gets_the_chinese_confirmation_and_subscribes_in_chinese(
    client, smtp_server, django_capture_on_commit_callbacks
):
    response = _sign_up_on_zh(client, django_capture_on_commit_callbacks)
    assert response["Location"] == "/zh/newsletter/check-your-inbox/"
    [envelope] = smtp_server.messages
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    body = message.get_content()
    assert "请确认订阅" in message["Subject"] and "如需确认" in body
    page = client.post(CONFIRM.search(body).group(1)).content.decode()
    assert "订阅成功" in page
    subscriber = Subscriber.objects.get()
    assert subscriber.language == "zh-hans"
    assert subscriber.consents.get().language == "zh-hans"  # the text they agreed to


def test_a_reader_on_zh_may_choose_english_emails(
    client, smtp_server, django_capture_on_commit_callbacks
):
    _sign_up_on_zh(client, django_capture_on_commit_callbacks, language="en-gb")
    body = smtp_server.messages[0].content.decode()  # ASCII: not encoded
    assert "To confirm, open this link" in body
    client.post(re.search(r"http://\S+(/newsletter/confirm/\S+/)", body).group(1))
    subscriber = Subscriber.objects.get()
    assert subscriber.language == "en-gb"
    assert subscriber.consents.get().language == "zh-hans"  # the form's text was Chinese


def test_an_unknown_language_is_refused_with_a_clear_message(client):
    response = client.post("/zh/newsletter/", {
        "email": "li.wei@example.com", "daily": "on", "consent": "on",
        "form_token": aged_token(), "language": "klingon",
    })  # fmt: skip
    assert response.status_code == 200
    assert "klingon 不在可用的选项中" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_the_language_is_changed_in_the_preferences(client, make_subscriber):
    from leads.newsletter import links

    subscriber = make_subscriber("li.wei@example.com")
    url = "/zh" + links.preferences_url(subscriber)
    assert "邮件语言" in client.get(url).content.decode()
    client.post(url, {"daily": "on", "language": "zh-hans"})
    subscriber.refresh_from_db()
    assert subscriber.language == "zh-hans"


@pytest.fixture
def period_stories(settings):
    """Wednesday 25 November 2026: one story translated, one not, one Chinese only."""
    settings.NEWSLETTER_RATE = 0
    section = SectionFactory(name="Materials", name_zh_hans="材料")
    translated = PublishedArticleFactory(
        title="BTR signs for Tangier", section=section, published_at=_at(25, 9),
        is_featured=True,
    )  # fmt: skip
    _chinese_version(translated, "贝特瑞签约丹吉尔", published_at=_at(25, 11))
    PublishedArticleFactory(title="Anode prices slip", section=section, published_at=_at(25, 10))
    return translated


def test_each_language_has_its_own_edition_of_the_briefing(period_stories):
    english = editions.prepare(Edition.Kind.DAILY, now=_at(26, 4))
    chinese = editions.prepare(Edition.Kind.DAILY, now=_at(26, 4), language="zh-hans")
    assert [s.title for s in english.stories()] == ["BTR signs for Tangier", "Anode prices slip"]
    assert [s.title for s in chinese.stories()] == ["贝特瑞签约丹吉尔", "Anode prices slip"]
    assert chinese.subject == "每日简报：贝特瑞签约丹吉尔"
    assert english.subject == "Daily briefing: BTR signs for Tangier"


def test_each_subscriber_gets_the_edition_of_their_language_once(
    period_stories, make_subscriber, mailoutbox
):
    make_subscriber("english@example.com")
    li = make_subscriber("li.wei@example.com")
    Subscriber.objects.filter(pk=li.pk).update(language="zh-hans")
    for language in ("en-gb", "zh-hans"):
        editions.prepare(Edition.Kind.DAILY, now=_at(26, 4), language=language)
    Edition.objects.update(send_at=timezone.now() - timedelta(minutes=1))
    newsletter_tick()
    newsletter_tick()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == 2
    chinese = by_address["li.wei@example.com"]
    html = chinese.alternatives[0][0]
    assert chinese.subject == "每日简报：贝特瑞签约丹吉尔"
    assert "在浏览器中查看" in html and "退订" in html
    assert 'lang="en"' in html and "Anode prices slip" in html and "英文" in html
    assert "/zh/newsletter/preferences/" in chinese.body  # their links, in their edition
    assert "/zh/newsletter/unsubscribe/" in chinese.extra_headers["List-Unsubscribe"]
    assert "BTR signs for Tangier" in by_address["english@example.com"].body


def test_a_chinese_version_already_sent_is_not_sent_again(period_stories):
    editions.prepare(Edition.Kind.DAILY, now=_at(26, 4), language="zh-hans")
    story = PublishedArticleFactory(title="Next day", published_at=_at(26, 9))
    _chinese_version(story, "次日报道", published_at=_at(26, 10))
    # The English story of the 25th had its Chinese version published late, on the 26th:
    Article.objects.filter(title="贝特瑞签约丹吉尔").update(published_at=_at(26, 8))
    later = editions.prepare(Edition.Kind.DAILY, now=_at(27, 4), language="zh-hans")
    assert [s.title for s in later.stories()] == ["次日报道"]


def test_the_chinese_weekly_digest_holds_the_stories_of_the_weeks_chinese_briefings(
    period_stories,
):
    daily = editions.prepare(Edition.Kind.DAILY, now=_at(26, 4), language="zh-hans")
    weekly = editions.prepare(Edition.Kind.WEEKLY, now=_at(28, 6), language="zh-hans")
    assert [s.title for s in weekly.stories()] == [s.title for s in daily.stories()]


def test_a_chinese_edition_shows_in_the_chinese_pages(client, period_stories):
    edition = editions.prepare(Edition.Kind.DAILY, now=_at(26, 4), language="zh-hans")
    Edition.objects.filter(pk=edition.pk).update(state=Edition.State.SENT)
    assert edition.get_absolute_url() == f"/zh/newsletter/editions/{edition.pk}/"
    page = client.get(edition.get_absolute_url()).content.decode()
    assert "每日简报 · 2026年11月26日" in page and "英文" in page
    assert 'href="/" lang="en"' in page  # no English version: the switch goes to the front
    moved = client.get(f"/newsletter/editions/{edition.pk}/")
    assert moved.status_code == 301 and moved["Location"] == edition.get_absolute_url()


@pytest.fixture
def btr(db):
    return CompanyFactory(name="BTR New Material Group", name_zh_hans="贝特瑞")


def _story_about(company, title, **fields):
    story = PublishedArticleFactory(title=title, published_at=timezone.now(), **fields)
    story.companies.add(company)
    return story


@pytest.fixture
def followers(btr, make_subscriber):
    english, chinese = make_subscriber("english@example.com"), make_subscriber("li@example.com")
    Subscriber.objects.filter(pk=chinese.pk).update(language="zh-hans")
    for subscriber in (english, chinese):
        _follow(subscriber, btr)
    return english, chinese


def test_an_alert_goes_in_chinese_when_the_chinese_story_is_published(btr, followers, mailoutbox):
    story = _story_about(btr, "BTR signs for Tangier")
    version = _chinese_version(story, "贝特瑞签约丹吉尔")  # a draft: on its way
    newsletter_tick()
    newsletter_tick()
    assert [m.to for m in mailoutbox] == [["english@example.com"]]  # not Chinese yet
    Article.objects.filter(pk=version.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    newsletter_tick()
    newsletter_tick()
    chinese = mailoutbox[1]
    assert chinese.to == ["li@example.com"]
    assert chinese.subject == "贝特瑞：贝特瑞签约丹吉尔"
    assert "您关注了贝特瑞。" in chinese.body and "/zh/" in chinese.body
    assert len(mailoutbox) == 2  # nobody twice


def test_an_english_story_with_no_chinese_version_alerts_chinese_readers_in_english(
    btr, followers, mailoutbox
):
    _story_about(btr, "BTR results")
    newsletter_tick()
    newsletter_tick()
    chinese = next(m for m in mailoutbox if m.to == ["li@example.com"])
    assert chinese.subject == "贝特瑞：BTR results"
    story = Article.objects.get()
    _chinese_version(story, "贝特瑞业绩", published_at=timezone.now())  # translated later
    newsletter_tick()
    newsletter_tick()
    assert len(mailoutbox) == 2  # the late translation alerts nobody again
    assert Delivery.objects.count() == 2


def test_a_follower_who_signed_up_on_zh_gets_the_chinese_confirmation_and_alert(
    client, btr, smtp_server, django_capture_on_commit_callbacks
):
    btr.slug = "btr-new-material-group"
    btr.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/zh/newsletter/follow/", {
            "email": "li.wei@example.com", "consent": "on", "form_token": aged_token(),
            "kind": "company", "slug": "btr-new-material-group",
        })  # fmt: skip
    [envelope] = smtp_server.messages
    confirmation = email.message_from_bytes(envelope.content, policy=email.policy.default)
    body = confirmation.get_content()
    assert "关注贝特瑞" in body and "请确认订阅" in confirmation["Subject"]
    client.post(CONFIRM.search(body).group(1))
    Follow.objects.update(created_at=timezone.now() - timedelta(hours=1))
    story = _story_about(btr, "BTR signs for Tangier")
    _chinese_version(story, "贝特瑞签约丹吉尔", published_at=timezone.now())
    newsletter_tick()
    newsletter_tick()
    [_, envelope] = smtp_server.messages
    alert = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert alert["Subject"] == "贝特瑞：贝特瑞签约丹吉尔" and envelope.rcpt_tos == [
        "li.wei@example.com"
    ]
    assert "/zh/articles/" in alert.get_body(("plain",)).get_content()
