"""Share links on stories, and author pages with photo, role, bio, links and feed."""

from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError

from tests.factories import AuthorFactory, PublishedArticleFactory, jpeg_file

pytestmark = pytest.mark.django_db


def _share_links(html):
    block = html[html.index('class="share"') :]
    block = block[: block.index("</section>")]
    return block


def test_a_story_has_plain_share_links_carrying_its_address_and_title(client, settings):
    settings.SITE_URL = "https://news.example"
    article = PublishedArticleFactory(title="BTR & partners sign", slug="btr-sign")
    by_service = dict(article.share_links())
    assert parse_qs(urlsplit(by_service["LinkedIn"]).query) == {
        "url": ["https://news.example/articles/btr-sign/"]
    }
    assert parse_qs(urlsplit(by_service["X"]).query)["text"] == ["BTR & partners sign"]
    assert (
        "https://news.example/articles/btr-sign/"
        in parse_qs(urlsplit(by_service["WhatsApp"]).query)["text"][0]
    )
    assert by_service["E-mail"].startswith("mailto:?subject=BTR%20%26%20partners%20sign")
    block = _share_links(client.get(article.get_absolute_url()).content.decode())
    assert block.count('class="share__link" href=') == 4
    assert "<script" not in block


def test_an_author_page_shows_photo_role_bio_and_links(client):
    author = AuthorFactory(
        name="Leila Bennani", job_title="North Africa correspondent", bio="Covers the Maghreb.",
        photo=jpeg_file("leila.jpg", size=(400, 400)), website="https://leila.example",
        linkedin_url="https://www.linkedin.com/in/leila-example",
    )  # fmt: skip
    PublishedArticleFactory(authors=[author])
    html = client.get(author.get_absolute_url()).content.decode()
    assert 'class="author-profile__photo"' in html
    assert "North Africa correspondent" in html and "Covers the Maghreb." in html
    assert 'href="https://leila.example" rel="me noopener">Website' in html
    assert "linkedin.com/in/leila-example" in html
    assert f'href="/feeds/authors/{author.slug}/"' in html


def test_an_author_photo_must_be_large_enough(client):
    author = AuthorFactory.build(photo=jpeg_file("tiny.jpg", size=(80, 80)))
    with pytest.raises(ValidationError, match="wide"):
        author.full_clean()


def test_an_author_feed_lists_that_authors_stories_only(client):
    author, other = AuthorFactory(name="Mei Lin"), AuthorFactory(name="Someone Else")
    PublishedArticleFactory(title="Mei's story", authors=[author])
    PublishedArticleFactory(title="Another story", authors=[other])
    for url in (author.get_feed_url(), author.get_feed_url() + "atom/"):
        response = client.get(url)
        assert response.status_code == 200
        feed = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
        titles = [e.text for e in feed.iter()
                  if e.tag.endswith("title")]  # fmt: skip
        assert "Mei's story" in titles and "Another story" not in titles
