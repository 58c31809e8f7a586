import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, TaggedArticle
from companies.models import Company, Deal, DealParty, DealPhase
from leads.models import Lead

pytestmark = pytest.mark.django_db


def _seed(**counts):
    out = io.StringIO()
    args = [f"--{name}={value}" for name, value in counts.items()]
    call_command("seed_bulk", *args, "--quiet", stdout=out)
    return out.getvalue()


def test_seed_bulk_inserts_the_asked_numbers_with_relations():
    output = _seed(articles=60, companies=25, deals=12, leads=30)
    assert Article.objects.count() == 60
    assert Company.objects.count() == 25
    assert Deal.objects.count() == 12
    assert Lead.objects.count() == 30
    assert DealParty.objects.count() == 24
    assert DealPhase.objects.count() == 24
    assert TaggedArticle.objects.exists()
    assert Company.objects.filter(parent__isnull=False).exists()
    assert "rows/s" in output


def test_seeded_stories_carry_their_own_times_and_are_not_shown_as_updated():
    _seed(articles=40, companies=5, deals=2, leads=0)
    live = list(Article.objects.published())
    assert live
    assert all(a.updated_at == a.published_at == a.created_at for a in live)
    assert not any(a.was_updated for a in live)


def test_seeding_invalidates_cached_pages(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    client.get("/news/")
    _seed(articles=5, companies=2, deals=1, leads=0)
    assert client.get("/news/")["X-Cache"] == "MISS"


def test_seeded_deals_respect_the_tracker_rules():
    _seed(companies=5, deals=10, articles=0, leads=0)
    for deal in Deal.objects.prefetch_related("phases"):
        deal.full_clean()
        assert deal.key_date == deal.signed_on and deal.year == deal.signed_on.year
        assert sum(p.capacity for p in deal.phases.all()) <= deal.capacity


def test_seeded_articles_render_on_every_page(client):
    _seed(articles=40, companies=10, deals=5, leads=0)
    article = Article.objects.published().first()
    assert "QQ" not in article.body_html and "987,654,321" not in article.body_html
    for url in ["/", "/news/", article.get_absolute_url(), article.section.get_absolute_url(),
                "/companies/", "/deals/"]:  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_seed_bulk_twice_adds_more_without_clashing():
    _seed(articles=10, companies=3, deals=2, leads=1)
    call_command("seed_bulk", "--articles=10", "--companies=3", "--deals=2", "--leads=1",
                 "--seed=2", "--quiet", stdout=io.StringIO())  # fmt: skip
    assert Article.objects.count() == 20


def test_seed_bulk_refuses_negative_numbers():
    with pytest.raises(CommandError):
        _seed(articles=-1)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search vectors are PostgreSQL's; CI runs this"
)
@pytest.mark.django_db(transaction=True)
def test_seed_bulk_stores_every_search_vector_from_its_worker_thread():
    _seed(articles=450, companies=10, deals=0, leads=20)
    assert not Article.objects.filter(search_vector__isnull=True).exists()
    assert Article.objects.filter(search_vector="cathode").exists()


def test_seeded_leads_spread_over_three_years_about_existing_stories():
    from datetime import timedelta

    from django.utils import timezone

    _seed(articles=20, companies=2, deals=0, leads=0)
    _seed(articles=0, companies=0, deals=0, leads=200)
    times = list(Lead.objects.values_list("created_at", flat=True))
    assert min(times) < timezone.now() - timedelta(days=200)
    assert min(times) > timezone.now() - timedelta(days=3 * 366)
    assert Lead.objects.filter(article__isnull=False).count() == 200
    assert Lead.objects.exclude(utm_source="").exists()
    field = Lead._meta.get_field("created_at")
    assert field.auto_now_add  # left as it was
