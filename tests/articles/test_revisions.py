"""Corrections and updates: marked by an editor, shown to readers, carried by feeds."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Revision
from tests.articles.test_workflow import _form_data
from tests.factories import PublishedArticleFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return PublishedArticleFactory(
        title="BTR plant story", published_at=timezone.now() - timedelta(days=2)
    )


def _json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(d for d in map(json.loads, blocks) if d.get("@type") == "NewsArticle")


def test_a_routine_edit_does_not_mark_the_story_updated(client, story):
    story.title = "BTR plant story, retitled"
    story.save()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Updated" not in html
    assert _json_ld(html)["dateModified"] == story.published_at.isoformat()


def test_a_correction_shows_its_note_and_the_updated_time(client, story):
    revision = Revision.objects.create(
        article=story, kind=Revision.Kind.CORRECTION,
        note="An earlier version gave the capacity as 60,000 tonnes.",
    )  # fmt: skip
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<a href="#revisions">Updated <time' in html
    assert "Correction, " in html and "An earlier version gave the capacity" in html
    assert _json_ld(html)["dateModified"] == revision.created_at.isoformat()


def test_feeds_carry_the_time_of_the_latest_update(client, story):
    revision = Revision.objects.create(article=story, note="Adds the company's comment.")
    atom = client.get("/feeds/atom/").content.decode()
    assert f"<updated>{revision.created_at.isoformat()}</updated>" in atom


def test_removing_the_last_revision_clears_the_updated_mark(client, story):
    revision = Revision.objects.create(article=story, note="Adds the company's comment.")
    revision.delete()
    assert Article.objects.get(pk=story.pk).revised_at is None


def test_an_editor_adds_a_correction_in_the_article_form(client, story):
    editor = StaffUserFactory(is_superuser=True)
    client.force_login(editor)
    data = _form_data(story) | {
        "revisions-TOTAL_FORMS": "1", "revisions-0-kind": "correction",
        "revisions-0-note": "The plant is in Tangier, not Rabat.",
    }  # fmt: skip
    response = client.post(f"/admin/articles/article/{story.pk}/change/", data)
    assert response.status_code == 302
    revision = Revision.objects.get(article=story)
    assert (revision.kind, revision.created_by) == ("correction", editor)
    assert Article.objects.get(pk=story.pk).revised_at == revision.created_at
