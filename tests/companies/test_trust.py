"""Data a reader can trust: dated stories, linked and dated sources, reviews, one segment
vocabulary, organisations of the right kind, and a parent's profile with its group's deals."""

import re
from datetime import date
from decimal import Decimal

import pytest

from companies.forms import CompanyFilterForm, DealFilterForm
from companies.models import CompanyFact, Deal, DealParty, Segment
from tests.factories import CompanyFactory, DealFactory, DealPartyFactory

# Demo stories


@pytest.mark.parametrize(
    "slug, shown",
    [
        ("btr-signs-297m-cathode-plant-morocco", "2024-03-29"),
        ("btr-second-morocco-plant-anode", "2024-08-22"),
        ("btr-indonesia-anode-base", "2024-08-28"),
    ],
)
def test_btr_stories_carry_their_2024_publication_dates(client, demo_content, slug, shown):
    text = client.get(f"/articles/{slug}/").content.decode()
    assert f'datetime="{shown}' in text


# Sources


def _sources(text):
    section = text[text.index(">Sources</h2>") :]
    return re.findall(r"<li id=\"source-\d+\">(.*?)</li>", section, re.S)


@pytest.mark.parametrize("slug", ["btr-tangier-cathode-plant", "btr-morocco-anode-plant"])
def test_every_demo_deal_shows_only_linked_and_dated_sources(client, demo_content, slug):
    sources = _sources(client.get(f"/deals/{slug}/").content.decode())
    assert sources
    for source in sources:
        assert re.search(r'<a href="[^"]+"', source), source
        assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', source), source


def test_every_demo_deal_has_a_linked_dated_source_for_each_figure_it_shows(demo_content):
    for deal in Deal.objects.prefetch_related("sources"):
        shown = {"status", "site"}
        shown |= {"amount"} if deal.amount else set()
        shown |= {"capacity"} if deal.capacity else set()
        shown |= {"jobs"} if deal.jobs else set()
        shown |= {"dates"} if deal.key_date else set()
        reported = set()
        for source in deal.sources.all():
            assert source.url and source.published_on, (deal.slug, source.title)
            reported |= set(source.figures)
        assert shown <= reported, (deal.slug, shown - reported)


def test_figures_point_to_the_numbered_sources_that_report_them(client, demo_content):
    text = client.get("/deals/btr-morocco-anode-plant/").content.decode()
    amount = text[
        text.index("<dt>Amount</dt>") : text.index("</dd>", text.index("<dt>Amount</dt>"))
    ]
    assert 'href="#source-1"' in amount
    assert 'id="source-1"' in text


def test_status_history_links_the_source_of_each_step(client, demo_content):
    text = client.get("/deals/btr-tangier-cathode-plant/").content.decode()
    history = text[text.index(">History</h2>") : text.index(">Sources</h2>")]
    assert 'href="#source-1"' in history


def test_every_key_fact_of_the_demo_shows_a_linked_dated_source_and_its_as_of_date(
    client, demo_content
):
    facts = CompanyFact.objects.select_related("company")
    assert facts
    for fact in facts:
        assert fact.as_of and fact.source_url and fact.source_published_on, fact.label
        text = client.get(fact.company.get_absolute_url()).content.decode()
        row = text[text.index(f'<th scope="row">{fact.label}</th>') :]
        row = row[: row.index("</tr>")]
        assert f'<time datetime="{fact.as_of:%Y-%m-%d}">' in row
        assert f'<a href="{fact.source_url}"' in row
        assert f'<time datetime="{fact.source_published_on:%Y-%m-%d}">' in row


def test_a_source_may_be_one_of_our_stories_or_an_https_address_but_nothing_else(db):
    deal = DealFactory()
    for good in ["/articles/btr-signs-297m-cathode-plant-morocco/", "https://example.com/a"]:
        deal.sources.create(title="Source", url=good).full_clean()
    for bad in ["javascript:alert(1)", "//evil.example/x", "ftp://example.com/f"]:
        with pytest.raises(Exception, match="valid URL"):
            deal.sources.model(deal=deal, title="Source", url=bad).full_clean()


# Reviews


def test_the_tangier_plant_past_its_expected_date_is_marked_possibly_out_of_date(
    client, demo_content
):
    text = client.get("/deals/btr-tangier-cathode-plant/").content.decode()
    assert "Possibly out of date" in text
    assert "Record last reviewed" in text and "12 September 2024" in text
    tracker = client.get("/deals/", {"stale": "on"})
    assert "btr-tangier-cathode-plant" in {d.slug for d in tracker.context["deals"]}
    assert "btr-morocco-anode-plant" not in {d.slug for d in tracker.context["deals"]}


def test_a_review_after_the_expected_date_clears_the_mark(client, demo_content):
    Deal.objects.filter(slug="btr-tangier-cathode-plant").update(reviewed_on=date(2026, 11, 1))
    text = client.get("/deals/btr-tangier-cathode-plant/").content.decode()
    assert "Possibly out of date" not in text


def test_methodology_page_explains_counting_currencies_and_every_status(client, db):
    text = client.get("/deals/methodology/").content.decode()
    for status in Deal.Status:
        assert f"<dt>{status.label}</dt>" in text
    for words in ["exchange rate", "Up to (cap)", "Estimate", "possibly out of date"]:
        assert words in text


# One vocabulary, the right kinds


