"""The writing surface: the server-rendered preview and autosave, through the admin."""

import filecmp
import json
import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Autosave
from tests.articles.test_workflow import _form_data, _loaded_version
from tests.factories import DraftArticleFactory, PublishedArticleFactory, user_in_group

pytestmark = pytest.mark.django_db
PREVIEW = "/admin/articles/article/preview-body/"
AUTOSAVE = "/admin/articles/article/autosave/"
ROOT = Path(__file__).resolve().parents[2]


def _client(group, name):
    client = Client()
    client.force_login(user_in_group(group, name))
    return client


# Preview


def test_preview_renders_the_body_as_readers_get_it(editor_client):
    body = "## Plant\n\nBTR **invests** in Tangier.<script>alert(1)</script>"
    data = editor_client.post(PREVIEW, {"body": body}).json()
    saved = DraftArticleFactory(body=body)
    assert data["html"] == saved.body_html
    assert "<strong>invests</strong>" in data["html"]
    assert "<script" not in data["html"]


def test_preview_counts_words_and_reading_minutes_as_the_article_page(editor_client):
    body = "word " * 461
    data = editor_client.post(PREVIEW, {"body": body}).json()
    saved = DraftArticleFactory(body=body)
    assert (data["words"], data["minutes"]) == (saved.word_count, saved.reading_minutes)
    assert (data["words"], data["minutes"]) == (461, 3)


def test_preview_is_for_writers_too(db):
    response = _client("Writers", "wanda").post(PREVIEW, {"body": "*Hi*"})
    assert response.json()["html"] == "<p><em>Hi</em></p>"


def test_preview_is_refused_to_sales_and_needs_a_post(editor_client):
    assert _client("Sales", "sam").post(PREVIEW, {"body": "x"}).status_code == 403
    assert editor_client.get(PREVIEW).status_code == 405


def test_the_article_form_offers_the_editor_toolbar_and_length_hints(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert '<markdown-toolbar for="id_body"' in page
    assert 'type="module"' in page and "markdown-toolbar-element/index.js" in page
    assert 'data-length-hint="60"' in page  # the title
    assert page.count('data-length-hint="155"') == 2  # standfirst and meta description


@pytest.mark.skipif(
    not (ROOT / "node_modules").exists() and not os.environ.get("CI"),
    reason="npm packages not installed (make node_modules/.installed)",
)
def test_the_vendored_toolbar_is_the_one_the_lock_file_installs():
    package = ROOT / "node_modules/@github/markdown-toolbar-element"
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    installed = json.loads((package / "package.json").read_text())["version"]
    assert installed == locked["node_modules/@github/markdown-toolbar-element"]["version"]
    assert filecmp.cmp(
        package / "dist/index.js",
        ROOT / "static/vendor/markdown-toolbar-element/index.js",
        shallow=False,
    )


# Autosave


def _autosave(client, article=None, **fields):
    data = {"article": article.pk if article else "", **fields}
    if article is not None:
        data.setdefault("loaded_version", article.updated_at.isoformat())
    return client.post(AUTOSAVE, data)


def test_autosave_keeps_the_text_apart_from_the_article(editor_client):
    article = PublishedArticleFactory(body="Old text")
    versions = article.history.count()
    response = _autosave(editor_client, article, body="New text", title="New title")
    assert response.status_code == 200
    kept = Autosave.objects.get(article=article)
    assert kept.fields["body"] == "New text"
    assert kept.base_version == article.updated_at.isoformat()
    changed = Article.objects.get(pk=article.pk)
    assert (changed.body, changed.updated_at) == ("Old text", article.updated_at)
    assert article.history.count() == versions


def test_autosaving_again_replaces_the_earlier_text(editor_client):
    article = DraftArticleFactory()
    _autosave(editor_client, article, body="First")
    _autosave(editor_client, article, body="Second")
    assert list(Autosave.objects.values_list("fields__body", flat=True)) == ["Second"]


def test_the_form_offers_an_autosaved_text_back(editor_client):
    article = DraftArticleFactory(body="Saved text")
    _autosave(editor_client, article, body="Text typed before the tab closed")
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.context["autosave"]["fields"]["body"] == "Text typed before the tab closed"
    assert "Restore it" in page.content.decode()


def test_a_new_story_is_autosaved_and_offered_back_on_the_add_form(editor_client):
    _autosave(editor_client, title="A story never saved", body="Its first lines")
    page = editor_client.get(reverse("admin:articles_article_add"))
    assert page.context["autosave"]["fields"]["title"] == "A story never saved"


def test_an_autosave_with_the_saved_text_is_not_offered(editor_client):
    article = DraftArticleFactory(body="Same")
    _autosave(editor_client, article, title=article.title, slug=article.slug, dek=article.dek,
              body="Same", meta_description="")  # fmt: skip
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "autosave" not in page.context
    assert not Autosave.objects.exists()


def test_saving_the_form_removes_the_autosave(editor_client):
    article = DraftArticleFactory()
    _autosave(editor_client, article, body="Draft text")
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(change_url, _form_data(article, body="Draft text"))
    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_autosaves_are_each_persons_own(editor_client):
    article = DraftArticleFactory()
    _autosave(editor_client, article, body="Eddie's text")
    other = _client("Editors", "olga")
    page = other.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "autosave" not in page.context


def test_a_restored_text_overtaken_by_another_save_is_refused(editor_client):
    article = PublishedArticleFactory(title="Shared story")
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    base = _loaded_version(editor_client.get(change_url))
    _autosave(editor_client, article, title="Eddie's title", loaded_version=base)
    other = _client("Editors", "olga")
    olga_opened = _loaded_version(other.get(change_url))
    other.post(change_url, _form_data(article, title="Olga's title", loaded_version=olga_opened))
    offered = editor_client.get(change_url).context["autosave"]
    response = editor_client.post(change_url, _form_data(
        article, title=offered["fields"]["title"], loaded_version=offered["base_version"]
    ))  # fmt: skip
    assert "nothing was overwritten" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Olga's title"
    assert Autosave.objects.filter(article=article).exists()  # the text is still kept


def test_a_writer_cannot_autosave_into_someone_elses_story(db):
    writer = _client("Writers", "wanda")
    response = _autosave(writer, DraftArticleFactory(title="Not Wanda's"), body="x")
    assert response.status_code == 403
    assert not Autosave.objects.exists()


def test_autosave_refuses_sales_and_odd_ids(editor_client):
    assert _autosave(_client("Sales", "sam"), body="x").status_code == 403
    response = editor_client.post(AUTOSAVE, {"article": "1 OR 1=1", "body": "x"})
    assert response.status_code == 403
    assert editor_client.get(AUTOSAVE).status_code == 405


def test_discarding_removes_the_autosave(editor_client):
    article = DraftArticleFactory()
    _autosave(editor_client, article, body="Unwanted")
    editor_client.post(AUTOSAVE, {"article": article.pk, "discard": "1"})
    assert not Autosave.objects.exists()
