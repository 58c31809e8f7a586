"""The image library: checked uploads, renditions and focal-point crops made once,
heroes picked or uploaded in the article form, and images in story bodies."""

import io
import os
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from PIL import Image as PillowImage

from articles.models import Article, Image
from portal.images import focal_crop_box
from tests.factories import (
    ARTICLE_INLINES_EMPTY,
    AuthorFactory,
    DraftArticleFactory,
    ImageFactory,
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


def _add_form(upload=None, **overrides):
    data = {
        "title": "Story with image", "slug": "story-with-image", "dek": "Standfirst.",
        "body": "Body.", "hero": "", "hero_upload_alt": "A cathode plant at dusk",
        "hero_upload_caption": "", "hero_upload_credit": "", "section": SectionFactory().pk,
        "authors": [AuthorFactory().pk], "tags": "", "status": "published",
        "published_at_0": "", "published_at_1": "", "meta_description": "",
        **ARTICLE_INLINES_EMPTY,
    }  # fmt: skip
    if upload is not None:
        data["hero_upload"] = upload
    data.update(overrides)
    return data


def _png(size, mode="RGB"):
    buffer = io.BytesIO()
    PillowImage.new(mode, size).save(buffer, format="PNG")
    return SimpleUploadedFile("image.png", buffer.getvalue(), content_type="image/png")


def _two_tone(size=(1600, 900), split=0.8):
    """A JPEG that is dark up to `split` of its width and white after it."""
    image = PillowImage.new("RGB", size, (0, 0, 0))
    image.paste((255, 255, 255), (int(size[0] * split), 0, size[0], size[1]))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95)
    return SimpleUploadedFile("two-tone.jpg", buffer.getvalue(), content_type="image/jpeg")


# Renditions and crops


def test_an_image_gets_webp_renditions_and_crops_once(settings):
    image = ImageFactory(file=jpeg_file(size=(1700, 956)))
    assert [r["width"] for r in image.renditions] == [480, 800, 1200, 1600]
    assert [(r["width"], r["height"]) for r in image.card_renditions] == [
        (480, 270), (800, 450), (1200, 675)
    ]  # fmt: skip
    assert [(r["width"], r["height"]) for r in image.social_renditions] == [(1200, 630)]
    for rendition in [*image.renditions, *image.card_renditions, *image.social_renditions]:
        assert rendition["name"].endswith(".webp")
        assert (settings.MEDIA_ROOT / rendition["name"]).exists()
    before = _files_under(settings.MEDIA_ROOT)
    image.caption = "Recaptioned"
    image.save()
    assert _files_under(settings.MEDIA_ROOT) == before


def test_moving_the_focal_point_remakes_only_the_crops(settings):
    image = ImageFactory(file=jpeg_file(size=(1200, 1200)))
    whole, cards = list(image.renditions), list(image.card_renditions)
    image.focal_y = 90
    image.save()
    assert image.renditions == whole
    assert image.card_renditions != cards
    assert not any((settings.MEDIA_ROOT / r["name"]).exists() for r in cards)


def test_crops_keep_the_focal_point_in_view():
    assert focal_crop_box(1600, 900, 1, 90, 50) == (700, 0, 1600, 900)  # right edge
    assert focal_crop_box(1600, 900, 1, 10, 50) == (0, 0, 900, 900)  # left edge
    assert focal_crop_box(1600, 900, 1, 50, 50) == (350, 0, 1250, 900)
    assert focal_crop_box(900, 1600, 16 / 9, 50, 0) == (0, 0, 900, 506)  # top of a portrait


