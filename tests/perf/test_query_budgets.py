"""Every public page runs the same, small number of SQL queries at two data sizes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Event
from portal.cache import invalidate_content
from tests.factories import (
    AuthorFactory,
    CompanyFactory,
    DealFactory,
    DealPartyFactory,
    EventFactory,
    PublishedArticleFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db
MAX_QUERIES = 10
# Pages allowed one more, and why: a profile lists its company's upcoming events, and the
# sitemap index counts the events' sitemap (issue 31).
BUDGETS = {"/companies/anchor-company/": 11, "/zh/companies/anchor-company/": 11,
           "/sitemap.xml": 11}  # fmt: skip

PAGES = [
    "/", "/news/", "/news/?page=2", "/sections/desk/", "/tags/cathode/", "/authors/lead-writer/",
    "/articles/anchor-story/", "/search/?q=cathode", "/companies/", "/companies/anchor-company/",
    "/deals/", "/deals/?country=MA&sort=amount", "/deals/anchor-deal/", "/contact/",
    "/contact/?article=anchor-story", "/feeds/latest/", "/feeds/atom/",
    "/feeds/sections/desk/", "/feeds/tags/cathode/", "/sitemap.xml", "/sitemap-articles.xml",
    "/sitemap-tags.xml", "/sitemap-companies.xml", "/sitemap-deals.xml", "/news-sitemap.xml",
    "/robots.txt", "/healthz",
    # The Chinese edition: the same budget (issue 29).
    "/zh/", "/zh/news/", "/zh/sections/desk/", "/zh/tags/cathode/", "/zh/articles/anchor-story-zh/",
    "/zh/search/?q=正极", "/zh/companies/anchor-company/", "/zh/deals/", "/zh/deals/anchor-deal/",
    "/zh/contact/?article=anchor-story-zh",
    # Events (issue 31).
    "/events/", "/events/?kind=webinar&company=anchor-company", "/events/anchor-event/",
    "/events/anchor-event/calendar.ics", "/events/calendar.ics", "/feeds/events/",
    "/sitemap-events.xml",
]  # fmt: skip


def _add_content(count, section, author, company, anchor_deal):
    for number in range(count):
        article = PublishedArticleFactory(
            section=section if number % 2 else SectionFactory(),
            authors=[author, AuthorFactory()],
            tags=["Cathode", f"topic-{number}"],
            body="A cathode story.",
        )
        article.companies.add(company)
        if number % 3 == 0:  # its Chinese version
            chinese = PublishedArticleFactory(
                section=article.section, authors=[author], tags=["Cathode"], body="正极材料报道。",
                language="zh-hans", translation_key=article.translation_key,
            )  # fmt: skip
            chinese.companies.add(company)
        deal = DealFactory(country="MA")
        DealPartyFactory(deal=deal, company=company)
        DealPartyFactory(deal=deal)
        anchor_deal.related_deals.add(deal)
        CompanyFactory(parent=company)
        event = EventFactory(kind="webinar")
        event.sponsors.add(company, CompanyFactory())
        event.speakers.create(name=f"Speaker {number}", company=CompanyFactory())
        anchor_event = Event.objects.get(slug="anchor-event")
        anchor_event.speakers.create(name=f"Panellist {number}", company=CompanyFactory())
        anchor_event.sponsors.add(CompanyFactory())
        anchor_event.articles.add(article)


def _queries(client, url):
    cache.clear()
    invalidate_content()  # every entry stale, as after a content change
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return len(captured)


@pytest.fixture
def site():
    section = SectionFactory(slug="desk", name="Desk")
    author = AuthorFactory(slug="lead-writer")
    company = CompanyFactory(slug="anchor-company")
    deal = DealFactory(slug="anchor-deal")
    anchor = PublishedArticleFactory(slug="anchor-story", section=section, tags=["Cathode"])
    anchor.companies.add(company)
    anchor.deals.add(deal)
    chinese = PublishedArticleFactory(
        slug="anchor-story-zh", section=section, tags=["Cathode"], language="zh-hans",
        translation_key=anchor.translation_key, title="正极材料工厂", body="正极材料。",
    )  # fmt: skip
    chinese.companies.add(company)
    chinese.deals.add(deal)
    EventFactory(slug="anchor-event").companies.add(company)
    return section, author, company, deal


def test_every_public_page_keeps_its_query_budget_as_data_grows(client, site):
    _add_content(13, *site)
    small = {url: _queries(client, url) for url in PAGES}
    _add_content(40, *site)
    large = {url: _queries(client, url) for url in PAGES}
    assert large == small
    over = {url: n for url, n in large.items() if n > BUDGETS.get(url, MAX_QUERIES)}
    assert not over, f"pages over {MAX_QUERIES} queries: {over}"
