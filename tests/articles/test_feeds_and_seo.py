import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    AuthorFactory,
    CompanyFactory,
    DealFactory,
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def _public_site_url(settings):
    settings.SITE_URL = "https://news.example.com"


def _xml(response):
    return ET.fromstring(response.content)  # noqa: S314 - our own response


def _json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


# Feeds


def test_rss_feed_lists_published_articles_with_absolute_urls_authors_and_image(client):
    author = AuthorFactory(name="Leila Bennani")
    article = PublishedArticleFactory(
        title="BTR in Tangier", authors=[author], hero=ImageFactory(alt_text="Plant")
    )
    DraftArticleFactory(title="Draft story")
    ScheduledArticleFactory(title="Scheduled story")
    response = client.get("/feeds/latest/")
    assert response.status_code == 200
    channel = _xml(response).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["BTR in Tangier"]
    item = items[0]
    assert item.findtext("link") == f"https://news.example.com{article.get_absolute_url()}"
    assert item.findtext("description") == article.dek
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Leila Bennani"
    enclosure = item.find("enclosure")
    assert enclosure.get("url").startswith("https://news.example.com/media/")
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0


def test_atom_feed_has_absolute_links(client):
    article = PublishedArticleFactory()
    feed = _xml(client.get("/feeds/atom/"))
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == (
        f"https://news.example.com{article.get_absolute_url()}"
    )
    assert entry.find(f"{ATOM}summary").text == article.dek


def test_section_and_tag_feeds_list_only_their_articles(client):
    mine = PublishedArticleFactory(title="In section", tags=["Cathode"])
    PublishedArticleFactory(title="Elsewhere")
    section_feed = _xml(client.get(f"/feeds/sections/{mine.section.slug}/"))
    assert [i.findtext("title") for i in section_feed.iter("item")] == ["In section"]
    tag_feed = _xml(client.get("/feeds/tags/cathode/atom/"))
    assert [e.findtext(f"{ATOM}title") for e in tag_feed.iter(f"{ATOM}entry")] == ["In section"]


@pytest.mark.parametrize("url", ["/feeds/sections/nope/", "/feeds/tags/nope/atom/"])
def test_unknown_feed_sections_and_tags_are_404(client, url):
    assert client.get(url).status_code == 404


# Sitemaps and robots


def test_sitemap_index_lists_every_sitemap(client):
    PublishedArticleFactory()
    locations = [e.text for e in _xml(client.get("/sitemap.xml")).iter(f"{SITEMAP}loc")]
    for name in ["articles", "sections", "tags", "companies", "deals"]:
        assert f"https://news.example.com/sitemap-{name}.xml" in locations


def test_article_sitemap_lists_only_published_articles_with_lastmod(client):
    article = PublishedArticleFactory()
    DraftArticleFactory()
    urls = _xml(client.get("/sitemap-articles.xml")).findall(f"{SITEMAP}url")
    assert [u.findtext(f"{SITEMAP}loc") for u in urls] == [
        f"https://news.example.com{article.get_absolute_url()}"
    ]
    assert urls[0].findtext(f"{SITEMAP}lastmod") == article.updated_at.date().isoformat()


def test_company_deal_section_and_tag_sitemaps(client):
    company, deal = CompanyFactory(), DealFactory()
    article = PublishedArticleFactory(tags=["Cathode"])
    DraftArticleFactory(tags=["Draft only"])
    assert company.get_absolute_url().encode() in client.get("/sitemap-companies.xml").content
    assert deal.get_absolute_url().encode() in client.get("/sitemap-deals.xml").content
    sections = client.get("/sitemap-sections.xml").content
    assert article.section.get_absolute_url().encode() in sections
    tags = client.get("/sitemap-tags.xml").content
    assert b"/tags/cathode/" in tags
    assert b"/tags/draft-only/" not in tags


def test_news_sitemap_lists_articles_of_the_last_two_days(client):
    fresh = PublishedArticleFactory(title="Fresh story", tags=["BTR"])
    old = PublishedArticleFactory(title="Old story")
    Article.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=3))
    response = client.get("/news-sitemap.xml")
    root = _xml(response)
    news = "{http://www.google.com/schemas/sitemap-news/0.9}"
    titles = [e.text for e in root.iter(f"{news}title")]
    assert titles == ["Fresh story"]
    assert root.find(f"{SITEMAP}url").findtext(f"{SITEMAP}loc") == (
        f"https://news.example.com{fresh.get_absolute_url()}"
    )


def test_robots_txt_keeps_crawlers_out_of_admin_and_previews(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Disallow: /preview/" in text
    assert "Sitemap: https://news.example.com/sitemap.xml" in text


# Page metadata and structured data


@pytest.mark.parametrize(
    "url",
    ["/", "/news/", "/sections/investment/", "/tags/btr/", "/authors/leila-bennani/",
     "/articles/btr-signs-297m-cathode-plant-morocco/", "/companies/",
     "/companies/btr-new-material-group/", "/deals/", "/deals/btr-tangier-cathode-plant/",
     "/search/?q=btr", "/contact/"],
)  # fmt: skip
def test_every_page_has_a_canonical_link_and_open_graph_tags(client, demo_content, url):
    text = client.get(url).content.decode()
    assert re.search(r'<link rel="canonical" href="https://news\.example\.com/[^"]*">', text)
    assert '<meta property="og:title"' in text
    assert '<meta property="og:image" content="https://news.example.com/' in text
    assert '<meta name="twitter:card"' in text


def test_article_page_carries_news_article_json_ld(client):
    author = AuthorFactory(name="Leila Bennani")
    article = PublishedArticleFactory(authors=[author], hero=ImageFactory(alt_text="Plant"))
    data = _json_ld(client.get(article.get_absolute_url()))
    news = next(d for d in data if d["@type"] == "NewsArticle")
    assert news["headline"] == article.title
    assert news["image"][0].startswith("https://news.example.com/media/library/renditions/")
    assert news["datePublished"] == article.published_at.isoformat()
    assert news["dateModified"]
    assert news["author"][0]["name"] == "Leila Bennani"
    assert news["publisher"]["logo"]["url"].startswith("https://news.example.com/static/")
    crumbs = next(d for d in data if d["@type"] == "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]] == [
        "Home", article.section.name, article.title,
    ]  # fmt: skip


def test_company_page_carries_organization_json_ld(client, demo_content):
    data = _json_ld(client.get("/companies/btr-new-material-group/"))
    org = next(d for d in data if d["@type"] == "Organization")
    assert org["name"] == "BTR New Material Group"
    assert org["parentOrganization"]["name"] == "China Baoan Group"
    assert org["foundingDate"] == "2000-08"
    assert "贝特瑞" in org["alternateName"]


def test_script_tags_in_titles_cannot_break_out_of_json_ld(client):
    article = PublishedArticleFactory(title='Evil </script><script>alert("x")</script>')
    response = client.get(article.get_absolute_url())
    text = response.content.decode()
    assert '<script>alert("x")</script>' not in text
    news = next(d for d in _json_ld(response) if d["@type"] == "NewsArticle")
    assert news["headline"] == article.title
