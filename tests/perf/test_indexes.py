"""The pages' queries can use indexes: no sequential scan of the articles table (PostgreSQL).

The planner prefers sequential scans on small tables, so each plan is taken with
sequential scans discouraged: a `Seq Scan` that remains means no index can serve it.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from articles.search import ranked_matches
from companies.models import Deal
from tests.factories import AuthorFactory, PublishedArticleFactory, SectionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's; CI runs them"
    ),
]


def _plan(queryset, *, bitmap_only=False):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Plain index scans that only walk an index in sort order and filter every row
        # would hide whether an index can serve the condition itself.
        cursor.execute(f"SET LOCAL enable_indexscan = {'off' if bitmap_only else 'on'}")
    return queryset.explain()


@pytest.fixture
def data():
    section, author = SectionFactory(), AuthorFactory()
    PublishedArticleFactory.create_batch(5, section=section, authors=[author], tags=["Cathode"])
    return section, author


def _querysets(section, author):
    published = Article.objects.published()
    listing = published.for_listing()
    return {
        "article page": published.filter(slug="battery-story-1"),
        "news list": listing[:12],
        "section list": listing.filter(section=section)[:12],
        "tag list": listing.filter(tags__slug="cathode")[:12],
        "author list": listing.filter(authors=author)[:12],
        "news count": published.values("pk"),
        "search": ranked_matches("cathode"),
        "related": published.related_candidates(
            Article.objects.filter(section=section).first(), {1, 2, 3}, 8
        ),
        # The newsroom's list (every state, newest first) and its search.
        "admin list": Article.objects.order_by("-published_at", "-pk").values("pk")[:50],
        "admin search": Article.objects.matching("cathode").order_by("-published_at", "-pk"),
    }


@pytest.mark.parametrize(
    "name",
    ["article page", "news list", "section list", "tag list", "author list", "news count",
     "search", "related", "admin list", "admin search"],
)  # fmt: skip
def test_page_queries_use_an_index_on_articles(data, name):
    plan = _plan(_querysets(*data)[name])
    assert "Seq Scan on articles_article" not in plan, plan


def test_related_candidates_need_no_scan_of_the_archive():
    """At a few thousand articles an OR of the two sets of ids scans the table."""
    call_command("seed_bulk", "--articles=3000", "--companies=20", "--deals=0", "--leads=0",
                 "--quiet", stdout=io.StringIO())  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    article = Article.objects.published().first()
    plan = Article.objects.published().related_candidates(article, {1, 2, 3}, 8).explain()
    assert "Seq Scan on articles_article" not in plan, plan


def test_search_uses_the_gin_index(data):
    section, author = data
    call_command("seed_bulk", "--articles=3000", "--companies=20", "--deals=0", "--leads=0",
                 "--quiet", stdout=io.StringIO())  # fmt: skip
    PublishedArticleFactory.create_batch(3, body="A zirconium cathode coating.", section=section)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    plan = _plan(ranked_matches("zirconium"))
    assert "article_search_idx" in plan, plan


def test_deal_tracker_sort_and_filters_use_indexes():
    for queryset in [
        Deal.objects.order_by("-key_date", "-id")[:20],
        Deal.objects.filter(segment="cathode").order_by("-key_date")[:20],
        Deal.objects.filter(country="MA").order_by("-key_date")[:20],
        Deal.objects.filter(year=2024)[:20],
    ]:
        plan = _plan(queryset)
        assert "Seq Scan on companies_deal" not in plan, plan


def test_company_and_deal_name_searches_use_trigram_indexes():
    from articles.search import search_companies, search_deals

    call_command("seed_bulk", "--articles=0", "--companies=3000", "--deals=2000", "--leads=0",
                 "--quiet", stdout=io.StringIO())  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE companies_company")
        cursor.execute("ANALYZE companies_deal")
    company_plan = _plan(search_companies("baoan"), bitmap_only=True)
    assert "Seq Scan on companies_company" not in company_plan, company_plan
    assert "trgm" in company_plan
    deal_plan = _plan(search_deals("tangier"), bitmap_only=True)
    assert "Seq Scan on companies_deal" not in deal_plan, deal_plan


def test_the_sales_desk_search_uses_trigram_indexes(rf):
    """A search by part of a name, an e-mail address or a company, as the admin runs it."""
    from django.contrib.admin.sites import site

    from leads.models import Lead

    call_command("seed_bulk", "--articles=0", "--companies=0", "--deals=0", "--leads=3000",
                 "--quiet", stdout=io.StringIO())  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE leads_lead")
    admin = site._registry[Lead]
    for term in ["amina", "reader12@", "atlas"]:
        found, _ = admin.get_search_results(rf.get("/"), Lead.objects.all(), term)
        plan = _plan(found, bitmap_only=True)
        assert "Seq Scan on leads_lead" not in plan, plan
        assert "trgm" in plan, plan
