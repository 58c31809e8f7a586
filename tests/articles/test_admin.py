import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    ARTICLE_INLINES_EMPTY,
    AuthorFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    SectionFactory,
    StaffUserFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db


def _article_form(section, author, **overrides):
    data = {
        "title": "BTR signs cathode deal",
        "slug": "btr-signs-cathode-deal",
        "dek": "A standfirst.",
        "body": "Body with <script>alert(1)</script> **bold**.",
        "hero": "",
        "hero_upload_alt": "",
        "hero_upload_caption": "",
        "hero_upload_credit": "",
        "section": section.pk,
        "authors": [author.pk],
        "tags": "BTR, Morocco",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "meta_description": "",
        **ARTICLE_INLINES_EMPTY,
    }
    data.update(overrides)
    return data


def test_editor_creates_an_article_with_tags_and_authors(editor_client):
    section, author = SectionFactory(), AuthorFactory()
    response = editor_client.post(
        reverse("admin:articles_article_add"), _article_form(section, author)
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="btr-signs-cathode-deal")
    assert sorted(t.name for t in article.tags.all()) == ["BTR", "Morocco"]
    assert list(article.authors.all()) == [author]
    assert "<script" not in article.body_html


def test_admin_refuses_a_hero_image_without_alt_text(editor_client):
    section, author = SectionFactory(), AuthorFactory()
    data = _article_form(section, author, hero_upload=jpeg_file())
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "hero_upload_alt" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_admin_refuses_a_duplicate_slug(editor_client):
    existing = PublishedArticleFactory()
    data = _article_form(SectionFactory(), AuthorFactory(), slug=existing.slug)
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors


def test_bulk_publish_makes_drafts_visible_now(editor_client):
    drafts = DraftArticleFactory.create_batch(2)
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [a.pk for a in drafts]},
    )
    assert response.status_code == 302
    assert Article.objects.published().count() == 2


def test_bulk_unpublish_hides_articles(editor_client):
    article = PublishedArticleFactory()
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert not Article.objects.published().exists()
    assert editor_client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["", "?status__exact=draft", "?q=battery", "?published_at__year=2024", "?o=2.-5"],
)
def test_article_changelist_filters_and_search_work(editor_client, query):
    PublishedArticleFactory()
    DraftArticleFactory()
    response = editor_client.get(reverse("admin:articles_article_changelist") + query)
    assert response.status_code == 200


def test_change_form_links_to_the_article_on_the_site(editor_client):
    article = PublishedArticleFactory()
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert b"View on site" in response.content


def test_tag_suggestions_return_matching_existing_tags(editor_client):
    PublishedArticleFactory(tags=["Cathode", "Cells", "Solar"])
    response = editor_client.get(reverse("admin:articles_article_tag_suggestions"), {"q": "ca"})
    assert response.json() == {"results": ["Cathode"]}


def test_author_autocomplete_finds_authors_by_name(editor_client):
    AuthorFactory(name="Leila Bennani")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "leila",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "authors",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Leila Bennani"]


def test_staff_without_the_editor_role_cannot_open_articles(client):
    client.force_login(StaffUserFactory(username="nobody"))
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_publishing_in_the_admin_without_a_time_publishes_now(editor_client):
    data = _article_form(SectionFactory(), AuthorFactory(), status="published")
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert Article.objects.published().get().slug == "btr-signs-cathode-deal"


def test_the_article_list_search_finds_words_of_title_standfirst_and_body(editor_client):
    in_body = DraftArticleFactory(body="Cathode precursor output in Tangier.")
    in_title = PublishedArticleFactory(title="Anode plant approved")
    DraftArticleFactory(title="Solar farm", dek="Panels.", body="Nothing else.")
    found = editor_client.get("/admin/articles/article/", {"q": "tangier"}).context["cl"]
    assert list(found.result_list) == [in_body]
    found = editor_client.get("/admin/articles/article/", {"q": "anode plant"}).context["cl"]
    assert list(found.result_list) == [in_title]


def test_the_article_list_search_finds_a_story_by_the_start_of_its_slug(editor_client):
    story = DraftArticleFactory(slug="btr-signs-297m-cathode-plant-morocco", title="Other words")
    found = editor_client.get("/admin/articles/article/", {"q": "btr-signs-297m"})
    assert list(found.context["cl"].result_list) == [story]


def test_the_article_lists_pages_follow_each_other_newest_first(editor_client):
    PublishedArticleFactory.create_batch(60)
    first = editor_client.get("/admin/articles/article/").context["cl"]
    second = editor_client.get("/admin/articles/article/", {"p": 2}).context["cl"]
    shown = [*first.result_list, *second.result_list]
    expected = list(Article.objects.order_by("-published_at", "-pk"))
    assert shown == expected
    assert (len(first.result_list), first.result_count) == (50, 60)


def test_the_article_list_runs_the_same_queries_for_60_and_120_articles(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            editor_client.get("/admin/articles/article/")
        return len(captured)

    PublishedArticleFactory.create_batch(60)  # two pages: each page's keys, then its rows
    with_60 = queries()
    PublishedArticleFactory.create_batch(60)
    assert queries() == with_60


def test_lists_with_editable_columns_keep_their_save_button(editor_client):
    SectionFactory()
    page = editor_client.get("/admin/articles/section/").content.decode()
    assert 'name="_save"' in page
