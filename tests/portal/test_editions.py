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
from tests.factories import (
    AuthorFactory,
    CompanyFactory,
    DealFactory,
    PublishedArticleFactory,
    SectionFactory,
)

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


# Linked editions: hreflang, the language switch, sitemaps (issue 29).


def _hreflang(page):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))


def _switch(page):
    return re.search(r'<p class="edition-switch"><a href="([^"]+)"[^>]*>([^<]+)</a>(.*?)</p>', page)


@pytest.fixture
def versions(story):
    """The English story and its Chinese version (own record, same translation key)."""
    chinese = PublishedArticleFactory(
        section=story.section, language="zh-hans", translation_key=story.translation_key,
        title="贝特瑞在丹吉尔", slug=f"{story.slug}-zh",
    )  # fmt: skip
    return story, chinese


def test_a_story_and_its_chinese_version_name_each_other_in_hreflang(client, versions, settings):
    story, chinese = versions
    english_links = _hreflang(client.get(story.get_absolute_url()).content.decode())
    chinese_links = _hreflang(client.get(chinese.get_absolute_url()).content.decode())
    expected = {
        "en": f"{settings.SITE_URL}/articles/{story.slug}/",
        "zh-Hans": f"{settings.SITE_URL}/zh/articles/{chinese.slug}/",
        "x-default": f"{settings.SITE_URL}/articles/{story.slug}/",
    }
    assert english_links == chinese_links == expected


def test_a_story_without_a_version_names_no_other_edition(client, story):
    assert _hreflang(client.get(story.get_absolute_url()).content.decode()) == {}


def test_an_unpublished_version_is_neither_linked_nor_switched_to(client, versions):
    story, chinese = versions
    chinese.status = chinese.Status.DRAFT
    chinese.save()
    page = client.get(story.get_absolute_url()).content.decode()
    assert _hreflang(page) == {}
    assert _switch(page)[1] == "/zh/"


def test_the_switch_goes_to_the_storys_version_in_the_other_edition(client, versions):
    story, chinese = versions
    switch = _switch(client.get(chinese.get_absolute_url()).content.decode())
    assert (switch[1], switch[2], switch[3]) == (story.get_absolute_url(), "English", "")
    back = _switch(client.get(story.get_absolute_url()).content.decode())
    assert (back[1], back[2]) == (chinese.get_absolute_url(), "简体中文")


def test_without_a_version_the_switch_goes_to_the_other_front_page_and_says_so(client, zh_story):
    switch = _switch(client.get(zh_story.get_absolute_url()).content.decode())
    assert switch[1] == "/"
    assert "English" in switch[3] and "首页" in switch[3]


def test_pages_of_shared_records_link_their_page_in_both_editions(client, settings):
    company = CompanyFactory(slug="btr")
    for path in [f"/companies/{company.slug}/", "/deals/", "/news/", "/"]:
        english = _hreflang(client.get(path).content.decode())
        chinese = _hreflang(client.get(f"/zh{path}").content.decode())
        assert (
            english
            == chinese
            == {
                "en": f"{settings.SITE_URL}{path}",
                "zh-Hans": f"{settings.SITE_URL}/zh{path}",
                "x-default": f"{settings.SITE_URL}{path}",
            }
        ), path


def test_the_sitemap_lists_each_story_once_per_edition_with_its_versions(client, versions):
    story, chinese = versions
    lone = PublishedArticleFactory(language="zh-hans", slug="only-in-chinese")
    xml = client.get("/sitemap-articles.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert sorted(loc.split("/", 3)[3] for loc in locations) == sorted(
        [f"articles/{story.slug}/", f"zh/articles/{chinese.slug}/", f"zh/articles/{lone.slug}/"]
    )
    alternates = re.findall(r'hreflang="([^"]+)"\s+href="https?://[^/"]+(/[^"]*)"', xml)
    pair = [("en", f"/articles/{story.slug}/"), ("zh-Hans", f"/zh/articles/{chinese.slug}/")]
    assert alternates.count(pair[0]) == alternates.count(pair[1]) == 2  # in both entries
    assert sum(1 for lang, _ in alternates if lang == "x-default") == 2  # both of the pair


def test_the_news_sitemap_gives_each_storys_language(client, versions):
    xml = client.get("/news-sitemap.xml").content.decode()
    assert xml.count("<news:language>en</news:language>") == 1
    assert xml.count("<news:language>zh-cn</news:language>") == 1


