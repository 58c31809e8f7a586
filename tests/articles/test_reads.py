"""Most read: readings counted on cached and uncached pages, bots and staff left out."""

import pytest
from django.core.cache import cache
from django.db import OperationalError

from articles import reads
from articles.models import DailyReads
from tests.factories import DraftArticleFactory, PublishedArticleFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36"}


def _reads(article):
    return sum(DailyReads.objects.filter(article=article).values_list("views", flat=True))


def test_readings_served_from_the_page_cache_are_counted(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    article = PublishedArticleFactory()
    answers = [client.get(article.get_absolute_url(), **READER) for _ in range(5)]
    assert [a.get("X-Cache") for a in answers] == ["MISS"] + ["HIT"] * 4
    assert reads.flush() == 5
    assert _reads(article) == 5


def test_the_reading_mark_never_reaches_the_reader(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    article = PublishedArticleFactory()
    for _ in range(2):
        assert reads.READ_HEADER not in client.get(article.get_absolute_url(), **READER)


@pytest.mark.parametrize(
    "agent", ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "",
              "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0 Safari/537.36"],
)  # fmt: skip
def test_bots_and_tools_are_not_counted(client, agent):
    article = PublishedArticleFactory()
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent)
    reads.flush()
    assert _reads(article) == 0


def test_prefetches_are_not_counted(client):
    article = PublishedArticleFactory()
    client.get(article.get_absolute_url(), HTTP_SEC_PURPOSE="prefetch", **READER)
    reads.flush()
    assert _reads(article) == 0


def test_staff_readings_and_previews_are_not_counted(client):
    article = PublishedArticleFactory()
    draft = DraftArticleFactory()
    client.force_login(StaffUserFactory(is_superuser=True))
    client.get(article.get_absolute_url(), **READER)
    client.get(draft.get_preview_url(), **READER)
    reads.flush()
    assert DailyReads.objects.count() == 0


def test_readings_are_stored_by_requests_once_the_interval_has_passed(client, settings):
    settings.READS_FLUSH_SECONDS = 0
    article = PublishedArticleFactory()
    client.get(article.get_absolute_url(), **READER)
    client.get(article.get_absolute_url(), **READER)
    assert _reads(article) == 2


def test_readings_are_kept_when_the_database_is_away_and_stored_later(client, monkeypatch):
    article = PublishedArticleFactory()
    client.get(article.get_absolute_url(), **READER)

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patched:
        patched.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
        assert reads.flush() == 0
    assert reads.flush() == 1
    assert _reads(article) == 1


def test_front_page_lists_the_most_read_stories_of_the_week_most_read_first(client):
    quiet, popular = (
        PublishedArticleFactory(title="Quiet story"),
        PublishedArticleFactory(title="Popular story"),
    )
    for article, times in [(quiet, 1), (popular, 3)]:
        for _ in range(times):
            client.get(article.get_absolute_url(), **READER)
    reads.flush()
    cache.clear()  # the list is kept for MOST_READ_SECONDS; this is the page after that
    html = client.get("/").content.decode()
    block = html[html.index('id="most-read-title"') :]
    assert block.index("Popular story") < block.index("Quiet story")


def test_an_unpublished_story_leaves_most_read(client):
    article = PublishedArticleFactory(title="Withdrawn story")
    client.get(article.get_absolute_url(), **READER)
    reads.flush()
    article.status = article.Status.DRAFT
    article.save()
    assert reads.most_read() == []
