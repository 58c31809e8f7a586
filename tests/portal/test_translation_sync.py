"""Translations that stay in sync: each records when it was last brought in line with
its English source; a change of the source's words (or a correction) puts it in
"Translations to update" with what changed, until a translator marks it updated."""

import pytest
from django.utils import timezone

from articles.models import Article, Revision
from articles.reports.models import Report
from portal.publishing.models import Status
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return PublishedArticleFactory(
        title="BTR signs for Tangier", dek="A USD 297 million plant.",
        body="The plant will make 50,000 tonnes a year.",
    )  # fmt: skip


@pytest.fixture
def translation(story):
    version = story.start_version("zh-hans")
    version.title, version.body = "贝特瑞签约丹吉尔", "工厂年产5万吨。"
    version.status, version.published_at = Status.PUBLISHED, timezone.now()
    version.save()
    return version


def test_a_new_translation_is_in_line_with_its_source(translation):
    assert translation.source_synced_at is not None
    assert not Article.objects.to_update().exists()


def test_editing_the_translation_itself_keeps_it_in_line(translation):
    translation.body = "工厂年产能为5万吨。"
    translation.save()
    assert not Article.objects.to_update().exists()


def test_a_change_of_the_source_words_puts_the_translation_to_update(story, translation):
    story.body = "The plant will make 60,000 tonnes a year."
    story.save()
    [waiting] = Article.objects.to_update("zh-hans")
    assert waiting == translation and waiting.source_changed_at is not None
    assert not waiting.source_correction
    [(field, then, now)] = waiting.source_changes()
    assert field.name == "body" and "50,000" in then and "60,000" in now


def test_a_change_of_other_fields_of_the_source_does_not(story, translation):
    story.is_featured = not story.is_featured
    story.save()
    Article.objects.filter(pk=story.pk).update(word_count=3)
    assert not Article.objects.to_update().exists()


def test_the_first_change_sets_the_waiting_time_and_later_ones_keep_it(story, translation):
    story.title = "BTR signs for Tangier (updated)"
    story.save()
    first = Article.objects.get(pk=translation.pk).source_changed_at
    story.dek = "A bigger plant."
    story.save()
    assert Article.objects.get(pk=translation.pk).source_changed_at == first
    assert [f.name for f, *_ in Article.objects.get(pk=translation.pk).source_changes()] == [
        "title", "dek",
    ]  # fmt: skip


def test_a_correction_of_the_source_is_said(story, translation):
    story.body = "The plant will make 25,000 tonnes a year at first."
    story.save()
    Revision.objects.create(article=story, kind=Revision.Kind.CORRECTION,
                            note="An earlier version gave the wrong capacity.")  # fmt: skip
    assert Article.objects.to_update().get().source_correction


def test_marking_it_updated_takes_it_off_the_list(story, translation):
    story.body = "The plant will make 60,000 tonnes a year."
    story.save()
    waiting = Article.objects.get(pk=translation.pk)
    waiting.body = "工厂年产6万吨。"
    waiting.mark_in_line_with_source()
    waiting.save()
    assert not Article.objects.to_update().exists()
    assert waiting.source_changes() == []


def test_the_list_is_per_language_and_oldest_first(story, translation):
    other = PublishedArticleFactory(title="Second")
    second = other.start_version("zh-hans")
    other.title = "Second, changed"
    other.save()
    story.title = "First, changed later"
    story.save()
    assert list(Article.objects.to_update("zh-hans")) == [second, translation]
    assert not Article.objects.to_update("en-gb").exists()


def test_reports_translations_follow_their_source_too():
    from tests.factories import ReportFactory

    report = ReportFactory(summary="A USD 297 million plant.")
    version = report.start_version("zh-hans")
    report.summary = "A USD 300 million plant."
    report.save()
    assert list(Report.objects.to_update()) == [version]
