import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from tests.factories import (
    ARTICLE_INLINES_EMPTY,
    AuthorFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    SectionFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db


def _files_under(root):
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _, names in os.walk(root)
        for name in names
    )


def _add_form(upload, **overrides):
    data = {
        "title": "Story with image", "slug": "story-with-image", "dek": "Standfirst.",
        "body": "Body.", "hero_image": upload, "hero_alt": "A cathode plant at dusk",
        "hero_caption": "", "hero_credit": "", "section": SectionFactory().pk,
        "authors": [AuthorFactory().pk], "tags": "", "status": "published",
        "published_at_0": "", "published_at_1": "", "meta_description": "",
        **ARTICLE_INLINES_EMPTY,
    }  # fmt: skip
    data.update(overrides)
    return data


def _png(size, mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return SimpleUploadedFile("image.png", buffer.getvalue(), content_type="image/png")


def test_upload_makes_webp_renditions_once(editor_client, settings):
    response = editor_client.post(
        reverse("admin:articles_article_add"), _add_form(jpeg_file(size=(1700, 956)))
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert [r["width"] for r in article.hero_renditions] == [480, 800, 1200, 1600]
    for rendition in article.hero_renditions:
        assert rendition["name"].endswith(".webp")
        assert (settings.MEDIA_ROOT / rendition["name"]).exists()
    before = _files_under(settings.MEDIA_ROOT)
    article.title = "Retitled"
    article.save()
    assert _files_under(settings.MEDIA_ROOT) == before


def test_replacing_the_image_replaces_the_renditions(settings):
    article = DraftArticleFactory(hero_image=jpeg_file("a.jpg", size=(900, 500)), hero_alt="A")
    old = [r["name"] for r in article.hero_renditions]
    article.hero_image = jpeg_file("b.jpg", size=(1300, 700))
    article.save()
    assert [r["width"] for r in article.hero_renditions] == [480, 800, 1200, 1300]
    assert not any((settings.MEDIA_ROOT / name).exists() for name in old)


def test_small_images_get_one_rendition_at_their_own_width():
    article = DraftArticleFactory(hero_image=jpeg_file(size=(640, 360)), hero_alt="A")
    assert [r["width"] for r in article.hero_renditions] == [480, 640]


def test_article_page_uses_srcset_sizes_and_dimensions(client):
    article = PublishedArticleFactory(hero_image=jpeg_file(size=(1200, 675)), hero_alt="Plant")
    text = client.get(article.get_absolute_url()).content.decode()
    assert 'srcset="/media/articles/renditions/' in text
    assert " 480w, " in text and " 1200w" in text
    assert 'sizes="' in text
    assert 'width="1200" height="675"' in text
    assert 'alt="Plant"' in text


def test_cards_below_the_fold_load_lazily(client):
    PublishedArticleFactory.create_batch(3, hero_image=jpeg_file(size=(800, 450)), hero_alt="x")
    text = client.get("/news/").content.decode()
    assert text.count('loading="lazy"') == 3


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.jpg", b"just some text", content_type="image/jpeg"),
         "not an image we can read"),
        (SimpleUploadedFile("cut.jpg", jpeg_file(size=(900, 600)).read()[:2000],
                            content_type="image/jpeg"), "damaged or incomplete"),
        (_png((10_000, 6_000), mode="1"), "too many pixels"),
        (_png((12_000, 10_000), mode="1"), "too many pixels"),
        (jpeg_file(size=(200, 150)), "at least 400 pixels wide"),
        (SimpleUploadedFile("big.jpg", b"\xff" * (16 * 1024 * 1024), content_type="image/jpeg"),
         "the limit is 15.0"),
    ],
    ids=["not-an-image", "truncated", "bomb-60mp", "bomb-120mp", "too-narrow", "too-large"],
)  # fmt: skip
def test_bad_uploads_are_refused_with_a_message_and_nothing_written(
    editor_client, settings, upload, message
):
    response = editor_client.post(reverse("admin:articles_article_add"), _add_form(upload))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["hero_image"]
    assert message in " ".join(errors)
    assert not Article.objects.exists()
    assert _files_under(settings.MEDIA_ROOT) == []


def test_gif_images_are_refused(editor_client):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600)).save(buffer, format="GIF")
    upload = SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif")
    response = editor_client.post(reverse("admin:articles_article_add"), _add_form(upload))
    assert "GIF images are not accepted" in " ".join(
        response.context["adminform"].form.errors["hero_image"]
    )


def test_alt_text_stays_required_with_an_image(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_add"), _add_form(jpeg_file(), hero_alt="")
    )
    assert "hero_alt" in response.context["adminform"].form.errors