def test_companies_and_deals_filter_on_the_same_segment_list(db):
    company_choices = CompanyFilterForm().fields["segment"].choices
    deal_choices = DealFilterForm().fields["segment"].choices
    assert company_choices == deal_choices
    assert ("precursor", "Precursor") in deal_choices


def test_a_deals_segment_must_be_one_of_the_vocabulary(db):
    assert Segment.objects.filter(slug="mining-refining").count() == 0
    with pytest.raises(Segment.DoesNotExist):
        DealFactory(segment="made-up")


def test_the_directory_lists_companies_and_investors_but_not_governments(client, demo_content):
    slugs = {c.slug for c in client.get("/companies/").context["companies"]}
    assert "btr-new-material-group" in slugs
    assert "sulawesi-nickel-partners" in slugs  # an investor
    assert "kingdom-of-morocco" not in slugs
    government = client.get("/companies/kingdom-of-morocco/")
    assert government.status_code == 200
    assert "Government" in government.content.decode()


def test_a_parent_profile_rolls_up_its_subsidiaries_deals_marked_as_such(client, demo_content):
    response = client.get("/companies/china-baoan-group/")
    deals = {deal.slug: via for deal, roles, via in response.context["deals"]}
    assert set(deals) == {"btr-tangier-cathode-plant", "btr-morocco-anode-plant"}
    assert all(via for via in deals.values())
    text = response.content.decode()
    assert "No deals recorded yet" not in text
    assert "Subsidiary's deal, through BTR New Material Group" in text
    assert "USD 297 million</strong> reported" in text


def test_the_trackers_company_filter_includes_the_subsidiaries_deals(client, db):
    parent = CompanyFactory(name="Parent Group")
    child = CompanyFactory(name="Child", parent=parent)
    grandchild = CompanyFactory(name="Grandchild", parent=child)
    deals = [DealPartyFactory(company=c).deal for c in (parent, child, grandchild)]
    DealFactory()  # someone else's
    response = client.get("/deals/", {"company": parent.slug})
    assert set(response.context["deals"]) == set(deals)


def test_a_deal_held_by_the_parent_itself_is_not_marked_as_a_subsidiarys(client, db):
    parent = CompanyFactory()
    child = CompanyFactory(parent=parent)
    deal = DealFactory(amount=Decimal("5"))
    DealPartyFactory(deal=deal, company=parent, role=DealParty.Role.INVESTOR)
    DealPartyFactory(deal=deal, company=child, role=DealParty.Role.PROJECT_SUBSIDIARY)
    response = client.get(parent.get_absolute_url())
    assert response.context["deals"] == [(deal, ["Investor"], [])]


# The tracker as a picture


def test_timeline_puts_announced_and_cancelled_investment_in_their_quarters(client, db):
    DealFactory(amount=Decimal("100"), signed_on=date(2024, 2, 10))
    cancelled = DealFactory(amount=Decimal("40"), signed_on=date(2024, 5, 1),
                            status=Deal.Status.CANCELLED)  # fmt: skip
    cancelled.status_history.create(status=Deal.Status.CANCELLED, changed_on=date(2025, 8, 3))
    rows = {row["label"]: row for row in client.get("/deals/").context["timeline"]}
    assert list(rows) == ["Q1 2024", "Q2 2024", "Q3 2025"]
    assert rows["Q1 2024"]["reported_usd"] == 100
    assert rows["Q2 2024"]["reported_usd"] == 40  # announced then
    assert rows["Q3 2025"]["cancelled_split"]["reported_usd"] == 40
    assert rows["Q3 2025"]["count"] == 0


def test_capacity_in_the_pipeline_is_summed_per_unit_never_across_units(client, db):
    DealFactory(capacity=Decimal("50000"), capacity_unit="t/yr", status=Deal.Status.ANNOUNCED)
    DealFactory(capacity=Decimal("10000"), capacity_unit="t/yr", status=Deal.Status.ANNOUNCED)
    DealFactory(capacity=Decimal("30"), capacity_unit="GWh/yr", status=Deal.Status.ANNOUNCED)
    units = {unit["unit"]: unit for unit in client.get("/deals/").context["capacity"]}
    assert units["t/yr"]["total"] == 60000
    assert units["GWh/yr"]["total"] == 30
    assert [row["status"] for row in units["t/yr"]["rows"]] == ["announced"]


def test_the_map_shades_each_country_by_its_figures_and_tables_them(client, demo_content):
    response = client.get("/deals/map/", {"country": "MA"})
    world = response.context["map"]
    shaded = {region.code: region.shade for region in world.regions if region.shade}
    assert shaded == {"MA": 5}
    assert [row["text"] for row in world.rows] == [
        "USD 297 million reported · up to USD 366 million"
    ]
    text = response.content.decode()
    assert 'role="img"' in text and "<desc" in text
    western_sahara = next(r for r in world.regions if r.code == "EH")
    assert western_sahara.shade == 0


def test_the_capacity_map_shows_one_unit(client, demo_content):
    world = client.get("/deals/map/", {"measure": "gwh-yr"}).context["map"]
    assert [(row["code"], row["text"]) for row in world.rows] == [("HU", "30 GWh/yr")]


def test_an_unknown_map_measure_shows_investment(client, demo_content):
    assert client.get("/deals/map/", {"measure": "nope"}).context["map"].key == "investment"
