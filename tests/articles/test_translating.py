"""The translation desk in the admin: "Translate into 中文" from a story, the source
beside the translation with what changed since, the figures and glossary checks,
"Translations to update", and the Translators role (translations in their languages,
submitted for review; never publishing, never the English story, never leads)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, GlossaryEntry, Revision
from portal.publishing.models import Status
from tests.articles.test_workflow import _form_data
from tests.factories import PublishedArticleFactory, user_in_group

pytestmark = pytest.mark.django_db
TRANSLATORS = "Translators (简体中文)"


def _change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _translate(article, language="zh-hans"):
    return reverse("admin:articles_article_translate", args=[article.pk, language])


@pytest.fixture
def story():
    return PublishedArticleFactory(
        title="BTR signs for Tangier", dek="A USD 297 million cathode plant.",
        body="BTR will build a plant making 50,000 tonnes a year of cathode material.",
    )  # fmt: skip


@pytest.fixture
def translator_client(client):
    client.force_login(user_in_group(TRANSLATORS, "tian"))
    return client


@pytest.fixture
def translation(story):
    version = story.start_version("zh-hans")
    version.title, version.dek = "贝特瑞签约丹吉尔", "投资2.97亿美元的正极材料工厂。"
    version.body = "贝特瑞将建设年产5万吨正极材料的工厂。"
    version.status, version.published_at = Status.PUBLISHED, timezone.now()
    version.save()
    return version


def test_an_editor_translates_a_story_from_its_form(editor_client, story):
    page = editor_client.get(_change(story)).content.decode()
    assert "Translate into" in page and _translate(story) in page
    response = editor_client.post(_translate(story))
    version = Article.objects.get(language="zh-hans")
    assert response["Location"] == _change(version)
    assert version.translation_key == story.translation_key and version.status == Status.DRAFT
    page = editor_client.get(_change(version)).content.decode()
    assert "English source" in page and "50,000 tonnes a year" in page


def test_translating_twice_opens_the_same_version(editor_client, story):
    editor_client.post(_translate(story))
    editor_client.post(_translate(story))
    assert Article.objects.filter(language="zh-hans").count() == 1


def test_translate_is_a_post_and_refuses_a_language_that_is_not_an_edition(editor_client, story):
    assert editor_client.get(_translate(story)).status_code == 405
    assert editor_client.post(_translate(story, "fr")).status_code == 403


def test_a_translator_starts_a_translation_and_submits_it_for_review(translator_client, story):
    translator_client.post(_translate(story))
    version = Article.objects.get(language="zh-hans")
    data = _form_data(version, title="贝特瑞签约丹吉尔", dek="投资2.97亿美元。",
                      body="贝特瑞将建设年产5万吨正极材料的工厂。", status="review")  # fmt: skip
    response = translator_client.post(_change(version), data)
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.status, version.title) == (Status.REVIEW, "贝特瑞签约丹吉尔")


def test_a_translator_cannot_publish(translator_client, translation):
    translation.status = Status.DRAFT
    translation.save()
    response = translator_client.post(
        _change(translation), _form_data(translation, status="published")
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    changelist = reverse("admin:articles_article_changelist")
    translator_client.post(
        changelist, {"action": "publish_now", "_selected_action": [translation.pk]}
    )
    translation.refresh_from_db()
    assert translation.status == Status.DRAFT


def test_a_translators_change_to_a_published_translation_goes_to_review_and_tells_editors(
    translator_client, translation, django_capture_on_commit_callbacks, mailoutbox
):
    editor = user_in_group("Editors", "edna")
    editor.email = "edna@example.com"
    editor.save()
    data = _form_data(translation, body="贝特瑞将建设年产6万吨正极材料的工厂。", status="review")
    with django_capture_on_commit_callbacks(execute=True):
        assert translator_client.post(_change(translation), data).status_code == 302
    translation.refresh_from_db()
    assert translation.status == Status.REVIEW and "6万吨" in translation.body
    [message] = mailoutbox
    assert message.subject == "For review: 贝特瑞签约丹吉尔"


def test_a_translator_cannot_change_the_english_story(translator_client, story):
    page = translator_client.get(_change(story))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read-only
    response = translator_client.post(_change(story), _form_data(story, title="Changed"))
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.title == "BTR signs for Tangier"


def test_a_translator_cannot_open_leads_or_subscribers(translator_client):
    for url in (
        "/admin/leads/lead/",
        "/admin/newsletter/subscriber/",
        "/admin/leads/lead/1/change/",
    ):
        assert translator_client.get(url).status_code == 403, url


def test_a_writer_may_not_start_a_translation_even_of_their_own_story(client, story):
    writer = user_in_group("Writers", "wendy")
    Article.objects.filter(pk=story.pk).update(created_by=writer)
    client.force_login(writer)
    assert client.post(_translate(story)).status_code == 403
    assert not Article.objects.filter(language="zh-hans").exists()


def test_a_corrected_source_shows_in_translations_to_update_with_the_diff(
    editor_client, story, translation
):
    data = _form_data(story, body=story.body.replace("50,000", "60,000"))
    assert editor_client.post(_change(story), data).status_code == 302
    Revision.objects.create(article=story, kind=Revision.Kind.CORRECTION, note="Capacity fixed.")
    listing = editor_client.get(reverse("admin:articles_article_to_update")).content.decode()
    assert "贝特瑞签约丹吉尔" in listing and "Correction" in listing
    page = editor_client.get(_change(translation)).content.decode()
    assert "The source changed since this translation" in page
    assert "<del>50,000</del> <ins>60,000</ins>" in page
    assert "Figures of the English source not found in this translation: 60,000" in page


def test_marking_a_translation_updated_records_who_and_when(translator_client, story, translation):
    story.body = story.body.replace("50,000", "60,000")
    story.save()
    data = _form_data(translation, body="贝特瑞将建设年产6万吨正极材料的工厂。", status="review",
                      in_line_with_source="on")  # fmt: skip
    assert translator_client.post(_change(translation), data).status_code == 302
    assert not Article.objects.to_update().exists()
    record = Article.objects.get(pk=translation.pk).history.first()
    assert record.history_user.username == "tian"
    assert record.history_change_reason == "Brought in line with the English source"


def test_the_glossary_flags_a_company_written_otherwise(editor_client, story, translation):
    GlossaryEntry.objects.create(english="BTR New Material Group", other_names="BTR",
                                 chinese="贝特瑞", kind=GlossaryEntry.Kind.COMPANY)  # fmt: skip
    GlossaryEntry.objects.create(english="cathode material", chinese="正极材料")
    page = editor_client.get(_change(translation)).content.decode()
    assert "✓ used" in page  # 贝特瑞 is written as the glossary says
    translation.title, translation.body = "BTR集团签约", "BTR集团将建设年产5万吨正极材料的工厂。"
    translation.dek = "投资2.97亿美元。"
    translation.save()
    response = editor_client.post(_change(translation), _form_data(translation))
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("the glossary writes it “贝特瑞”" in m for m in messages)


def test_figures_are_compared_by_value_across_the_two_ways_of_writing_them():
    from articles.translating import missing_figures

    english = ("Signed in March 2024: USD 297 million (MAD 3 billion) for 50,000 t/yr, "
               "25,000 t/yr first, 15 hectares, 2,500 jobs, 12.5% of output, phase 2.")  # fmt: skip
    chinese = ("2024年3月签约：2.97亿美元（30亿迪拉姆），5万吨/年，一期2.5万吨/年，"
               "占地15公顷，2500个就业岗位，占产量12.5%，二期。")  # fmt: skip
    assert missing_figures(english, "en-gb", chinese, "zh-hans") == []
    assert missing_figures(english.replace("50,000", "60,000"), "en-gb", chinese, "zh-hans") == [
        "60,000"
    ]


def test_a_translator_cannot_move_a_translation_to_another_edition(translator_client, translation):
    translation.status = Status.DRAFT
    translation.save()
    data = _form_data(translation, language="en-gb", status="draft")
    assert translator_client.post(_change(translation), data).status_code == 302
    translation.refresh_from_db()
    assert translation.language == "zh-hans"
