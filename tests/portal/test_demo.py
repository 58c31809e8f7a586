import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Author, Image, Section

pytestmark = pytest.mark.django_db


def _counts():
    from leads.models import Lead

    return (
        Lead.objects.count(),
        Section.objects.count(),
        Author.objects.count(),
        Article.objects.count(),
        get_user_model().objects.count(),
    )


def test_load_demo_creates_at_least_eight_published_articles_with_images(demo_content):
    published = Article.objects.published()
    assert published.count() >= 8
    assert all(article.hero and article.hero.alt_text for article in published)


def test_load_demo_twice_creates_nothing_twice(demo_content):
    before = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before


def test_load_demo_prints_the_demo_passwords_only_the_first_time(settings):
    settings.DEBUG = True
    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    assert "username: editor" in first.getvalue()
    assert "username: sales" in first.getvalue()
    assert "password:" not in second.getvalue()


def test_demo_editor_can_log_in_with_the_printed_password(client, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if "username: editor" in line)
    password = line.split("password:")[1].strip()
    client.post("/admin/login/", {"username": "editor", "password": password, "next": "/admin/"})
    assert client.get("/admin/articles/article/").status_code == 200


def test_load_demo_creates_no_accounts_when_debug_is_off(settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def test_demo_stories_not_from_the_brief_are_marked_as_demo(demo_content):
    demo = Article.objects.filter(tags__name="Demo content")
    assert demo.count() >= 3
    assert all("demo content" in article.body_html for article in demo)


def test_demo_sales_account_can_open_the_sales_desk_but_not_articles(client, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if "username: sales" in line)
    password = line.split("password:")[1].strip()
    client.post("/admin/login/", {"username": "sales", "password": password, "next": "/admin/"})
    assert client.get("/admin/leads/lead/").status_code == 200
    assert client.get("/admin/articles/article/").status_code == 403


def test_demo_leads_include_one_from_the_btr_article(demo_content):
    from leads.models import Lead

    assert Lead.objects.filter(article__slug="btr-signs-297m-cathode-plant-morocco").exists()


def test_demo_images_have_their_size_stored_so_pages_never_open_image_files(
    client, demo_content, settings
):
    import shutil

    assert not Image.objects.filter(width__isnull=True)
    assert not Image.objects.filter(card_renditions=[])
    shutil.rmtree(settings.MEDIA_ROOT)
    for url in ["/", "/news/", "/articles/btr-signs-297m-cathode-plant-morocco/"]:
        assert client.get(url).status_code == 200


def test_the_chinese_demo_report_has_its_own_chinese_pdf(demo_content):
    import pypdf

    from articles.reports.models import Report

    chinese = Report.objects.get(language="zh-hans")
    reader = pypdf.PdfReader(chinese.file.open("rb"))
    assert len(reader.pages) == chinese.page_count == 3
    assert "贝特瑞在摩洛哥" in reader.pages[0].extract_text()
    assert "5万吨/年" in reader.pages[2].extract_text()  # the same figures, in Chinese
    assert chinese.file_bytes == chinese.file.size
