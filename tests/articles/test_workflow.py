import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    ARTICLE_INLINES_EMPTY,
    AuthorFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
    user_in_group,
)

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def editor():
    return user_in_group("Editors", "eddie")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _loaded_version(response):
    """The version the change form sent to the browser (as a browser would post it back)."""
    return re.search(r'name="loaded_version" value="([^"]+)"', response.content.decode())[1]


def _action(client, action, articles):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [a.pk for a in articles]})


def _form_data(article, **overrides):
    data = {
        "title": article.title, "slug": article.slug, "dek": article.dek, "body": article.body,
        "hero": article.hero_id or "", "hero_upload_alt": "", "hero_upload_caption": "",
        "hero_upload_credit": "",
        "section": article.section_id, "authors": [a.pk for a in article.authors.all()],
        "tags": ", ".join(t.name for t in article.tags.all()), "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d") if article.published_at else "",
        "published_at_1": article.published_at.strftime("%H:%M:%S") if article.published_at else "",
        "meta_description": "", "loaded_version": article.updated_at.isoformat(),
        **ARTICLE_INLINES_EMPTY,
    }  # fmt: skip
    data.update(overrides)
    return data


# Workflow


def test_submit_for_review_moves_drafts_to_review(editor_client):
    draft = DraftArticleFactory()
    _action(editor_client, "submit_for_review", [draft])
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW


def test_articles_in_review_are_invisible_to_readers(client):
    article = DraftArticleFactory(status=Article.Status.REVIEW, title="Under review")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert b"Under review" not in client.get("/news/").content


def test_publish_now_and_unpublish_actions(editor_client):
    article = DraftArticleFactory(status=Article.Status.REVIEW)
    _action(editor_client, "publish_now", [article])
    assert list(Article.objects.published()) == [article]
    _action(editor_client, "unpublish", [article])
    assert not Article.objects.published().exists()


def test_scheduled_article_goes_live_by_itself_when_its_time_comes(client):
    article = ScheduledArticleFactory(
        title="Embargoed story", published_at=timezone.now() + timedelta(seconds=1)
    )
    assert b"Embargoed story" not in client.get("/").content
    assert client.get(article.get_absolute_url()).status_code == 404
    # Time passes: nothing runs; no cached choice of stories outlives the article's time.
    time.sleep(max(0, (article.published_at - timezone.now()).total_seconds()) + 0.05)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert b"Embargoed story" in client.get("/").content


def test_editor_schedules_an_article_in_the_admin(editor_client):
    article = DraftArticleFactory(status=Article.Status.REVIEW)
    when = timezone.localtime() + timedelta(days=2)
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        _form_data(article, status="published", published_at_0=when.strftime("%Y-%m-%d"),
                   published_at_1=when.strftime("%H:%M:%S")),
    )  # fmt: skip
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled
    assert article in Article.objects.scheduled()


# Preview


