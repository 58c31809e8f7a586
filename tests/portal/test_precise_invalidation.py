"""One edit re-renders only what shows the story: the portal's page cache and memos keep
the keys they showed (portal/cache/edge.py) and miss only when one of them changed."""

import pytest
from django.utils import timezone

from articles.models import Article, DailyReads
from portal.cache import invalidate_content
from portal.cache.content import one_invalidation
from portal.cache.memo import memo
from tests.factories import DraftArticleFactory, PublishedArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def _edit(article, title):
    article.title = title
    article.save()


def test_editing_a_story_re_renders_its_page(client):
    story = PublishedArticleFactory(title="Old headline")
    client.get(story.get_absolute_url())
    _edit(story, "Corrected headline")
    response = client.get(story.get_absolute_url())
    assert response["X-Cache"] == "MISS"
    assert "Corrected headline" in response.content.decode()


def test_editing_a_story_leaves_the_pages_of_other_stories_stored(client):
    story, other = PublishedArticleFactory.create_batch(2)
    client.get(other.get_absolute_url())
    _edit(story, "Corrected headline")
    assert client.get(other.get_absolute_url())["X-Cache"] == "HIT"


def test_editing_a_story_re_renders_the_lists_showing_it(client):
    story = PublishedArticleFactory(title="Old headline")
    for url in ("/", "/news/"):
        client.get(url)
    _edit(story, "Corrected headline")
    for url in ("/", "/news/"):
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "Corrected headline" in response.content.decode(), url


def test_another_storys_page_shows_the_edit_in_its_most_read_list(client):
    """Most read is a memo on every story page: it carries the keys of its stories."""
    story, other = PublishedArticleFactory.create_batch(2)
    DailyReads.objects.create(article=story, day=timezone.localdate(), views=9)
    assert "Corrected headline" not in client.get(other.get_absolute_url()).content.decode()
    _edit(story, "Corrected headline")
    assert "Corrected headline" in client.get(other.get_absolute_url()).content.decode()


def test_a_new_story_re_renders_the_lists_and_their_counts(client, settings):
    PublishedArticleFactory.create_batch(settings.ARTICLES_PER_PAGE)
    draft = DraftArticleFactory(title="Fresh story")
    assert "?page=2" not in client.get("/news/").content.decode()
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    page = client.get("/news/").content.decode()
    assert "Fresh story" in page
    assert "?page=2" in page  # the count memo carries "news"


def test_a_change_to_a_section_re_renders_every_page(client):
    story, other = PublishedArticleFactory.create_batch(2)
    client.get(other.get_absolute_url())
    section = SectionFactory()
    section.name = "Renamed"
    section.save()
    assert client.get(other.get_absolute_url())["X-Cache"] == "MISS"


def test_a_memo_is_worked_out_again_only_when_a_key_it_showed_changes():
    computed = []

    def compute():
        computed.append(1)
        return "value"

    memo("probe", compute, keys=["article-1"])
    invalidate_content(["article-2"])
    memo("probe", compute, keys=["article-1"])
    assert len(computed) == 1
    invalidate_content(["article-1"])
    memo("probe", compute, keys=["article-1"])
    assert len(computed) == 2


def test_a_bulk_load_invalidates_once_at_its_end(client):
    story = PublishedArticleFactory()
    client.get("/news/")
    with one_invalidation():
        _edit(story, "Loaded in bulk")
        assert client.get("/news/")["X-Cache"] == "HIT"  # held back until the end
    response = client.get("/news/")
    assert response["X-Cache"] == "MISS"
    assert "Loaded in bulk" in response.content.decode()
