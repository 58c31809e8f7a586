"""Review with two people: writers draft and submit, editors review, comment and publish."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from articles.models import Article, ReviewComment
from tests.articles.test_admin import _article_form
from tests.articles.test_workflow import _form_data
from tests.factories import AuthorFactory, DraftArticleFactory, SectionFactory, user_in_group

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def writer(db):
    user = user_in_group("Writers", "wanda")
    AuthorFactory(name="Wanda Writer", slug="wanda", user=user)
    return user


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def own_draft(writer):
    return DraftArticleFactory(title="Wanda's draft", created_by=writer)


def test_a_writer_is_offered_no_way_to_publish(writer_client, own_draft):
    actions = writer_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert [name for name, _ in actions] == ["", "submit_for_review"]
    form = writer_client.get(f"{CHANGELIST}{own_draft.pk}/change/").context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
    assert "published_at" not in form.fields


def test_a_forged_publish_by_a_writer_is_refused_and_nothing_saved(writer_client):
    data = _article_form(SectionFactory(), AuthorFactory(), status="published")
    response = writer_client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_a_forged_publish_action_by_a_writer_changes_nothing(writer_client, own_draft):
    writer_client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [own_draft.pk]})
    own_draft.refresh_from_db()
    assert own_draft.status == Article.Status.DRAFT


def test_a_writer_sees_and_edits_only_their_own_drafts(writer_client, own_draft):
    other = DraftArticleFactory(title="Someone else's draft")
    listed = writer_client.get(CHANGELIST).context["cl"].result_list
    assert [a.title for a in listed] == ["Wanda's draft"]
    assert writer_client.get(f"{CHANGELIST}{other.pk}/change/").status_code == 302  # not found
    response = writer_client.post(
        f"{CHANGELIST}{other.pk}/change/", _form_data(other, title="Hijacked")
    )
    other.refresh_from_db()
    assert other.title == "Someone else's draft" and response.status_code == 302


def test_a_story_in_review_is_read_only_for_its_writer(writer_client, own_draft):
    own_draft.status = Article.Status.REVIEW
    own_draft.save()
    response = writer_client.get(f"{CHANGELIST}{own_draft.pk}/change/")
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_submitting_for_review_tells_the_editors(
    writer_client, own_draft, django_capture_on_commit_callbacks
):
    editor = user_in_group("Editors", "eddie")
    editor.email = "eddie@news.example"
    editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = writer_client.post(
            f"{CHANGELIST}{own_draft.pk}/change/", _form_data(own_draft, status="review")
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["eddie@news.example"]]
    assert "Wanda's draft" in mail.outbox[0].subject
    assert f"/admin/articles/article/{own_draft.pk}/change/" in mail.outbox[0].body


def test_review_comments_are_kept_with_their_author_and_time(editor_client, own_draft):
    own_draft.status = Article.Status.REVIEW
    own_draft.save()
    data = _form_data(own_draft) | {
        "comments-TOTAL_FORMS": "1", "comments-0-text": "Source for the 60,000 t figure?",
    }  # fmt: skip
    assert editor_client.post(f"{CHANGELIST}{own_draft.pk}/change/", data).status_code == 302
    comment = ReviewComment.objects.get(article=own_draft)
    assert comment.created_by.username == "eddie"
    assert comment.created_at is not None


def test_an_editor_sends_a_story_back_to_its_writer(editor_client, own_draft):
    own_draft.status = Article.Status.REVIEW
    own_draft.save()
    editor_client.post(CHANGELIST, {"action": "send_back", "_selected_action": [own_draft.pk]})
    own_draft.refresh_from_db()
    assert own_draft.status == Article.Status.DRAFT


def test_an_editor_approves_and_schedules_a_story(editor_client, own_draft):
    when = timezone.localtime() + timedelta(days=1)
    data = _form_data(
        own_draft, status="published", published_at_0=f"{when:%Y-%m-%d}",
        published_at_1=f"{when:%H:%M:%S}",
    )  # fmt: skip
    assert editor_client.post(f"{CHANGELIST}{own_draft.pk}/change/", data).status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.state == "scheduled"


def test_what_goes_live_when_shows_a_writer_only_their_own_stories(writer_client, own_draft):
    own_draft.status = Article.Status.REVIEW
    own_draft.save()
    DraftArticleFactory(title="Someone else's story in review", status="review")
    html = writer_client.get(f"{CHANGELIST}schedule/").content.decode()
    assert "Wanda&#x27;s draft" in html
    assert "story in review" not in html


def test_a_writer_previews_their_own_story_and_not_someone_elses(writer_client, own_draft):
    other = DraftArticleFactory(title="Someone else's draft")
    assert writer_client.get(own_draft.get_preview_url()).status_code == 200
    assert writer_client.get(other.get_preview_url()).status_code == 404