def test_structured_data_says_the_storys_language(client, versions):
    story, chinese = versions
    assert '"inLanguage": "zh-Hans"' in client.get(chinese.get_absolute_url()).content.decode()
    assert '"inLanguage": "en"' in client.get(story.get_absolute_url()).content.decode()


# Chinese as a Chinese reader expects it.


def test_chinese_amounts_and_capacities_are_written_in_wan_and_yi():
    from companies.templatetags.money import compact_money, exact_money, quantity

    with translation.override("zh-hans"):
        assert compact_money(297_000_000) == "2.97亿美元"
        assert compact_money(3_000_000_000, "MAD") == "30亿迪拉姆"
        assert exact_money(297_123_456) == "297,123,456美元"  # no digit rounded away
        assert quantity(50_000, "吨/年") == "5万吨/年"
    assert compact_money(297_000_000) == "USD 297 million"
    assert exact_money(297_000_000) == "USD 297,000,000"
    assert quantity(50_000, "t/yr") == "50,000 t/yr"


def test_the_deal_page_gives_its_figures_once_in_each_editions_words(client):
    deal = DealFactory(amount=297_000_000, amount_usd=297_000_000, capacity=50_000,
                       capacity_unit="t/yr", title="BTR cathode plant")  # fmt: skip
    deal.title_zh_hans = "贝特瑞正极材料工厂"
    deal.save()
    chinese = client.get(f"/zh/deals/{deal.slug}/").content.decode()
    english = client.get(f"/deals/{deal.slug}/").content.decode()
    assert "2.97亿美元" in chinese and "5万吨/年" in chinese and "贝特瑞正极材料工厂" in chinese
    assert "USD 297,000,000" in english and "50,000 t/yr" in english
    assert "BTR cathode plant" in english and "贝特瑞" not in english


def test_a_line_break_inside_chinese_text_is_not_shown_as_a_space():
    from portal.markdown import render_markdown

    assert render_markdown("工厂选址\n穆罕默德六世") == "<p>工厂选址穆罕默德六世</p>"
    assert render_markdown("two\nlines") == "<p>two\nlines</p>"


def test_a_line_break_from_a_browser_form_inside_chinese_text_is_joined_too():
    from portal.markdown import render_markdown

    # A textarea sends CRLF line breaks: what the admin saves and previews.
    assert render_markdown("工厂选址\r\n穆罕默德六世") == "<p>工厂选址穆罕默德六世</p>"


