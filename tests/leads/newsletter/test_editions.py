"""Editions: assembled from the period's stories, adjusted by an editor, sent at their
time to each subscriber of their kind once, resumable, with progress in the admin."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from leads.newsletter import editions, sending
from leads.newsletter.models import Delivery, Edition, EditionItem
from leads.newsletter.tasks import newsletter_tick
from tests.factories import PublishedArticleFactory, SectionFactory, user_in_group

pytestmark = pytest.mark.django_db


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime(2026, 11, day, hour, minute))  # a past week


@pytest.fixture
def stories(settings):
    """Stories of Wednesday 25 November 2026, before the 06:00 briefing of Thursday."""
    settings.NEWSLETTER_RATE = 0
    materials, storage = SectionFactory(name="Materials"), SectionFactory(name="Storage")
    made = [
        PublishedArticleFactory(title=f"Materials story {n}", section=materials,
                                published_at=_at(25, 8 + n))
        for n in range(5)
    ] + [PublishedArticleFactory(title="Storage story", section=storage,
                                 published_at=_at(25, 9), is_featured=True)]  # fmt: skip
    PublishedArticleFactory(title="Too old", published_at=_at(24, 4))
    return made


@pytest.fixture
def edition(stories):
    return editions.prepare(Edition.Kind.DAILY, now=_at(26, 4))


def test_the_briefing_is_prepared_hours_before_its_time_from_the_periods_stories(edition):
    assert editions.prepare(Edition.Kind.DAILY, now=_at(25, 22)) is None  # too early
    assert edition.send_at == _at(26, 6)
    titles = [story.title for story in edition.stories()]
    assert titles[0] == "Storage story"  # the featured story leads
    assert titles.count("Materials story 4") == 1 and "Too old" not in titles
    assert len([t for t in titles if t.startswith("Materials")]) == editions.PER_SECTION
    assert edition.subject == "Daily briefing: Storage story"
    assert editions.prepare(Edition.Kind.DAILY, now=_at(26, 5)) is None  # once a period


def test_the_weekly_digest_goes_on_saturdays(settings):
    assert editions.next_send_time(Edition.Kind.WEEKLY, _at(25, 12)) == _at(28, 8)
    assert editions.next_send_time(Edition.Kind.DAILY, _at(27, 12)) == _at(30, 6)  # Monday


def test_an_edition_goes_at_its_time_to_its_subscribers_once(
    edition, make_subscriber, mailoutbox, settings
):
    make_subscriber("daily@example.com", daily=True)
    make_subscriber("weekly@example.com", daily=False, weekly=True)
    Edition.objects.filter(pk=edition.pk).update(send_at=timezone.now() - timedelta(minutes=1))
    newsletter_tick()
    newsletter_tick()
    [message] = mailoutbox
    assert message.to == ["daily@example.com"]
    html = message.alternatives[0][0]
    assert "Storage story" in html and "View in your browser" in html
    assert "Storage story" in message.body  # the plain-text part
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    edition.refresh_from_db()
    assert edition.state == Edition.State.SENT


def test_editors_reorder_drop_add_and_introduce_before_it_goes(
    edition, editor_client, make_subscriber, mailoutbox
):
    extra = PublishedArticleFactory(title="An editor's pick")
    items = list(edition.items.order_by("position"))
    data = {
        "subject": "Our pick today", "intro": "Good morning from the desk.",
        "send_at_0": "2026-11-26", "send_at_1": "06:00:00",
        "items-TOTAL_FORMS": len(items) + 1, "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for n, item in enumerate(items):
        row = {"id": item.pk, "edition": edition.pk, "position": 10 - n, "article": item.article_id}
        data.update({f"items-{n}-{name}": value for name, value in row.items()})
    data[f"items-{len(items) - 1}-DELETE"] = "on"  # drop the last
    data.update({f"items-{len(items)}-position": 0, f"items-{len(items)}-article": extra.pk})
    response = editor_client.post(f"/admin/newsletter/edition/{edition.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    titles = [story.title for story in edition.stories()]
    assert titles[0] == "An editor's pick"
    assert len(titles) == len(items)
    edition.refresh_from_db()
    assert edition.intro == "Good morning from the desk."


def test_editors_preview_and_send_themselves_a_test(edition, client, mailoutbox):
    editor = user_in_group("Editors", "eddie")
    editor.email = "eddie@example.com"
    editor.save()
    client.force_login(editor)
    preview = client.get(f"/admin/newsletter/edition/{edition.pk}/preview/").content.decode()
    assert "Storage story" in preview
    client.post("/admin/newsletter/edition/", {"action": "send_test",
                                               "_selected_action": [edition.pk]})  # fmt: skip
    assert [m.to for m in mailoutbox] == [["eddie@example.com"]]
    assert mailoutbox[0].subject.startswith("[Test] ")


def test_sales_cannot_see_editions(edition, sales_client):
    assert sales_client.get("/admin/newsletter/edition/").status_code == 403


def test_a_held_edition_does_not_go(edition, make_subscriber, mailoutbox):
    make_subscriber("daily@example.com")
    Edition.objects.filter(pk=edition.pk).update(
        state=Edition.State.HELD, send_at=timezone.now() - timedelta(minutes=1)
    )
    newsletter_tick()
    assert mailoutbox == []


def test_a_send_stopped_half_way_goes_on_without_doubles_or_gaps(
    edition, make_subscriber, mailoutbox
):
    readers = [make_subscriber(f"reader{n}@example.com").email for n in range(7)]
    assert sending.queue_edition(edition) == 7
    assert sending.send_batch(limit=3) == 3  # then the worker stops (a crash, a deploy)
    assert sending.queue_edition(edition) == 7  # queueing again doubles nobody
    assert sending.send_batch(limit=100) == 4
    assert sorted(m.to[0] for m in mailoutbox) == sorted(readers)
    assert sending.progress(edition)["sent"] == 7


def test_someone_who_unsubscribes_while_it_is_sending_is_skipped(
    edition, make_subscriber, mailoutbox
):
    stays, leaves = make_subscriber("stays@example.com"), make_subscriber("leaves@example.com")
    sending.queue_edition(edition)
    leaves.unsubscribe()
    sending.send_batch()
    assert [m.to for m in mailoutbox] == [["stays@example.com"]]
    assert Delivery.objects.get(subscriber=leaves).state == Delivery.State.SKIPPED
    assert stays


def test_the_edition_in_a_browser(client, edition, make_subscriber):
    assert client.get(f"/newsletter/editions/{edition.pk}/").status_code == 404  # not sent yet
    sending.queue_edition(edition)
    page = client.get(f"/newsletter/editions/{edition.pk}/").content.decode()
    assert "Storage story" in page


def test_progress_shows_in_the_admin(admin_client, edition, make_subscriber):
    make_subscriber("a@example.com")
    make_subscriber("b@example.com")
    sending.queue_edition(edition)
    sending.send_batch(limit=1)
    page = admin_client.get(f"/admin/newsletter/edition/{edition.pk}/change/").content.decode()
    assert re.search(r"Queued: 1, Sent: 1, Failed: 0", page)


def test_no_edition_without_stories(db):
    assert editions.prepare(Edition.Kind.DAILY, now=_at(26, 4)) is None
    assert not Edition.objects.exists() and not EditionItem.objects.exists()


def test_an_edition_that_went_out_stays_as_it_was(edition, editor_client, make_subscriber):
    make_subscriber("a@example.com")
    sending.queue_edition(edition)
    page = editor_client.get(f"/admin/newsletter/edition/{edition.pk}/change/").content.decode()
    assert 'name="subject"' not in page and 'name="items-0-article"' not in page


def test_a_first_monday_briefing_holds_fridays_and_the_weekends_stories(db):
    PublishedArticleFactory(title="Friday story", published_at=_at(27, 9))  # Friday
    PublishedArticleFactory(title="Sunday story", published_at=_at(29, 9))
    edition = editions.prepare(Edition.Kind.DAILY, now=_at(30, 4))  # Monday
    assert edition.period_start == _at(27, 6)
    assert {story.title for story in edition.stories()} == {"Friday story", "Sunday story"}
