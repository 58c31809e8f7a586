from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Image
from tests.factories import (
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db


def test_published_includes_articles_published_in_the_past():
    article = PublishedArticleFactory()
    assert list(Article.objects.published()) == [article]


def test_published_excludes_drafts():
    DraftArticleFactory()
    assert not Article.objects.published().exists()


def test_published_excludes_future_articles():
    ScheduledArticleFactory()
    assert not Article.objects.published().exists()


def test_scheduled_article_becomes_published_when_its_time_passes():
    article = ScheduledArticleFactory()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_publishing_without_a_time_stamps_it_now():
    article = DraftArticleFactory()
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert article.published_at <= timezone.now()


def test_database_refuses_published_article_without_time():
    article = DraftArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)


def test_body_is_rendered_to_html_on_save():
    article = DraftArticleFactory(body="Plants need **nickel**.\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<strong>nickel</strong>" in article.body_html
    assert "<table>" in article.body_html


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="https://example.com" onclick="alert(1)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_body_html_never_contains_script(markdown):
    html = DraftArticleFactory(body=markdown).body_html.lower()
    for forbidden in ["<script", "onerror", "onclick", "javascript:", "<iframe", "style="]:
        assert forbidden not in html


def test_links_in_body_get_safe_rel():
    article = DraftArticleFactory(body="[BTR](https://www.btrchina.com/)")
    assert 'rel="noopener noreferrer"' in article.body_html


def test_a_library_image_requires_alt_text():
    image = Image(file=jpeg_file(), alt_text="")
    with pytest.raises(ValidationError) as error:
        image.full_clean()
    assert "alt_text" in error.value.message_dict


def test_library_image_dimensions_are_stored_on_save():
    image = ImageFactory(file=jpeg_file(size=(800, 450)))
    assert (image.width, image.height) == (800, 450)


def test_reading_time_is_computed_from_the_body():
    article = DraftArticleFactory(body="word " * 700)
    assert article.reading_minutes == 4


def test_related_prefers_articles_sharing_more_tags():
    article = PublishedArticleFactory(tags=["BTR", "Morocco"])
    one_tag = PublishedArticleFactory(tags=["BTR"])
    two_tags = PublishedArticleFactory(tags=["BTR", "Morocco"])
    PublishedArticleFactory(tags=["Solar"])
    related = list(Article.objects.published().related_to(article))
    assert related[:2] == [two_tags, one_tag]


def test_related_never_includes_the_article_itself_or_drafts():
    article = PublishedArticleFactory(tags=["BTR"])
    DraftArticleFactory(tags=["BTR"], section=article.section)
    assert list(Article.objects.published().related_to(article)) == []


def test_latest_per_section_returns_at_most_n_per_section():
    first, second = SectionFactory(), SectionFactory()
    PublishedArticleFactory.create_batch(5, section=first)
    PublishedArticleFactory.create_batch(2, section=second)
    rows = list(Article.objects.published().latest_per_section(3, [first.pk, second.pk]))
    assert sum(1 for a in rows if a.section_id == first.pk) == 3
    assert sum(1 for a in rows if a.section_id == second.pk) == 2