def test_the_card_crop_shows_the_side_the_focal_point_is_on(settings):
    image = ImageFactory(file=_two_tone(split=0.8), focal_x=95)
    with PillowImage.open(settings.MEDIA_ROOT / image.social_renditions[0]["name"]) as crop:
        right_edge = crop.convert("L").getpixel((crop.width - 2, crop.height // 2))
    assert right_edge > 200  # the white strip on the right is in the crop


def test_small_images_get_renditions_no_wider_than_themselves():
    image = ImageFactory(file=jpeg_file(size=(640, 360)))
    assert [r["width"] for r in image.renditions] == [480, 640]
    assert [r["width"] for r in image.card_renditions] == [480, 640]


# Pages


def test_article_page_shows_the_whole_hero_with_srcset_sizes_and_dimensions(client):
    hero = ImageFactory(file=jpeg_file(size=(1200, 675)), alt_text="Plant", credit="Photo: X")
    article = PublishedArticleFactory(hero=hero)
    text = client.get(article.get_absolute_url()).content.decode()
    assert 'srcset="/media/library/renditions/' in text
    assert " 480w, " in text and " 1200w" in text
    assert 'width="1200" height="675"' in text
    assert 'alt="Plant"' in text and "Photo: X" in text


def test_cards_use_the_focal_point_crop_and_load_lazily(client):
    hero = ImageFactory(file=jpeg_file(size=(900, 900)))
    PublishedArticleFactory.create_batch(3, hero=hero)
    text = client.get("/news/").content.decode()
    assert text.count('loading="lazy"') == 3
    assert text.count(hero.card_renditions[0]["name"]) == 3
    assert 'width="900" height="506"' in text  # the 16:9 crop, not the square original


def test_the_social_preview_is_the_focal_point_crop(client):
    article = PublishedArticleFactory(hero=ImageFactory(file=jpeg_file(size=(1600, 1000))))
    text = client.get(article.get_absolute_url()).content.decode()
    social = re.escape(article.hero.social["name"])
    assert re.search(rf'property="og:image" content="http[^"]+/media/{social}"', text)


# The article form


def test_an_uploaded_hero_goes_into_the_library_with_its_alt_text(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        _add_form(jpeg_file(size=(1700, 956)), hero_upload_credit="Photo: Agency"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.hero.alt_text == "A cathode plant at dusk"
    assert article.hero.credit == "Photo: Agency"
    assert article.hero.uploaded_by.username == "eddie"


def test_a_hero_is_picked_from_the_library(editor_client):
    hero = ImageFactory()
    response = editor_client.post(reverse("admin:articles_article_add"), _add_form(hero=hero.pk))
    assert response.status_code == 302
    assert Article.objects.get().hero == hero
    assert Image.objects.count() == 1


def test_an_upload_survives_an_error_in_another_field(editor_client):
    data = _add_form(jpeg_file(size=(800, 450)), title="")
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    kept = Image.objects.get()
    assert kept.alt_text == "A cathode plant at dusk"
    assert f'<option value="{kept.pk}" selected>' in response.content.decode()
    assert kept.thumbnail_url in response.content.decode()  # the form shows its thumbnail
    # Corrected and sent again (as the browser would, the file no longer attached):
    again = editor_client.post(
        reverse("admin:articles_article_add"), _add_form(hero=kept.pk, hero_upload_alt="")
    )
    assert again.status_code == 302
    assert Article.objects.get().hero == kept
    assert Image.objects.count() == 1


def test_an_upload_without_alt_text_is_refused_and_nothing_kept(editor_client, settings):
    response = editor_client.post(
        reverse("admin:articles_article_add"), _add_form(jpeg_file(), hero_upload_alt="")
    )
    assert "hero_upload_alt" in response.context["adminform"].form.errors
    assert not Image.objects.exists() and not Article.objects.exists()
    assert _files_under(settings.MEDIA_ROOT) == []


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
    errors = response.context["adminform"].form.errors["hero_upload"]
    assert message in " ".join(errors)
    assert not Article.objects.exists() and not Image.objects.exists()
    assert _files_under(settings.MEDIA_ROOT) == []


def test_gif_images_are_refused(editor_client):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (800, 600)).save(buffer, format="GIF")
    upload = SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif")
    response = editor_client.post(reverse("admin:articles_article_add"), _add_form(upload))
    assert "GIF images are not accepted" in " ".join(
        response.context["adminform"].form.errors["hero_upload"]
    )


def test_the_library_refuses_an_image_without_alt_text(editor_client):
    response = editor_client.post(
        reverse("admin:articles_image_add"),
        {"file": jpeg_file(), "alt_text": "", "caption": "", "credit": "", "focal_x": 50,
         "focal_y": 50},
    )  # fmt: skip
    assert "alt_text" in response.context["adminform"].form.errors
    assert not Image.objects.exists()


def test_an_image_in_use_as_a_hero_cannot_be_deleted(editor_client):
    hero = ImageFactory()
    PublishedArticleFactory(hero=hero)
    response = editor_client.post(
        reverse("admin:articles_image_delete", args=[hero.pk]), {"post": "yes"}
    )
    assert response.status_code == 200  # the admin lists the stories that use it
    assert Image.objects.filter(pk=hero.pk).exists()


def test_the_library_search_finds_images_by_their_words(editor_client):
    plant = ImageFactory(alt_text="Cathode plant in Tangier", credit="Photo: BTR")
    ImageFactory(alt_text="Solar farm at noon", caption="", credit="")
    found = editor_client.get("/admin/articles/image/search/", {"q": "tangier btr"}).json()
    assert [r["id"] for r in found["results"]] == [plant.pk]
    assert found["results"][0]["markdown"] == f"![Cathode plant in Tangier](image:{plant.pk})"


def test_the_library_search_is_closed_to_sales(client):
    from tests.factories import user_in_group

    client.force_login(user_in_group("Sales", "sam"))
    assert client.get("/admin/articles/image/search/").status_code == 403


# Images in the body


def test_a_library_image_in_the_body_renders_with_srcset_size_and_lazy_loading(client):
    image = ImageFactory(file=jpeg_file(size=(1300, 731)), caption="The site", credit="Photo: Y")
    article = PublishedArticleFactory(body=f"Intro.\n\n![Site plan](image:{image.pk})\n\nEnd.")
    html = article.body_html
    assert html.count("<figure>") == 1
    assert 'alt="Site plan"' in html and 'loading="lazy"' in html
    assert 'width="1300"' in html and 'height="731"' in html
    assert f'srcset="{image.srcset}"' in html
    assert "<figcaption>The site <small>Photo: Y</small></figcaption>" in html
    assert html in client.get(article.get_absolute_url()).content.decode()


def test_a_body_image_missing_from_the_library_is_left_out():
    article = DraftArticleFactory(body="Before ![gone](image:999999) after.")
    assert article.body_html == "<p>Before  after.</p>"


def test_changing_a_library_image_updates_the_bodies_that_show_it():
    image = ImageFactory(alt_text="Old words", caption="Old caption")
    article = PublishedArticleFactory(body=f"![](image:{image.pk})")
    image.caption = "New caption"
    image.save()
    article.refresh_from_db()
    assert "New caption" in article.body_html


def test_body_images_cannot_smuggle_attributes():
    image = ImageFactory()
    body = f'![x" onerror="alert(1)](image:{image.pk} "c\\" onload=\\"x")'
    html = DraftArticleFactory(body=body).body_html
    names = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names.extend(name for name, _ in attrs)

    Attributes().feed(html)
    assert "src" in names
    assert not [name for name in names if name.startswith("on")]


def test_a_changed_body_image_is_shown_at_once_through_the_page_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    image = ImageFactory(caption="Old caption")
    article = PublishedArticleFactory(body=f"![](image:{image.pk})")
    assert "Old caption" in client.get(article.get_absolute_url()).content.decode()
    image.caption = "New caption"
    image.save()
    assert "New caption" in client.get(article.get_absolute_url()).content.decode()


def test_only_the_bodies_showing_an_image_are_rendered_again():
    image = ImageFactory()
    other = ImageFactory()
    showing = PublishedArticleFactory(body=f"![](image:{image.pk})")
    similar = PublishedArticleFactory(body=f"![](image:{image.pk}0)")  # another id
    versions = {a.pk: a.updated_at for a in (showing, similar)}
    image.save()
    other.save()
    showing.refresh_from_db()
    similar.refresh_from_db()
    assert showing.updated_at > versions[showing.pk]
    assert similar.updated_at == versions[similar.pk]


def test_deleting_a_body_image_takes_it_out_of_the_story_and_its_files_away(settings):
    image = ImageFactory()
    files = [settings.MEDIA_ROOT / r["name"] for r in image.renditions]
    article = PublishedArticleFactory(body=f"Text.\\n\\n![](image:{image.pk})")
    with TestCase.captureOnCommitCallbacks(execute=True):
        image.delete()
    article.refresh_from_db()
    assert "<img" not in article.body_html
    assert not any(path.exists() for path in files)


def test_a_hero_image_cannot_be_deleted_and_keeps_its_files(settings):
    from django.db.models import ProtectedError

    image = ImageFactory()
    PublishedArticleFactory(hero=image)
    with pytest.raises(ProtectedError):
        image.delete()
    assert all((settings.MEDIA_ROOT / r["name"]).exists() for r in image.renditions)