def test_a_chinese_reader_agrees_to_the_chinese_text_and_the_record_says_so(client, settings):
    from leads.consent import CONTACT, current
    from leads.models import Consent

    settings.LEADS_MIN_FILL_SECONDS = 0
    form = client.get("/zh/contact/").content.decode()
    assert current(CONTACT, "zh-hans").text in form
    response = client.post("/zh/contact/", {
        "kind": "enquiry", "name": "王芳", "email": "wang@example.com", "company": "某电池公司",
        "job_title": "采购经理", "country": "CN", "topic": "负极材料", "consent": "on",
        **_guard_fields(form),
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"].startswith("/zh/contact/thanks/")
    consent = Consent.objects.get()
    assert (consent.language, consent.text) == ("zh-hans", current(CONTACT, "zh-hans").text)


def test_a_chinese_readers_report_link_comes_in_chinese_and_the_sales_desk_reads_english(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import ReportFactory

    settings.LEADS_MIN_FILL_SECONDS = 0
    report = ReportFactory(language="zh-hans", title="贝特瑞在摩洛哥", slug="btr-morocco-zh")
    form = client.get(f"/zh/reports/{report.slug}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/zh/reports/{report.slug}/", {
            "kind": "report", "name": "王芳", "email": "wang@example.com", "company": "某电池公司",
            "job_title": "采购经理", "country": "CN", "consent": "on", **_guard_fields(form),
        })  # fmt: skip
    reader = next(m for m in mailoutbox if m.to == ["wang@example.com"])
    assert reader.subject == "您的报告：贝特瑞在摩洛哥"
    assert "王芳，您好" in reader.body and "/zh/reports/btr-morocco-zh/download/" in reader.body
    sales = next(m for m in mailoutbox if m.to != ["wang@example.com"])
    assert "王芳" in sales.body and "您好" not in sales.body


def _guard_fields(page):
    """The spam guard's token of a rendered form (leads.spam)."""
    return {"form_token": re.search(r'name="form_token" value="([^"]*)"', page)[1]}


def test_the_api_lists_one_editions_stories_english_unless_asked(client, story, zh_story):
    def slugs(**params):
        return [item["slug"] for item in client.get("/api/v1/articles/", params).json()["results"]]

    assert slugs() == [story.slug]
    assert slugs(language="zh-hans") == [zh_story.slug]
    assert client.get("/api/v1/articles/", {"language": "fr"}).status_code == 400


def test_an_editor_starts_the_chinese_version_of_a_story_as_a_draft_to_translate(admin_client):
    from articles.models import Article

    story = PublishedArticleFactory(tags=["Cathode"], title="BTR in Tangier")
    story.companies.add(CompanyFactory())
    response = admin_client.post("/admin/articles/article/", {
        "action": "start_versions", "_selected_action": [story.pk],
    })  # fmt: skip
    chinese = Article.objects.get(language="zh-hans")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{chinese.pk}/change/"
    assert (chinese.translation_key, chinese.status, chinese.slug, chinese.title) == (
        story.translation_key,
        "draft",
        f"{story.slug}-zh",
        "BTR in Tangier",
    )
    assert [t.name for t in chinese.tags.all()] == ["Cathode"]
    assert list(chinese.companies.all()) == list(story.companies.all())
    admin_client.post("/admin/articles/article/", {
        "action": "start_versions", "_selected_action": [story.pk],
    })  # fmt: skip
    assert Article.objects.filter(language="zh-hans").count() == 1  # never twice


def test_a_reports_chinese_version_starts_with_its_pdf_and_links_until_its_own_is_uploaded():
    from tests.factories import ReportFactory

    report = ReportFactory()
    chinese = report.start_version("zh-hans")
    assert (chinese.language, chinese.status, chinese.file.name) == (
        "zh-hans",
        "draft",
        report.file.name,
    )
    assert report.start_version("zh-hans") is None


def test_each_edition_has_its_own_feeds(client, story, zh_story):
    english = client.get("/feeds/latest/").content.decode()
    chinese = client.get("/zh/feeds/latest/").content.decode()
    assert "<language>en</language>" in english and story.title in english
    assert zh_story.title not in english
    assert "<language>zh-Hans</language>" in chinese and zh_story.title in chinese
    assert story.title not in chinese and "最新" in chinese
    assert 'href="/zh/feeds/latest/"' in client.get("/zh/").content.decode()


def test_the_chinese_tracker_export_has_chinese_headings_and_the_same_figures(client):
    DealFactory(amount=297_000_000, title="BTR cathode plant")

    def lines(path):
        return b"".join(client.get(path).streaming_content).decode("utf-8-sig").splitlines()

    english, chinese = lines("/deals/export.csv"), lines("/zh/deals/export.csv")
    assert english[0].startswith("slug,title,kind,status,")
    assert chinese[0].startswith("标识,交易,类型,状态,")
    assert english[1].split(",")[10] == chinese[1].split(",")[10] == "297000000.00"


def test_a_latin_name_on_a_chinese_page_says_it_is_english(client):
    author = AuthorFactory(name="Leila Bennani")
    story = PublishedArticleFactory(authors=[author], language="zh-hans")
    english = PublishedArticleFactory(authors=[author])
    chinese_page = client.get(story.get_absolute_url()).content.decode()
    assert re.search(r'<a href="[^"]+" lang="en">Leila Bennani</a>', chinese_page)
    assert 'lang="en">Leila Bennani' not in client.get(english.get_absolute_url()).content.decode()


def test_an_editor_renames_a_tag_and_gives_it_its_chinese_name(client):
    from django.contrib.auth.models import Group, User

    from articles.models import Tag

    editor = User.objects.create_user("eddie", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    tag = Tag.objects.create(name="Anode", slug="anode")
    assert client.get("/admin/taggit/tag/").status_code == 404  # the stale copy is gone
    words = {"name": "Anodes", "name_zh_hans": "负极材料", "slug": "anode"}
    response = client.post(f"/admin/articles/tag/{tag.pk}/change/", words)
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name_en_gb, tag.name_zh_hans) == ("Anodes", "负极材料")
