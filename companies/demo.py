"""Demo companies and deals (used by `load_demo`).

BTR, China Baoan Group, BTR's Moroccan subsidiary, the Kingdom of Morocco and the two
Moroccan BTR deals come from shared/brief/source-facts.md; their figures and facts cite
the portal's own 2024 stories (articles.demo) as dated, linked sources, with the date
each record was last reviewed. The other companies and deals are invented for the demo
and say so, in their note and in their one source.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from portal.editions import fill_missing

from . import demo_zh
from .models import Company, CompanyFact, Deal, DealParty, DealPhase, DealSource, Segment

DEMO_MARK = "Demo record: illustrative, not reported."

COMPANIES = [
    {
        "slug": "china-baoan-group",
        "name": "China Baoan Group",
        "legal_name": "China Baoan Group Co., Ltd.",
        "aliases": "中国宝安\nChina Bao'an Group",
        "kind": Company.Kind.COMPANY,
        "country": "CN",
        "city": "Shenzhen",
        "summary": "Listed Chinese group; the parent company of BTR New Material Group.",
        "description": "China Baoan Group is a listed Chinese company and the parent of "
        "**BTR New Material Group**, the world's largest maker of battery anode material.",
        "segments": ["anode", "cathode"],
    },
    {
        "slug": "btr-new-material-group",
        "name": "BTR New Material Group",
        "legal_name": "BTR New Material Group Co., Ltd.",
        "aliases": "BTR\n贝特瑞\nBTR New Energy Materials",
        "kind": Company.Kind.COMPANY,
        "parent": "china-baoan-group",
        "founded_on": date(2000, 8, 1),
        "founded_precision": "month",
        "country": "CN",
        "city": "Shenzhen",
        "stock_exchange": "Beijing Stock Exchange",
        "ticker": "835185",
        "summary": "The world's largest maker of lithium-ion battery anode material, also "
        "producing cathode material and new battery materials.",
        "description": "BTR New Material Group makes the materials inside lithium-ion cells: "
        "anode (negative-electrode) material, its core business, as well as cathode "
        "(positive-electrode) material and newer battery materials. It describes itself "
        "as a comprehensive battery-materials supplier.\n\n"
        "It is a subsidiary of the listed **China Baoan Group**, and its own shares have "
        "traded on the Beijing Stock Exchange since 2021.\n\n"
        "Outside China it is building a cathode-material plant and an anode-material plant "
        "in Morocco, and an anode-material base in Indonesia.",
        "segments": ["anode", "cathode"],
        "facts": [
            (
                "Anode market position",
                "Top global market share for 14 consecutive years (company's claim)",
                date(2024, 9, 10),
                "btr-new-material-group-profile",
            ),
            (
                "Listing",
                "Beijing Stock Exchange since 2021, ticker 835185",
                date(2024, 9, 10),
                "btr-new-material-group-profile",
            ),
            (
                "Indonesia anode base",
                "Opened August 2024 with a partner; its first anode "
                "venture outside China. Reports differ on BTR's stake, the capacity and the park.",
                date(2024, 8, 28),
                "btr-indonesia-anode-base",
            ),
        ],
    },
    {
        "slug": "btr-mediterranean-new-material-technology",
        "name": "BTR Mediterranean New Material Technology",
        "aliases": "BTR Mediterranean",
        "kind": Company.Kind.COMPANY,
        "parent": "btr-new-material-group",
        "country": "MA",
        "summary": "Subsidiary set up by BTR in the Mediterranean region to carry out its "
        "Moroccan projects.",
        "description": "BTR formed this subsidiary to steer its battery-material projects in "
        "Morocco. It has been recruiting technicians, engineers and managers internationally.",
        "segments": ["anode", "cathode"],
    },
    {
        "slug": "kingdom-of-morocco",
        "name": "Kingdom of Morocco",
        "legal_name": "Government of the Kingdom of Morocco",
        "aliases": "Morocco\nالمملكة المغربية\nRoyaume du Maroc",
        "kind": Company.Kind.GOVERNMENT,
        "country": "MA",
        "city": "Rabat",
        "summary": "Host government of BTR's battery-material plants; positions the country "
        "as a hub for EV-battery production.",
        "description": "Morocco has free-trade agreements with both the European Union and "
        "the United States, mineral resources of its own, and a location between Europe "
        "and Africa. It presents itself as a hub for electric-vehicle battery production.",
        "segments": [],
        "facts": [
            (
                "Free-trade agreements",
                "With the European Union and with the United States",
                date(2024, 4, 12),
                "morocco-ev-battery-hub",
            ),
        ],
    },
    # Invented companies for the demo deals.
    {
        "slug": "northwind-cells",
        "name": "Northwind Cells",
        "kind": Company.Kind.COMPANY,
        "country": "HU",
        "city": "Debrecen",
        "segments": ["cells"],
        "summary": f"Battery-cell maker. {DEMO_MARK}",
    },
    {
        "slug": "andes-lithium-refining",
        "name": "Andes Lithium Refining",
        "kind": Company.Kind.COMPANY,
        "country": "CL",
        "segments": ["refining"],
        "summary": f"Lithium chemicals refiner. {DEMO_MARK}",
    },
    {
        "slug": "great-lakes-recycling",
        "name": "Great Lakes Battery Recycling",
        "kind": Company.Kind.COMPANY,
        "country": "US",
        "segments": ["recycling"],
        "summary": f"Battery recycler. {DEMO_MARK}",
    },
    {
        "slug": "nordic-precursor",
        "name": "Nordic Precursor Materials",
        "kind": Company.Kind.COMPANY,
        "country": "FI",
        "segments": ["precursor"],
        "summary": f"Cathode precursor producer. {DEMO_MARK}",
    },
    {
        "slug": "sulawesi-nickel-partners",
        "name": "Sulawesi Nickel Partners",
        "kind": Company.Kind.INVESTOR,
        "country": "ID",
        "segments": ["mining", "refining"],
        "summary": f"Investment vehicle for nickel processing. {DEMO_MARK}",
    },
    {
        "slug": "sunbelt-storage",
        "name": "Sunbelt Storage",
        "kind": Company.Kind.COMPANY,
        "country": "ES",
        "segments": ["energy-storage", "solar"],
        "summary": f"Developer of solar and storage plants. {DEMO_MARK}",
    },
]

ALL_FIGURES = [figure for figure, _ in DealSource.Figure.choices]

BTR_CATHODE_NOTE = (
    "Sources disagree on what the plant makes. One report of the March 2024 signing first "
    "calls it an anode (negative-electrode) material factory, then a ternary cathode "
    "material facility; BTR's own announcement and other reports describe a ternary "
    "cathode plant, and the figures here belong to that cathode plant. BTR's separate "
    "anode plant in Morocco is recorded as its own deal."
)

DEALS = [
    {
        "slug": "btr-tangier-cathode-plant",
        "title": "BTR ternary cathode material plant, Tangier",
        "kind": Deal.Kind.INVESTMENT_AGREEMENT,
        "status": Deal.Status.AGREEMENT_SIGNED,
        "segment": "cathode",
        "chemistry": "Ternary NCM",
        "summary": "Investment agreement between the Government of Morocco and BTR New "
        "Material Group for a 50,000 t/yr ternary cathode material plant in the Mohammed VI "
        "Tangier Tech City, built in two phases. Signed in Rabat on 29 March 2024 at a "
        "ceremony led by Prime Minister Aziz Akhannouch; also reported as MAD 3 billion.",
        "editor_note": BTR_CATHODE_NOTE,
        "country": "MA",
        "region": "Tangier",
        "site_name": "Mohammed VI Tangier Tech City",
        "site_aliases": "Cité Mohammed VI Tanger Tech\nTangier Technopark City\n"
        "Tanger Technology City",
        "amount": Decimal("297000000"),
        "currency": "USD",
        "amount_qualifier": Deal.AmountQualifier.REPORTED,
        "amount_usd": Decimal("297000000"),
        "capacity": Decimal("50000"),
        "capacity_unit": Deal.CapacityUnit.TONNES_PER_YEAR,
        "site_area_ha": Decimal("15"),
        "jobs": 2500,
        "signed_on": date(2024, 3, 29),
        "signed_precision": "day",
        "completion_on": date(2026, 9, 1),
        "completion_precision": "month",
        "parties": [
            ("btr-new-material-group", DealParty.Role.INVESTOR),
            ("kingdom-of-morocco", DealParty.Role.HOST_GOVERNMENT),
            ("btr-mediterranean-new-material-technology", DealParty.Role.PROJECT_SUBSIDIARY),
        ],
        "phases": [
            (1, Decimal("25000"), None, "", "First phase"),
            (2, Decimal("25000"), None, "", "Remainder of the 50,000 t/yr total"),
        ],
        "reviewed_on": date(2024, 9, 12),
        "history": [
            (
                Deal.Status.AGREEMENT_SIGNED,
                date(2024, 3, 29),
                "day",
                "Investment agreement signed in Rabat",
                "btr-signs-297m-cathode-plant-morocco",
            ),
        ],
        "sources": [
            ("btr-signs-297m-cathode-plant-morocco", ALL_FIGURES),
            ("morocco-ev-battery-hub", ["dates", "status"]),
            ("china-baoan-group-parent-of-btr", ["amount", "status"]),
        ],
    },
    {
        "slug": "btr-morocco-anode-plant",
        "title": "BTR anode material plant, Morocco",
        "kind": Deal.Kind.INVESTMENT_AGREEMENT,
        "status": Deal.Status.ANNOUNCED,
        "segment": "anode",
        "chemistry": "Graphite",
        "summary": "A second, separate BTR project in Morocco: an anode material plant of "
        "60,000 t/yr, expected to take about two years to build, carried out by the "
        "subsidiary BTR Mediterranean New Material Technology.",
        "editor_note": "The amount is reported as up to USD 366 million; some outlets give "
        "USD 350 million. The completion year is derived from the reported build time of "
        "about two years.",
        "country": "MA",
        "amount": Decimal("366000000"),
        "currency": "USD",
        "amount_qualifier": Deal.AmountQualifier.UP_TO,
        "amount_usd": Decimal("366000000"),
        "capacity": Decimal("60000"),
        "capacity_unit": Deal.CapacityUnit.TONNES_PER_YEAR,
        "announced_on": date(2024, 8, 1),
        "announced_precision": "month",
        "completion_on": date(2026, 1, 1),
        "completion_precision": "year",
        "parties": [
            ("btr-new-material-group", DealParty.Role.INVESTOR),
            ("btr-mediterranean-new-material-technology", DealParty.Role.PROJECT_SUBSIDIARY),
            ("kingdom-of-morocco", DealParty.Role.HOST_GOVERNMENT),
        ],
        "reviewed_on": date(2024, 9, 12),
        "history": [
            (
                Deal.Status.ANNOUNCED,
                date(2024, 8, 1),
                "month",
                "Reported in August 2024",
                "btr-second-morocco-plant-anode",
            ),
        ],
        "sources": [
            ("btr-second-morocco-plant-anode", ["amount", "capacity", "site", "dates", "status"]),
            ("btr-new-material-group-profile", ["status"]),
        ],
        "related": ["btr-tangier-cathode-plant"],
    },
    {
        "slug": "demo-northwind-debrecen-cells",
        "title": "Northwind Cells gigafactory, Debrecen",
        "kind": Deal.Kind.INVESTMENT_AGREEMENT,
        "status": Deal.Status.UNDER_CONSTRUCTION,
        "segment": "cells",
        "chemistry": "LFP",
        "country": "HU",
        "region": "Debrecen",
        "amount": Decimal("1800000000"),
        "currency": "EUR",
        "amount_usd": Decimal("1950000000"),
        "usd_rate_date": date(2025, 2, 3),
        "capacity": Decimal("30"),
        "capacity_unit": Deal.CapacityUnit.GWH_PER_YEAR,
        "jobs": 3000,
        "signed_on": date(2025, 2, 1),
        "signed_precision": "month",
        "completion_on": date(2026, 4, 1),
        "completion_precision": "quarter",
        "reviewed_on": date(2026, 1, 15),
        "parties": [("northwind-cells", DealParty.Role.INVESTOR)],
    },
    {
        "slug": "demo-andes-lithium-hydroxide",
        "title": "Andes lithium hydroxide refinery",
        "kind": Deal.Kind.JOINT_VENTURE,
        "status": Deal.Status.FINAL_INVESTMENT_DECISION,
        "segment": "refining",
        "country": "CL",
        "region": "Antofagasta",
        "amount": Decimal("620000000"),
        "currency": "USD",
        "amount_usd": Decimal("620000000"),
        "amount_qualifier": Deal.AmountQualifier.ESTIMATE,
        "capacity": Decimal("40000"),
        "capacity_unit": Deal.CapacityUnit.TONNES_PER_YEAR,
        "signed_on": date(2025, 7, 1),
        "signed_precision": "quarter",
        "parties": [("andes-lithium-refining", DealParty.Role.OWNER)],
    },
    {
        "slug": "demo-great-lakes-recycling-ohio",
        "title": "Great Lakes recycling hub, Ohio",
        "kind": Deal.Kind.FINANCING,
        "status": Deal.Status.OPERATING,
        "segment": "recycling",
        "country": "US",
        "region": "Ohio",
        "amount": Decimal("150000000"),
        "currency": "USD",
        "amount_usd": Decimal("150000000"),
        "capacity": Decimal("20000"),
        "capacity_unit": Deal.CapacityUnit.TONNES_PER_YEAR,
        "announced_on": date(2024, 1, 1),
        "announced_precision": "year",
        "parties": [("great-lakes-recycling", DealParty.Role.OWNER)],
    },
    {
        "slug": "demo-nordic-pcam-kokkola",
        "title": "Nordic precursor plant, Kokkola",
        "kind": Deal.Kind.INVESTMENT_AGREEMENT,
        "status": Deal.Status.PAUSED,
        "segment": "precursor",
        "chemistry": "NCM precursor",
        "country": "FI",
        "region": "Kokkola",
        "amount": Decimal("400000000"),
        "currency": "EUR",
        "amount_usd": Decimal("432000000"),
        "usd_rate_date": date(2023, 10, 2),
        "signed_on": date(2023, 10, 1),
        "signed_precision": "month",
        "parties": [("nordic-precursor", DealParty.Role.INVESTOR)],
    },
    {
        "slug": "demo-sulawesi-hpal",
        "title": "Sulawesi nickel HPAL stake",
        "kind": Deal.Kind.EQUITY_STAKE,
        "status": Deal.Status.PARTLY_OPERATING,
        "segment": "refining",
        "chemistry": "Mixed hydroxide precipitate",
        "country": "ID",
        "region": "Central Sulawesi",
        "amount": Decimal("4500000000000"),
        "currency": "IDR",
        "amount_usd": Decimal("290000000"),
        "usd_rate_date": date(2024, 5, 2),
        "announced_on": date(2024, 5, 1),
        "announced_precision": "month",
        "parties": [("sulawesi-nickel-partners", DealParty.Role.INVESTOR)],
    },
    {
        "slug": "demo-sunbelt-andalusia-storage",
        "title": "Sunbelt solar-plus-storage, Andalusia",
        "kind": Deal.Kind.FINANCING,
        "status": Deal.Status.ANNOUNCED,
        "segment": "energy-storage",
        "country": "ES",
        "region": "Andalusia",
        "amount": Decimal("210000000"),
        "currency": "EUR",
        "amount_usd": Decimal("228000000"),
        "usd_rate_date": date(2025, 9, 15),
        "capacity": Decimal("400"),
        "capacity_unit": Deal.CapacityUnit.MEGAWATTS,
        "announced_on": date(2025, 9, 1),
        "announced_precision": "month",
        "parties": [("sunbelt-storage", DealParty.Role.OWNER)],
    },
]

COMPANY_FIELDS = [
    "name", "legal_name", "aliases", "kind", "founded_on", "founded_precision", "country",
    "city", "stock_exchange", "ticker", "summary", "description",
]  # fmt: skip
DEAL_FIELDS = [
    "title", "kind", "status", "chemistry", "summary", "editor_note", "country",
    "region", "site_name", "site_aliases", "amount", "currency", "amount_qualifier",
    "amount_usd", "usd_rate_date", "capacity", "capacity_unit", "site_area_ha", "jobs",
    "announced_on", "announced_precision", "signed_on", "signed_precision", "completion_on",
    "completion_precision", "reviewed_on",
]  # fmt: skip


def _load_companies(story_source):
    companies, created = {}, 0
    for spec in COMPANIES:
        company = Company.objects.filter(slug=spec["slug"]).first()
        if company is None:
            company = Company(slug=spec["slug"])
            for field in COMPANY_FIELDS:
                if field in spec:
                    setattr(company, field, spec[field])
            if "parent" in spec:
                company.parent = companies[spec["parent"]]
            company.save()
            company.segments.set(Segment.objects.filter(slug__in=spec.get("segments", [])))
            for position, (label, value, as_of, story) in enumerate(spec.get("facts", [])):
                title, url, publisher, published_on = story_source(story)
                CompanyFact.objects.create(
                    company=company, label=label, value=value, as_of=as_of, source_title=title,
                    source_url=url, source_publisher=publisher, source_published_on=published_on,
                    position=position,
                )  # fmt: skip
            created += 1
        companies[spec["slug"]] = company
    return companies, created


def _load_deals(companies, story_source):
    created = 0
    for spec in DEALS:
        if Deal.objects.filter(slug=spec["slug"]).exists():
            continue
        deal = Deal(slug=spec["slug"], segment_id=spec["segment"])
        for field in DEAL_FIELDS:
            if field in spec:
                setattr(deal, field, spec[field])
        if spec["slug"].startswith("demo-"):
            deal.editor_note = DEMO_MARK
        deal.full_clean()
        deal.save()
        for company_slug, role in spec.get("parties", []):
            DealParty.objects.create(deal=deal, company=companies[company_slug], role=role)
        for number, capacity, completion, status, note in spec.get("phases", []):
            DealPhase.objects.create(
                deal=deal, number=number, capacity=capacity, completion_on=completion,
                status=status, note=note,
            )  # fmt: skip
        sources = {}
        for story, figures in spec.get("sources", []):
            title, url, publisher, published_on = story_source(story)
            sources[story] = DealSource.objects.create(
                deal=deal, title=title, url=url, publisher=publisher,
                published_on=published_on, figures=figures,
            )  # fmt: skip
        if spec["slug"].startswith("demo-"):
            sources["demo"] = DealSource.objects.create(
                deal=deal, title="Demo record: invented for the demo site, not reported",
                url=reverse("companies:methodology") + "#demo-records",
                publisher=settings.SITE_NAME,
                published_on=deal.key_date, figures=ALL_FIGURES,
            )  # fmt: skip
        history = spec.get("history", [(deal.status, deal.key_date, "month", "", "demo")])
        for status, when, precision, note, story in history:
            if when is not None:
                deal.status_history.create(
                    status=status, changed_on=when, precision=precision, note=note,
                    source=sources.get(story),
                )  # fmt: skip
        deal.related_deals.add(*Deal.objects.filter(slug__in=spec.get("related", [])))
        created += 1
    return created


@transaction.atomic
def load(*, story_source, stdout=None):
    """Create the demo companies and deals that do not exist yet. `story_source(slug)`
    gives (title, path, publisher, date) of a demo story cited as a source (from
    articles.demo, passed in by load_demo: companies imports no other app)."""
    Segment.objects.ensure_vocabulary()
    companies, companies_created = _load_companies(story_source)
    deals_created = _load_deals(companies, story_source)
    if stdout is not None:
        stdout.write(
            f"Companies: {companies_created} created; deals: {deals_created} created "
            "(existing ones left as they are)."
        )


@transaction.atomic
def load_chinese():
    """The Chinese words of the demo segments, companies, facts and deals (demo_zh), where
    none are written yet."""
    for segment in Segment.objects.filter(slug__in=demo_zh.SEGMENTS):
        fill_missing(segment, "zh-hans", {"name": demo_zh.SEGMENTS[segment.slug]})
    for slug, words in demo_zh.COMPANIES.items():
        company = Company.objects.filter(slug=slug).first()
        if company is None:
            continue
        facts = words.get("facts", [])
        fill_missing(company, "zh-hans", {k: v for k, v in words.items() if k != "facts"})
        for fact, (label, value) in zip(company.facts.all(), facts, strict=False):
            fill_missing(fact, "zh-hans", {"label": label, "value": value})
    for slug, words in demo_zh.DEALS.items():
        deal = Deal.objects.filter(slug=slug).first()
        if deal is None:
            continue
        fill_missing(
            deal, "zh-hans", {k: v for k, v in words.items() if k not in ("phases", "history")}
        )
        for phase in deal.phases.all():
            if phase.number in words.get("phases", {}):
                fill_missing(phase, "zh-hans", {"note": words["phases"][phase.number]})
        for change in deal.status_history.exclude(note=""):
            fill_missing(change, "zh-hans", {"note": words["history"]})
