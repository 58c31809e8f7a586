"""Cache keys follow the release: a deploy never reads what an older release stored."""

import pytest

from portal.cache import content


@pytest.fixture
def source(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "portal").mkdir()
    (tmp_path / "templates" / "card.html").write_text("<p>{{ title }}</p>")
    (tmp_path / "portal" / "views.py").write_text("VALUE = 1\n")
    return tmp_path


def _digest(folder):
    return content.release_digest(folder, folders=("portal", "templates"))


def test_the_release_changes_when_a_template_changes(source):
    before = _digest(source)
    (source / "templates" / "card.html").write_text("<h2>{{ title }}</h2>")
    assert _digest(source) != before


def test_the_release_changes_when_code_changes(source):
    before = _digest(source)
    (source / "portal" / "views.py").write_text("VALUE = 2\n")
    assert _digest(source) != before


def test_the_release_stays_while_the_files_do(source):
    assert _digest(source) == _digest(source)


def test_the_release_changes_with_where_media_is_served(source, settings):
    before = _digest(source)
    settings.MEDIA_URL = "https://media.example.com/"
    assert _digest(source) != before


def test_the_release_is_computed_once_per_process(monkeypatch):
    calls = []
    monkeypatch.setattr(content, "_release", None)
    monkeypatch.setattr(content, "release_digest", lambda: calls.append(1) or "abc")
    assert content.release() == content.release() == "abc"
    assert len(calls) == 1


def test_every_cache_key_starts_with_the_release(monkeypatch):
    monkeypatch.setattr(content, "_release", "r1")
    assert content.key("page", "x").startswith("r1:")
    monkeypatch.setattr(content, "_release", "r2")
    assert content.key("page", "x").startswith("r2:")


@pytest.mark.django_db
def test_a_page_cached_by_another_release_is_not_served(client, settings, monkeypatch):
    from tests.factories import PublishedArticleFactory

    settings.PAGE_CACHE_SECONDS = 60
    PublishedArticleFactory()
    monkeypatch.setattr(content, "_release", "old-release")
    client.get("/news/")
    monkeypatch.setattr(content, "_release", "new-release")
    assert client.get("/news/")["X-Cache"] == "MISS"
