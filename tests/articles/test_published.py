""" "Published" has one definition, `Article.objects.published()`, used everywhere."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    DraftArticleFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "make",
    [
        lambda: PublishedArticleFactory(),
        lambda: ScheduledArticleFactory(),
        lambda: DraftArticleFactory(),
        lambda: DraftArticleFactory(status=Article.Status.REVIEW),
        lambda: DraftArticleFactory(published_at=timezone.now() - timedelta(days=1)),
    ],
    ids=["published", "scheduled", "draft", "in-review", "draft-with-a-past-time"],
)
def test_is_live_and_is_scheduled_agree_with_the_querysets(make):
    article = make()
    assert article.is_live == Article.objects.published().filter(pk=article.pk).exists()
    assert article.is_scheduled == Article.objects.scheduled().filter(pk=article.pk).exists()


def test_the_tag_sitemap_leaves_out_tags_only_drafts_and_scheduled_stories_carry(client):
    PublishedArticleFactory(tags=["Cathode"])
    DraftArticleFactory(tags=["Secret draft tag"])
    ScheduledArticleFactory(tags=["Embargoed tag"])
    text = client.get("/sitemap-tags.xml").content.decode()
    assert "/tags/cathode/" in text
    assert "secret-draft-tag" not in text
    assert "embargoed-tag" not in text


def test_the_tag_sitemap_dates_a_tag_by_its_published_stories_only(client):
    live = PublishedArticleFactory(tags=["Cathode"])
    DraftArticleFactory(tags=["Cathode"])  # edited just now, but readers cannot see it
    text = client.get("/sitemap-tags.xml").content.decode()
    assert f"<lastmod>{live.updated_at.date().isoformat()}" in text
    assert text.count("<url>") == 1


def test_the_section_sitemap_lastmod_ignores_drafts(client):
    section = SectionFactory(slug="batteries")
    live = PublishedArticleFactory(section=section)
    Article.objects.filter(pk=live.pk).update(updated_at=timezone.now() - timedelta(days=30))
    DraftArticleFactory(section=section)
    text = client.get("/sitemap-sections.xml").content.decode()
    expected = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert f"<lastmod>{expected}" in text


def test_publish_now_publishes_a_scheduled_article_at_once(editor_client):
    article = ScheduledArticleFactory()
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    assert Article.objects.published().filter(pk=article.pk).exists()
