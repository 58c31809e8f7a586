"""What the portal sends the edge cache: the keys of every response, and a purge after
every change readers can see, through the task queue; an edge that is down never fails
a save. (The edge itself, Varnish, is run by test_edge.py.)"""

import http.server
import threading

import pytest

from tests.factories import DraftArticleFactory, PublishedArticleFactory
from tests.servers import free_port

pytestmark = pytest.mark.django_db


class PurgeCatcher(http.server.BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        PurgeCatcher.received.append((self.server.server_port, self.headers["xkey-purge"]))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"Purged 1")

    def log_message(self, *args):
        pass


@pytest.fixture
def edges(settings):
    """Two edges catching purges; their addresses are the purge settings."""
    PurgeCatcher.received = []
    servers = [http.server.HTTPServer(("127.0.0.1", 0), PurgeCatcher) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{s.server_port}" for s in servers]
    yield servers
    for server in servers:
        server.shutdown()


def _keys(response):
    return set(response.headers["xkey"].split())


def _purged(capture, item, **changes):
    """Change `item`'s fields and save it, committed; return the set of keys purged."""
    PurgeCatcher.received = []
    with capture(execute=True):
        for name, value in changes.items():
            setattr(item, name, value)
        item.save()
    return {key for _, keys in PurgeCatcher.received for key in keys.split()}


def test_every_page_names_all_the_list_it_is_and_the_stories_it_shows(client):
    story = PublishedArticleFactory()
    assert {"all", "front", f"article-{story.pk}"} <= _keys(client.get("/"))
    section = _keys(client.get(story.section.get_absolute_url()))
    assert {f"section-{story.section.pk}", f"article-{story.pk}"} <= section
    assert {f"article-{story.pk}"} <= _keys(client.get(story.get_absolute_url()))
    assert {"feeds", f"article-{story.pk}"} <= _keys(client.get("/feeds/latest/"))
    assert "front" not in _keys(client.get("/companies/"))


def test_an_edit_of_a_published_story_purges_only_the_pages_showing_it_at_every_edge(
    edges, django_capture_on_commit_callbacks
):
    story = PublishedArticleFactory()
    PurgeCatcher.received = []
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Corrected"
        story.save()
    assert sorted(port for port, _ in PurgeCatcher.received) == sorted(s.server_port for s in edges)
    assert {keys for _, keys in PurgeCatcher.received} == {f"article-{story.pk} search"}


def test_a_publication_purges_the_lists_the_story_appears_on(
    edges, django_capture_on_commit_callbacks
):
    story = DraftArticleFactory()
    story.tags.add("Cathode")
    keys = _purged(django_capture_on_commit_callbacks, story, status="published")
    tag = story.tags.get()
    assert {f"article-{story.pk}", "front", "news", "feeds", "sitemaps", "search",
            f"section-{story.section_id}", f"tag-{tag.pk}"} <= keys  # fmt: skip
    assert "all" not in keys


def test_a_translations_publication_purges_the_page_of_its_source(
    edges, django_capture_on_commit_callbacks
):
    """The English story's page links to its Chinese version once that is published."""
    story = PublishedArticleFactory()
    translation = DraftArticleFactory(
        section=story.section, language="zh-hans", translation_key=story.translation_key
    )
    purged = _purged(django_capture_on_commit_callbacks, translation, status="published")
    assert f"article-{story.pk}" in purged


def test_a_new_slug_purges_the_sitemaps_listing_the_old_link(
    edges, django_capture_on_commit_callbacks
):
    """Sitemaps list links, not cards: a new slug (and its redirect) reaches them too."""
    story = PublishedArticleFactory()
    purged = _purged(django_capture_on_commit_callbacks, story, slug="a-better-slug")
    assert purged & {"sitemaps", "all"}


def test_any_other_change_readers_see_purges_everything(edges, django_capture_on_commit_callbacks):
    story = PublishedArticleFactory()
    assert _purged(django_capture_on_commit_callbacks, story.section, name="Renamed") == {"all"}


def test_a_drafts_autosave_purges_nothing(edges, django_capture_on_commit_callbacks):
    draft = DraftArticleFactory()
    assert _purged(django_capture_on_commit_callbacks, draft, body="More words.") == set()


def test_an_edge_that_is_down_never_fails_a_save(settings, django_capture_on_commit_callbacks):
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{free_port()}"]  # nobody listens
    story = PublishedArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Saved all the same"
        story.save()
    story.refresh_from_db()
    assert story.title == "Saved all the same"


def test_the_purge_task_retries_while_the_edge_is_down(settings):
    from celery.exceptions import Retry

    from portal.cache.tasks import purge_edge

    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{free_port()}"]
    with pytest.raises(Retry):
        purge_edge.apply(args=[["all"]], throw=True)
