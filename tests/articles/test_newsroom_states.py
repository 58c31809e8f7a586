"""Time and status made plain in the admin: states, the newsroom's time zone, history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
)

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/articles/article/"


def test_the_article_list_shows_scheduled_stories_as_scheduled(editor_client):
    ScheduledArticleFactory(title="Embargoed story")
    PublishedArticleFactory(title="Live story")
    html = editor_client.get(CHANGELIST).content.decode()
    assert '<span class="state-badge state-badge--scheduled">Scheduled</span>' in html
    assert '<span class="state-badge state-badge--published">Published</span>' in html


@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "published"])
def test_the_state_filter_selects_each_state_only(editor_client, state):
    stories = {
        "draft": DraftArticleFactory(), "review": DraftArticleFactory(status="review"),
        "scheduled": ScheduledArticleFactory(), "published": PublishedArticleFactory(),
    }  # fmt: skip
    listed = editor_client.get(CHANGELIST, {"state": state}).context["cl"].result_list
    assert [a.pk for a in listed] == [stories[state].pk]


def test_an_unknown_state_lists_nothing(editor_client):
    PublishedArticleFactory()
    assert list(editor_client.get(CHANGELIST, {"state": "x"}).context["cl"].result_list) == []


def test_a_scheduled_storys_form_says_when_it_goes_live_in_the_newsrooms_zone(
    editor_client, settings
):
    settings.TIME_ZONE = "Africa/Casablanca"
    when = timezone.now() + timedelta(days=3)
    story = ScheduledArticleFactory(published_at=when)
    html = editor_client.get(f"{CHANGELIST}{story.pk}/change/").content.decode()
    local = timezone.localtime(when, timezone.get_current_timezone())
    assert f"Scheduled: goes live by itself on {local:%-d %b %Y, %H:%M}" in html
    assert "Times are in Africa/Casablanca" in html


def test_the_history_says_briefly_what_each_version_changed(editor_client):
    story = DraftArticleFactory(body="One two three.")
    story.body = "One two three four five."
    story.status = Article.Status.REVIEW
    story.save()
    html = editor_client.get(f"{CHANGELIST}{story.pk}/history/").content.decode()
    assert "Status: Draft → In review" in html
    assert "Body: +2 words" in html
    assert "Created" in html


def test_the_history_counts_the_bylines_a_version_changed(editor_client):
    story = DraftArticleFactory()
    story.authors.add(AuthorFactory())
    html = editor_client.get(f"{CHANGELIST}{story.pk}/history/").content.decode()
    assert "Authors: 1 now (were 0)" in html