def test_staff_can_preview_an_unpublished_article(editor_client):
    draft = DraftArticleFactory(title="Draft for preview")
    response = editor_client.get(reverse("articles:preview", args=[draft.pk]))
    assert response.status_code == 200
    assert b"Draft for preview" in response.content
    assert b"Staff preview" in response.content
    assert b'<meta name="robots" content="noindex">' in response.content
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_public_cannot_open_a_preview(client):
    draft = DraftArticleFactory()
    response = client.get(reverse("articles:preview", args=[draft.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_staff_without_article_rights_cannot_preview(client):
    client.force_login(user_in_group("Sales", "sally"))
    draft = DraftArticleFactory(title="Secret draft")
    response = client.get(reverse("articles:preview", args=[draft.pk]))
    assert b"Secret draft" not in response.content


# History


def test_every_admin_change_is_kept_with_who_and_when(editor_client, editor):
    article = PublishedArticleFactory(title="First title")
    editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        _form_data(article, title="Second title"),
    )
    latest = article.history.order_by("-history_date").first()
    assert latest.title == "Second title"
    assert latest.history_user == editor
    response = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert response.status_code == 200
    assert b"eddie" in response.content


def test_bulk_actions_are_recorded_in_history(editor_client, editor):
    draft = DraftArticleFactory()
    _action(editor_client, "submit_for_review", [draft])
    record = draft.history.order_by("-history_date").first()
    assert (record.status, record.history_user) == ("review", editor)
    assert record.history_change_reason == "Submitted for review"


def test_an_earlier_version_can_be_restored_from_the_admin(editor_client):
    article = PublishedArticleFactory(title="Original title")
    first = article.history.order_by("history_date").first()
    editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        _form_data(article, title="Changed title"),
    )
    article.refresh_from_db()
    url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, _form_data(article, title="Original title"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Original title"


# Two editors


def test_a_stale_save_is_refused_and_nothing_is_overwritten(client, editor_client):
    article = PublishedArticleFactory(title="Shared story")
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    opened = _loaded_version(editor_client.get(change_url))
    other = Client()
    other.force_login(user_in_group("Editors", "olga"))
    other_form = _loaded_version(other.get(change_url))
    other.post(change_url, _form_data(article, title="Olga's title", loaded_version=other_form))
    response = editor_client.post(
        change_url, _form_data(article, title="Eddie's title", loaded_version=opened)
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "changed by olga" in text
    assert "nothing was overwritten" in text
    article.refresh_from_db()
    assert article.title == "Olga's title"


def test_a_save_after_reloading_goes_through(editor_client):
    article = PublishedArticleFactory()
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    loaded = _loaded_version(editor_client.get(change_url))
    response = editor_client.post(
        change_url, _form_data(article, title="New", loaded_version=loaded)
    )
    assert response.status_code == 302


def test_what_goes_live_when_lists_scheduled_and_in_review_articles_by_time(editor_client):
    later = ScheduledArticleFactory(
        title="Later story", published_at=timezone.now() + timedelta(days=3)
    )
    sooner = ScheduledArticleFactory(
        title="Sooner story", published_at=timezone.now() + timedelta(hours=2)
    )
    DraftArticleFactory(title="Review story", status=Article.Status.REVIEW)
    DraftArticleFactory(title="Plain draft")
    response = editor_client.get(reverse("admin:articles_article_schedule"))
    assert response.status_code == 200
    assert list(response.context["scheduled"]) == [sooner, later]
    text = response.content.decode()
    assert "Review story" in text
    assert "Plain draft" not in text


# Slugs


def test_changing_a_published_slug_keeps_the_old_url_with_a_301(client):
    article = PublishedArticleFactory(slug="old-slug")
    article.slug = "new-slug"
    article.save()
    response = client.get("/articles/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/new-slug/"


def test_old_slugs_follow_every_later_rename(client):
    article = PublishedArticleFactory(slug="first")
    for slug in ["second", "third"]:
        article.slug = slug
        article.save()
    assert client.get("/articles/first/")["Location"] == "/articles/third/"
    assert client.get("/articles/second/")["Location"] == "/articles/third/"


def test_a_draft_slug_change_leaves_no_redirect(client):
    article = DraftArticleFactory(slug="draft-slug")
    article.slug = "draft-slug-2"
    article.save()
    assert client.get("/articles/draft-slug/").status_code == 404


def test_old_slug_of_an_unpublished_article_is_404(client):
    article = PublishedArticleFactory(slug="was-live")
    article.slug = "renamed"
    article.save()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert client.get("/articles/was-live/").status_code == 404


def test_reusing_an_old_slug_for_the_same_article_removes_its_redirect(client):
    article = PublishedArticleFactory(slug="a")
    article.slug = "b"
    article.save()
    article.slug = "a"
    article.save()
    assert client.get("/articles/a/").status_code == 200
    assert client.get("/articles/b/")["Location"] == "/articles/a/"


def test_related_articles_prefer_shared_companies(client):
    from tests.factories import CompanyFactory

    company = CompanyFactory()
    section = SectionFactory()
    article = PublishedArticleFactory(section=section)
    article.companies.add(company)
    same_section = PublishedArticleFactory(section=section)
    same_company = PublishedArticleFactory(authors=[AuthorFactory()])
    same_company.companies.add(company)
    related = client.get(article.get_absolute_url()).context["related"]
    assert [version.pk for version in related] == [same_company.pk, same_section.pk]


def test_what_goes_live_when_shows_the_next_fifty_and_links_to_the_rest(editor_client):
    soon = timezone.now() + timedelta(hours=1)
    for minutes in range(52):
        ScheduledArticleFactory(published_at=soon + timedelta(minutes=minutes))
    response = editor_client.get(reverse("admin:articles_article_schedule"))
    assert len(response.context["scheduled"]) == 50
    assert response.context["scheduled"][0].published_at == soon
    assert "all 52 scheduled stories" in response.content.decode()
    assert "?state=scheduled" in response.content.decode()


def test_what_goes_live_when_runs_the_same_queries_for_5_and_50_stories(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            editor_client.get(reverse("admin:articles_article_schedule"))
        return len(captured)

    ScheduledArticleFactory.create_batch(5)
    with_5 = queries()
    ScheduledArticleFactory.create_batch(45)
    assert queries() == with_5
