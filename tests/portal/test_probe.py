"""What an outside probe of the production setup found: each answers 4xx or the designed page."""

from unittest.mock import MagicMock
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from articles.models import Article
from leads.models import Lead
from tests.factories import (
    DealFactory,
    DraftArticleFactory,
    PublishedArticleFactory,
    StaffUserFactory,
    user_in_group,
)
from tests.leads.helpers import lead_post_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("referer", ["http://[", "https://[x]/", "http://host:99999/"])
def test_a_referer_that_is_not_a_url_still_shows_the_form(client, referer):
    response = client.get("/contact/", HTTP_REFERER=referer)
    assert response.status_code == 200
    assert response.context["form"].initial["page_url"] == referer


@pytest.mark.parametrize("field", ["page_url", "referrer"])
@pytest.mark.parametrize("value", ["http://[", "https://[x]/", "http://host:99999/"])
def test_a_posted_url_that_is_not_a_url_is_dropped_and_the_lead_kept(client, field, value):
    response = client.post("/contact/", lead_post_data(**{field: value}), HTTP_REFERER=value)
    assert response.status_code == 302
    assert getattr(Lead.objects.get(), field) == ""


@pytest.mark.parametrize("length", [255, 256, 4000])
def test_a_media_file_name_too_long_for_the_disk_is_a_404(client, length):
    assert client.get("/media/" + "a" * length).status_code == 404


def test_media_files_are_still_served(client, settings):
    folder = settings.MEDIA_ROOT / "articles"
    folder.mkdir(parents=True)
    (folder / "note.txt").write_text("hello")
    response = client.get("/media/articles/note.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"hello"


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "utf-16-le"])
@pytest.mark.parametrize("url", ["/contact/", "/admin/login/"])
def test_a_form_posted_in_a_charset_forms_cannot_use_gets_a_400(url, charset):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        url, b"name=x&email=y", content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8"])
def test_forms_in_utf_8_are_read(client, charset):
    body = urlencode(lead_post_data()).encode()
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    assert client.post("/contact/", body, content_type=content_type).status_code == 302


def _view_on_site(article):
    content_type = ContentType.objects.get_for_model(Article)
    return f"/admin/r/{content_type.pk}/{article.pk}/"


def test_view_on_site_does_not_lead_sales_to_a_draft(client):
    client.force_login(user_in_group("Sales", "sally"))
    draft = DraftArticleFactory(slug="secret-draft-scoop")
    response = client.get(_view_on_site(draft))
    assert response.status_code == 404
    assert "secret-draft-scoop" not in response.get("Location", "")


def test_view_on_site_does_not_tell_which_ids_exist(client):
    client.force_login(user_in_group("Sales", "sally"))
    draft = DraftArticleFactory()
    content_type = ContentType.objects.get_for_model(Article)
    missing = client.get(f"/admin/r/{content_type.pk}/999999/")
    assert client.get(_view_on_site(draft)).status_code == missing.status_code == 404


def test_view_on_site_opens_an_editors_draft_in_the_staff_preview(editor_client):
    draft = DraftArticleFactory()
    response = editor_client.get(_view_on_site(draft))
    assert response.status_code == 302
    assert response["Location"] == draft.get_preview_url()


def test_view_on_site_opens_a_published_article_on_the_site(editor_client):
    article = PublishedArticleFactory()
    response = editor_client.get(_view_on_site(article))
    assert response.status_code == 302
    assert response["Location"].endswith(article.get_absolute_url())


def test_view_on_site_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get(_view_on_site(DraftArticleFactory()))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/tag-suggestions/?q=%00",
        "/admin/articles/article/?status__exact=%00",
        "/admin/autocomplete/?app_label=articles&model_name=article&field_name=companies&term=%00",
        "/admin/leads/lead/?q=a%00b",
        "/search/?q=%00",
    ],
)
def test_a_nul_character_in_a_parameter_gets_a_400_not_a_500(client, url):
    client.force_login(StaffUserFactory(is_superuser=True))
    assert client.get(url).status_code == 400


def test_a_nul_character_in_a_parameter_name_gets_a_400(client):
    assert client.get("/news/?%00=1").status_code == 400


def test_an_anonymous_preview_link_leads_to_the_admin_sign_in(client):
    response = client.get(DraftArticleFactory().get_preview_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert client.get(response["Location"]).status_code == 200


def test_a_sign_in_whose_next_is_refused_lands_in_the_admin(client):
    get_user_model().objects.create_user("eddie", password="right-password-123", is_staff=True)
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": "eddie", "password": "right-password-123", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


def test_the_lockout_page_says_how_long_in_words(settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client(REMOTE_ADDR="203.0.113.50")
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "x", "password": "wrong"})
    assert response.status_code == 429
    assert "locked for 15\u00a0minutes".encode() in response.content
    assert b"PT15M" not in response.content


def test_public_pages_allow_no_inline_styles(client):
    PublishedArticleFactory()
    for url in ["/", "/news/", "/contact/", "/deals/", "/no-such-page/"]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy, url


def test_the_admin_alone_may_use_inline_styles(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    policy = client.get("/admin/articles/article/add/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy or policy.endswith("script-src 'self'")


@pytest.mark.parametrize("url", ["/deals/export.csv", "/deals/export.json"])
def test_an_export_while_the_database_is_down_is_the_503_page_not_a_cut_off_file(
    client, monkeypatch, url
):
    DealFactory()
    client.get("/deals/")  # the filter's choices are now kept in the cache, as in production

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 503
    assert b"We will be back in a moment" in response.content


def test_a_database_outage_met_by_the_page_cache_is_the_503_page_not_a_500(
    client, monkeypatch, settings
):
    settings.PAGE_CACHE_SECONDS = 60  # the page cache asks the database for the next
    cache.clear()  # scheduled publication when it has no content state

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"We will be back in a moment" in response.content


def test_an_upload_announced_too_large_is_refused_before_it_is_read(client):
    body = MagicMock(side_effect=AssertionError("the body was read"))
    response = client.generic(
        "POST", "/contact/", b"", CONTENT_LENGTH=str(40 * 1024 * 1024),
        content_type="multipart/form-data; boundary=x", **{"wsgi.input": body},
    )  # fmt: skip
    assert response.status_code == 413
    body.assert_not_called()


def test_the_admin_takes_an_image_upload_larger_than_a_public_form(editor_client):
    response = editor_client.generic(
        "POST", "/admin/articles/article/add/", b"x" * (5 * 1024 * 1024),
        content_type="multipart/form-data; boundary=x",
    )  # fmt: skip
    assert response.status_code != 413
