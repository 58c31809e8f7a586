"""Two editions, one site: English at the root, 简体中文 under /zh/ (portal/editions.py)."""

import gettext
import re
import shutil
from datetime import UTC, datetime

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from portal.catalogues import LOCALE, compile_catalogues
from tests.factories import AuthorFactory, PublishedArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _lang(page):
    return re.search(r'<html lang="([^"]+)"', page)[1]


def _nav(page):
    return re.findall(r'class="site-nav__link[^"]*" href="([^"]+)"[^>]*>([^<]+)<', page)


@pytest.fixture
def section(db):
    return SectionFactory(name="Batteries", slug="batteries")


@pytest.fixture
def story(section):
    return PublishedArticleFactory(section=section)


@pytest.fixture
def zh_story(section):
    return PublishedArticleFactory(section=section, language="zh-hans", title="贝特瑞在丹吉尔")


def test_the_english_edition_keeps_its_urls_and_says_it_is_english(client, story):
    response = client.get("/")
    page = response.content.decode()
    assert (_lang(page), response["Content-Language"]) == ("en", "en")
    assert ("/news/", "Latest") in _nav(page)
    assert f'href="/articles/{story.slug}/"' in page


def test_the_chinese_edition_lives_under_zh_with_its_own_links(client, zh_story):
    response = client.get("/zh/")
    page = response.content.decode()
    assert response.status_code == 200
    assert (_lang(page), response["Content-Language"]) == ("zh-Hans", "zh-Hans")
    assert _nav(page)[:2] == [("/zh/news/", "最新"), ("/zh/sections/batteries/", "Batteries")]
    assert ("/zh/companies/", "企业") in _nav(page)
    assert f'href="/zh/articles/{zh_story.slug}/"' in page
    assert "Skip to content" not in page and "跳到正文" in page


def test_the_browsers_language_never_changes_a_page(client, story):
    plain = client.get("/news/")
    asked_in_chinese = client.get("/news/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert asked_in_chinese.status_code == 200  # no redirect to /zh/
    assert asked_in_chinese.content == plain.content
    assert "Accept-Language" not in asked_in_chinese.get("Vary", "")


def test_each_edition_lists_only_its_own_stories(client, story, zh_story):
    client.get("/")  # English cards and navigation, cached
    page = client.get("/zh/").content.decode()
    assert f'href="/zh/articles/{zh_story.slug}/"' in page
    assert story.slug not in page
    english = client.get("/").content.decode()
    assert f'href="/articles/{story.slug}/"' in english and zh_story.slug not in english


def test_a_story_has_one_address_in_its_own_edition(client, story, zh_story):
    assert zh_story.get_absolute_url() == f"/zh/articles/{zh_story.slug}/"
    assert client.get(f"/articles/{zh_story.slug}/").status_code == 404
    assert client.get(f"/zh/articles/{story.slug}/").status_code == 404


def test_reversed_urls_follow_the_active_edition():
    assert reverse("companies:deal_list") == "/deals/"
    with translation.override("zh-hans"):
        assert reverse("companies:deal_list") == "/zh/deals/"
    assert reverse("admin:index") == "/admin/"  # the admin has one address, in English


def test_the_chinese_404_page_is_in_chinese(client):
    response = client.get("/zh/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert _lang(page) == "zh-Hans"
    assert "页面不存在" in page and 'href="/zh/"' in page


def test_the_english_404_page_is_unchanged(client):
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page and _lang(page) == "en"


def test_every_string_of_the_chinese_catalogue_is_translated():
    catalogue = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_catalogues_compile_in_python_into_what_gettext_reads(tmp_path):
    shutil.copytree(LOCALE, tmp_path / "locale")
    for stale in (tmp_path / "locale").rglob("*.mo"):
        stale.unlink()
    [compiled] = compile_catalogues(tmp_path / "locale")
    with compiled.open("rb") as mo:
        assert gettext.GNUTranslations(mo).gettext("Search") == "搜索"
    assert compile_catalogues(tmp_path / "locale") == []  # current: not compiled again


def test_the_chinese_edition_writes_dates_the_chinese_way_in_beijing_time(client):
    published = datetime(2024, 3, 29, 17, 30, tzinfo=UTC)  # 01:30 on the 30th in Beijing
    story = PublishedArticleFactory(published_at=published, language="zh-hans")
    card = client.get("/zh/news/").content.decode()
    page = client.get(story.get_absolute_url()).content.decode()
    assert ">2024年3月30日</time>" in card
    assert ">2024年3月30日 01:30（北京时间）</time>" in page


def test_the_english_edition_keeps_its_dates(client, settings):
    story = PublishedArticleFactory(published_at=datetime(2024, 3, 29, 17, 30, tzinfo=UTC))
    assert ">29 Mar 2024</time>" in client.get("/news/").content.decode()
    page = client.get(story.get_absolute_url()).content.decode()
    assert ">29 March 2024, 17:30 UTC</time>" in page


def test_the_chinese_front_page_and_bylines_speak_chinese(client):
    authors = [AuthorFactory(name="Leila Bennani"), AuthorFactory(name="Tom Whitaker")]
    story = PublishedArticleFactory(authors=authors, language="zh-hans")
    english_story = PublishedArticleFactory(authors=authors)
    page = client.get("/zh/").content.decode()
    for words in ("最新", "订阅新闻简报", "每个工作日早晨送上电池供应链要闻"):
        assert words in page
    story_page = client.get(story.get_absolute_url()).content.decode()
    assert re.search(r"Leila Bennani</a>和<a [^>]+>Tom Whitaker", story_page)
    assert "免费获取完整报告" in story_page and ">首页</a>" in story_page
    assert "作者：" in story_page and "分享本文" in story_page and "min read" not in story_page
    english = client.get(english_story.get_absolute_url()).content.decode()
    assert re.search(r"Leila Bennani</a> and <a [^>]+>Tom Whitaker", english)
