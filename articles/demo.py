"""Demo sections, authors and articles for a local portal (used by `load_demo`).

The stories about BTR, China Baoan Group, Morocco and US tin smelting are written in
the portal's own words from the reporter's notes in shared/brief/source-facts.md.
The others are plausible industry stories, tagged and labelled as demo content.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Deal
from portal.demo_images import illustration, portrait
from portal.demo_pdf import text_pdf
from portal.editions import fill_missing

from . import demo_zh
from .models import Article, Author, GlossaryEntry, Image, Report, Section, Tag

DEMO_TAG = "Demo content"
DEMO_NOTE = (
    "\n\n---\n\n*This is illustrative demo content written for the portal's demo "
    "site, not reported news.*"
)

SECTIONS = [
    ("Batteries", "batteries", "Cells, packs and the companies that make them."),
    (
        "Battery materials",
        "battery-materials",
        "Anode, cathode, electrolyte and separator materials, and the plants that make them.",
    ),
    ("Energy storage", "energy-storage", "Grid-scale and behind-the-meter storage projects."),
    ("Solar", "solar", "Solar manufacturing, projects and the storage that comes with them."),
    (
        "EV supply chain",
        "ev-supply-chain",
        "From mines and refineries to recycling: the chain behind electric vehicles.",
    ),
    ("Policy & trade", "policy-trade", "Tariffs, trade agreements, subsidies and regulation."),
    ("Investment", "investment", "Plants, deals and the money behind the battery build-out."),
]

AUTHORS = [
    (
        "Leila Bennani",
        "leila-bennani",
        "North Africa correspondent",
        "Covers industrial policy and investment across the Maghreb. (Demo author profile.)",
    ),
    (
        "Tom Whitaker",
        "tom-whitaker",
        "Battery materials editor",
        "Writes about anode and cathode materials and the companies that make them. "
        "(Demo author profile.)",
    ),
    (
        "Mei Lin",
        "mei-lin",
        "Asia supply-chain reporter",
        "Follows Chinese and Southeast Asian battery suppliers and their overseas plants. "
        "(Demo author profile.)",
    ),
    (
        "Daniel Okafor",
        "daniel-okafor",
        "Markets and trade reporter",
        "Reports on critical minerals, trade policy and commodity markets. (Demo author profile.)",
    ),
]

BTR_MOROCCO_BODY = """\
Chinese battery-materials maker BTR New Material Group has agreed to invest
USD 297 million in a plant in northern Morocco that will make ternary cathode
material for electric-vehicle batteries. The investment agreement was signed with
the Moroccan government at a ceremony in Rabat on 29 March 2024, presided over by
Prime Minister Aziz Akhannouch.

The sum is also reported as about MAD 3 billion. The plant will stand in the
Mohammed VI Tangier Tech City, a new industrial zone near Tangier that appears in
reports under several names, among them Tangier Technopark City and Tanger
Technology City.

## Key figures

| | |
|---|---|
| Investment | USD 297 million (about MAD 3 billion) |
| Product | Ternary (NCM) cathode material for lithium-ion batteries |
| Capacity | 50,000 tonnes a year, built in two phases |
| Phase 1 | 25,000 tonnes a year |
| Site | 15 hectares, Mohammed VI Tangier Tech City |
| Jobs | 2,500 |
| Completion | Expected September 2026 |

## The first of a series

Speaking at the signing, investment minister Jazouli presented the project
as the first in a series of large electric-vehicle battery investments that Morocco
expects to attract. The country has been courting suppliers that want a base close
to European carmakers and inside its free-trade agreements with both the European
Union and the United States.

To run the project, BTR has set up a subsidiary in the Mediterranean region and has
begun recruiting technicians, engineers and managers internationally.

## Anode or cathode?

One early account of the signing described the factory as an anode
(negative-electrode) material plant, while later passages of the same report, and
other reports of the signing including BTR's own announcement, describe a ternary
cathode plant. The capacity, area and jobs figures above belong to the cathode
project. BTR announced a separate anode-material plant in Morocco later in 2024.
"""

BTR_PROFILE_BODY = """\
BTR New Material Group is best known as the world's largest maker of anode material,
the graphite-based powder that forms the negative electrode of a lithium-ion cell.
The company says it has held the top global market share in anode materials for
fourteen consecutive years.

Founded in August 2000, BTR has grown into what it calls a comprehensive supplier of
battery materials. Its core products are anode (negative-electrode) materials,
cathode (positive-electrode) materials and a range of newer materials for batteries.

## Ownership and listing

BTR is a subsidiary of China Baoan Group, a listed company that is its parent. BTR's
own shares have traded on the Beijing Stock Exchange since 2021 under the ticker
835185.

## Going abroad

After decades of building capacity in China, BTR has been moving production closer
to customers abroad:

- **Morocco**: a USD 297 million ternary cathode material plant in the Mohammed VI
  Tangier Tech City, signed in March 2024, and a second, anode-material plant
  announced later that year.
- **Indonesia**: an anode-material base, its first anode venture outside China,
  reported as opened in August 2024 with a local partner. Reports differ on BTR's
  stake, the plant's capacity and the exact industrial park.

Because accounts of overseas projects often differ in the details, the portal's
company pages give each key fact with the date it refers to and its source.
"""

BAOAN_BODY = """\
Readers following BTR New Material Group's overseas expansion will keep meeting a
second name: China Baoan Group, the listed company that is BTR's parent.

China Baoan Group's best-known holding is BTR, the anode-material maker whose
Moroccan and Indonesian projects have made headlines. BTR itself trades separately
on the Beijing Stock Exchange (ticker 835185), where it has been listed since 2021.

For investors and analysts this two-level structure matters: BTR's results flow into
its parent's accounts, and decisions about large overseas plants, such as the
USD 297 million cathode-material project in Tangier, are taken within a group whose
interests reach beyond batteries.

The portal's company profiles show such corporate families as a tree, so a reader
can move from a project to the company that runs it and on to the group that owns it.
"""

BTR_ANODE_BODY = """\
BTR New Material Group has followed its cathode-material project in Morocco with a
second, separate investment: a plant to make anode (negative-electrode) material.

The anode project is put at up to USD 366 million, although some outlets give a
figure of USD 350 million. It is planned for 60,000 tonnes a year and is expected to
take about two years to build.

The work will be carried out by BTR Mediterranean New Material Technology, the
subsidiary BTR formed to steer its Moroccan projects.

| | |
|---|---|
| Investment | up to USD 366 million (some reports: USD 350 million) |
| Product | Anode material for lithium-ion batteries |
| Capacity | 60,000 tonnes a year |
| Build time | about two years |
| Project company | BTR Mediterranean New Material Technology |

Together with the USD 297 million ternary cathode plant agreed in March 2024, the
project would give Morocco both electrode materials of a lithium-ion cell from a
single supplier.
"""

MOROCCO_HUB_BODY = """\
Morocco wants to be more than a place where cars are assembled. Officials have spent
the past few years pitching the kingdom as a base for the materials and components
that go into electric-vehicle batteries, and BTR New Material Group's Tangier
projects are among the first large results.

## The pitch

Three arguments come up again and again:

1. **Trade access.** Morocco has free-trade agreements with both the European Union
   and the United States, so materials made there can reach two of the world's
   largest car markets on favourable terms.
2. **Resources.** The country has mineral resources of its own that battery makers
   and their suppliers want close at hand.
3. **Location.** Tangier sits between Europe and Africa, a short crossing from Spain,
   with a large port and an established car industry.

When BTR signed its USD 297 million cathode-material agreement in Rabat in March
2024, the investment minister described it as the first of a series of large
electric-vehicle battery projects. The test for that ambition is whether such plants
are completed on schedule: the first BTR plant is due to be finished in September
2026.
"""

TIN_BODY = """\
The United States is looking to scrap metal to help close its gap in critical
minerals, according to a wire report filed from London on 28 November.

Tin shows the size of the problem. The country has had no tin smelter since 1991,
when the Longhorn plant in Texas closed, which leaves American users of the metal
dependent on refined tin made elsewhere.

Tin is used chiefly in solder, which joins the components of every circuit board,
including those in batteries, chargers and electric vehicles. Recovering it, and
other critical metals, from scrap would give domestic supply without opening new
mines, but needs processing capacity that the country has let go.
"""

INDONESIA_BODY = """\
BTR New Material Group's anode-material base in Indonesia, reported as opened this
month, is the company's first anode venture outside China.

The project was set up with a partner. Reports differ on BTR's stake, on the
plant's capacity and on which industrial park it stands in, so the portal records
these details as dated facts with their sources on BTR's company profile rather than
as settled numbers.

Indonesia, the world's largest producer of nickel, has used export rules and
incentives to draw battery-material makers onshore. For BTR, an Indonesian base
sits alongside its projects in Morocco as part of a wider move to produce near its
customers outside China.
"""

DEMO_ARTICLES = [
    {
        "slug": "sodium-ion-cells-stationary-storage",
        "title": "Sodium-ion cells edge into stationary storage",
        "dek": "Cheaper, cobalt-free and tolerant of cold, sodium-ion cells are winning "
        "their first grid-storage orders.",
        "section": "energy-storage",
        "authors": ["mei-lin"],
        "tags": ["Sodium-ion", "Energy storage"],
        "motif": "cells",
        "hours_ago": 30,
        "body": "Sodium-ion batteries, long a laboratory curiosity, are starting to "
        "appear in grid-storage tenders. Their energy density trails lithium iron "
        "phosphate, but for containers that sit still on a concrete pad, cost per "
        "kilowatt-hour and safety matter more than weight.\n\nSuppliers say the "
        "chemistry keeps more of its capacity in freezing weather and can be "
        "shipped fully discharged, which simplifies logistics.",
    },
    {
        "slug": "black-mass-recycling-capacity-europe",
        "title": "Europe's black-mass recyclers race to secure scrap",
        "dek": "New shredding plants outnumber the end-of-life batteries available to "
        "feed them, for now.",
        "section": "ev-supply-chain",
        "authors": ["daniel-okafor"],
        "tags": ["Recycling", "Europe"],
        "motif": "chart",
        "hours_ago": 54,
        "body": "Battery recyclers across Europe have built more shredding capacity "
        "than there is scrap to fill it. Most feedstock today is production "
        "waste from cell factories rather than worn-out car packs.\n\nOperators "
        "are signing long-term contracts with gigafactories to secure supply "
        "until the first large wave of electric cars reaches the end of its life.",
    },
    {
        "slug": "lfp-cathode-prices-slide",
        "title": "LFP cathode prices slide as new lines start up",
        "dek": "Lithium iron phosphate material is cheaper than at any time in the last "
        "three years, squeezing smaller producers.",
        "section": "battery-materials",
        "authors": ["tom-whitaker"],
        "tags": ["LFP", "Cathode", "Prices"],
        "motif": "chart",
        "hours_ago": 76,
        "body": "Prices for lithium iron phosphate (LFP) cathode material have fallen as "
        "large new production lines come on stream and lithium carbonate stays "
        "cheap.\n\nBuyers are using the moment to lock in longer contracts, while "
        "smaller producers without their own lithium supply are running plants "
        "below capacity.",
    },
    {
        "slug": "solar-plus-storage-tender-record",
        "title": "Solar-plus-storage tender draws record bids",
        "dek": "Developers offered four hours of storage with every solar megawatt in a "
        "tender that closed last week.",
        "section": "solar",
        "authors": ["leila-bennani"],
        "tags": ["Solar", "Energy storage", "Tenders"],
        "motif": "map",
        "hours_ago": 100,
        "body": "A national tender for solar plants paired with batteries closed with "
        "more bids than any previous round. Most developers offered four hours of "
        "storage for each megawatt of solar, enough to carry midday output into "
        "the evening peak.\n\nThe winning prices will show how far falling "
        "battery costs have changed the economics of firm solar power.",
    },
]


def factual_articles():
    """Return the stories written from the source brief, at their real dates (2024).

    They report what was known when they were published: an archive, not today's news.
    """
    return [
        {
            "slug": "btr-signs-297m-cathode-plant-morocco",
            "companies": [
                "btr-new-material-group",
                "kingdom-of-morocco",
                "btr-mediterranean-new-material-technology",
            ],
            "deals": ["btr-tangier-cathode-plant", "btr-morocco-anode-plant"],
            "title": "BTR signs USD 297 million deal for cathode-material plant in Tangier",
            "dek": "The Chinese battery-materials group will build a 50,000-tonne-a-year "
            "ternary cathode plant in the Mohammed VI Tangier Tech City, due for "
            "completion in September 2026.",
            "section": "investment",
            "authors": ["leila-bennani", "tom-whitaker"],
            "tags": ["BTR", "Morocco", "Cathode", "NCM", "Tangier"],
            "motif": "map",
            "published_at": datetime(2024, 3, 29, 17, 30, tzinfo=UTC),
            "body": BTR_MOROCCO_BODY,
            "caption": "Illustration: a plant site on a map of northern Morocco.",
            "alt": "Abstract illustration of a map pin over scattered circles on a "
            "dark background.",
        },
        {
            "slug": "btr-second-morocco-plant-anode",
            "companies": [
                "btr-new-material-group",
                "btr-mediterranean-new-material-technology",
                "kingdom-of-morocco",
            ],
            "deals": ["btr-morocco-anode-plant", "btr-tangier-cathode-plant"],
            "title": "BTR plans second Moroccan plant, this time for anode material",
            "dek": "An investment of up to USD 366 million would add 60,000 tonnes a year "
            "of anode capacity next to the group's cathode project.",
            "section": "battery-materials",
            "authors": ["tom-whitaker"],
            "tags": ["BTR", "Morocco", "Anode"],
            "motif": "cells",
            "published_at": datetime(2024, 8, 22, 9, 0, tzinfo=UTC),
            "body": BTR_ANODE_BODY,
            "alt": "Abstract illustration of battery cells at different charge levels.",
        },
        {
            "slug": "morocco-ev-battery-hub",
            "companies": ["kingdom-of-morocco", "btr-new-material-group"],
            "deals": ["btr-tangier-cathode-plant"],
            "title": "Why Morocco is pitching itself as a hub for EV batteries",
            "dek": "Trade deals with the EU and the US, minerals and a position between "
            "two continents are the kingdom's selling points.",
            "section": "policy-trade",
            "authors": ["leila-bennani"],
            "tags": ["Morocco", "Trade"],
            "motif": "map",
            "published_at": datetime(2024, 4, 12, 8, 0, tzinfo=UTC),
            "body": MOROCCO_HUB_BODY,
            "alt": "Abstract illustration of a location pin among circles.",
        },
        {
            "slug": "btr-new-material-group-profile",
            "companies": ["btr-new-material-group", "china-baoan-group"],
            "deals": ["btr-tangier-cathode-plant", "btr-morocco-anode-plant"],
            "title": "BTR New Material Group: the anode giant going global",
            "dek": "Founded in 2000 and owned by China Baoan Group, BTR has led the world "
            "anode market for fourteen years running.",
            "section": "battery-materials",
            "authors": ["mei-lin"],
            "tags": ["BTR", "Anode", "Company profile"],
            "motif": "cells",
            "published_at": datetime(2024, 9, 10, 8, 0, tzinfo=UTC),
            "body": BTR_PROFILE_BODY,
            "alt": "Abstract illustration of battery cells on a grid.",
        },
        {
            "slug": "us-scrap-critical-minerals-tin",
            "title": "US looks to scrap to close its critical-minerals gap",
            "dek": "With no tin smelter since the Longhorn plant in Texas closed in 1991, "
            "the country depends on refined metal from abroad.",
            "section": "ev-supply-chain",
            "authors": ["daniel-okafor"],
            "tags": ["Critical minerals", "Tin", "United States", "Recycling"],
            "motif": "chart",
            "published_at": datetime(2024, 11, 28, 15, 0, tzinfo=UTC),
            "body": TIN_BODY,
            "alt": "Abstract illustration of a rising and falling line chart.",
        },
        {
            "slug": "btr-indonesia-anode-base",
            "companies": ["btr-new-material-group"],
            "deals": [],
            "title": "BTR opens its first anode base outside China, in Indonesia",
            "dek": "Reports differ on the stake, the capacity and the park, but the "
            "direction is clear: production is moving closer to customers.",
            "section": "batteries",
            "authors": ["mei-lin"],
            "tags": ["BTR", "Indonesia", "Anode"],
            "motif": "map",
            "published_at": datetime(2024, 8, 28, 10, 0, tzinfo=UTC),
            "body": INDONESIA_BODY,
            "alt": "Abstract illustration of a location pin among circles.",
        },
        {
            "slug": "china-baoan-group-parent-of-btr",
            "companies": ["china-baoan-group", "btr-new-material-group"],
            "deals": ["btr-tangier-cathode-plant"],
            "title": "China Baoan Group, the listed parent behind BTR",
            "dek": "Who owns the world's biggest anode-material maker, and why the "
            "structure matters to investors.",
            "section": "investment",
            "authors": ["daniel-okafor"],
            "tags": ["BTR", "China Baoan Group", "Company profile"],
            "motif": "chart",
            "published_at": datetime(2024, 9, 12, 8, 0, tzinfo=UTC),
            "body": BAOAN_BODY,
            "alt": "Abstract illustration of a line chart on a dark background.",
        },
    ]


def story_source(slug):
    """Return (title, path, publisher, date) of one of the stories above, to cite it as the
    source of a deal's figures or a company's fact (load_demo passes it to companies.demo)."""
    spec = next(spec for spec in factual_articles() if spec["slug"] == slug)
    return (
        spec["title"],
        reverse("articles:detail", args=[slug]),
        settings.SITE_NAME,
        spec["published_at"].date(),
    )


def _hero(article, spec):
    """Put the story's illustration in the image library and make it the hero."""
    if article.hero_id:
        return
    width = settings.DEMO_IMAGE_WIDTH
    data = illustration(
        spec["slug"], motif=spec.get("motif", "cells"), size=(width, width * 9 // 16)
    )
    image = Image(
        alt_text=spec.get("alt", "Abstract illustration for the story."),
        caption=spec.get("caption", ""),
        credit="Illustration: demo image",
    )
    image.file.save(f"{spec['slug']}.jpg", ContentFile(data), save=False)
    image.save()
    article.hero = image


@transaction.atomic
def load(stdout=None):
    """Create the demo sections, authors and articles that do not exist yet."""
    sections = {}
    for position, (name, slug, description) in enumerate(SECTIONS):
        sections[slug], _ = Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    authors = {}
    for name, slug, job_title, bio in AUTHORS:
        authors[slug], _ = Author.objects.get_or_create(
            slug=slug, defaults={"name": name, "job_title": job_title, "bio": bio}
        )
        if not authors[slug].photo:
            authors[slug].photo.save(f"{slug}.jpg", ContentFile(portrait(slug)))
    now = timezone.now()
    created = 0
    specs = [*factual_articles(), *({**spec, "demo": True} for spec in DEMO_ARTICLES)]
    for spec in specs:
        if Article.objects.filter(slug=spec["slug"]).exists():
            continue
        article = Article(
            slug=spec["slug"],
            title=spec["title"],
            dek=spec["dek"],
            body=spec["body"] + (DEMO_NOTE if spec.get("demo") else ""),
            section=sections[spec["section"]],
            status=Article.Status.PUBLISHED,
            published_at=spec.get("published_at") or now - timedelta(hours=spec["hours_ago"]),
            is_featured=spec.get("featured", False),
        )
        _hero(article, spec)
        article.save()
        article.authors.set([authors[slug] for slug in spec["authors"]])
        article.tags.set([*spec["tags"], *([DEMO_TAG] if spec.get("demo") else [])])
        article.companies.set(Company.objects.filter(slug__in=spec.get("companies", [])))
        article.deals.set(Deal.objects.filter(slug__in=spec.get("deals", [])))
        # Written "at" publication time, so no misleading "updated" line appears.
        Article.objects.filter(pk=article.pk).update(
            created_at=article.published_at, updated_at=article.published_at
        )
        created += 1
    if stdout is not None:
        stdout.write(f"Articles: {created} created, {len(specs) - created} already there.")
    return created


DEMO_REPORT = {
    "slug": "btr-in-morocco-cathode-and-anode-plants",
    "title": "BTR in Morocco: the Tangier cathode plant and what follows",
    "summary": (
        "Our full report on BTR New Material Group's investments in Morocco: the USD 297 "
        "million agreement signed in Rabat at the end of March 2024 for a ternary cathode "
        "material plant in Mohammed VI Tangier Tech City (50,000 tonnes a year in two "
        "phases, 2,500 jobs, 15 hectares), the separate anode material plant reported in "
        "August 2024 (up to USD 366 million, 60,000 tonnes a year), and how both fit "
        "Morocco's bid to become a hub for EV-battery production. Demo report."
    ),
    "contents": "\n".join(
        [
            "The agreement: parties, amount and timetable",
            "The cathode plant in Tangier Tech City, phase by phase",
            "The second deal: an anode material plant",
            "BTR New Material Group and China Baoan Group",
            "Morocco as a battery hub: trade agreements and resources",
            "Sources and what they disagree on",
        ]
    ),  # fmt: skip
    "articles": [
        "btr-signs-297m-cathode-plant-morocco",
        "btr-second-morocco-plant-anode",
        "morocco-ev-battery-hub",
    ],  # fmt: skip
    "companies": ["btr-new-material-group", "china-baoan-group"],
}


def demo_report_pdf():
    """The demo report's PDF: its title page and contents, marked as demo content."""
    title = [(22, "BTR in Morocco"), (14, "The Tangier cathode plant and what follows"),
             (11, ""), (11, f"{settings.SITE_NAME}: free full report (demo content)")]  # fmt: skip
    chapters = [(16, "Contents")] + [
        (11, f"{n}. {line}") for n, line in enumerate(DEMO_REPORT["contents"].splitlines(), 1)
    ]
    facts = [(16, "The agreement"), (11, "Signed at the end of March 2024 in Rabat."),
             (11, "Investment: USD 297 million (also reported as MAD 3 billion)."),
             (11, "Ternary cathode material: 50,000 t/yr in two phases (25,000 t/yr first)."),
             (11, "Site: Mohammed VI Tangier Tech City, 15 hectares; 2,500 jobs."),
             (11, "Expected completion as reported at signing: September 2026.")]  # fmt: skip
    return text_pdf([title, chapters, facts])


def load_report(stdout=None):
    """Create the demo report (its PDF drawn here), linked to its stories, once."""
    spec = DEMO_REPORT
    if Report.objects.filter(slug=spec["slug"]).exists():
        return 0
    first = Article.objects.filter(slug=spec["articles"][0]).first()
    report = Report(
        slug=spec["slug"], title=spec["title"], summary=spec["summary"],
        contents=spec["contents"], cover=first.hero if first else None,
        status=Report.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    data = demo_report_pdf()
    report.file.save("report.pdf", ContentFile(data), save=False)
    report.page_count, report.file_bytes = 3, len(data)
    report.save()
    report.articles.set(Article.objects.filter(slug__in=spec["articles"]))
    report.companies.set(Company.objects.filter(slug__in=spec["companies"]))
    if stdout is not None:
        stdout.write("Reports: the demo report created.")
    return 1


@transaction.atomic
def load_chinese(stdout=None):
    """The Chinese edition's words (articles.demo_zh): sections, tags, authors, images,
    and each factual story's Chinese version (its own record, sharing the English one's
    translation key), once."""
    for slug, (name, description) in demo_zh.SECTIONS.items():
        for section in Section.objects.filter(slug=slug):
            fill_missing(section, "zh-hans", {"name": name, "description": description})
    for english, chinese in demo_zh.TAGS.items():
        for tag in Tag.objects.filter(name_en_gb=english):
            fill_missing(tag, "zh-hans", {"name": chinese})
    for slug, (job_title, bio) in demo_zh.AUTHORS.items():
        for author in Author.objects.filter(slug=slug):
            fill_missing(author, "zh-hans", {"job_title": job_title, "bio": bio})
    created = 0
    for slug, words in demo_zh.STORIES.items():
        english = Article.objects.filter(slug=slug, language="en-gb").first()
        if english is None or english.translations().exists():
            continue
        if english.hero:
            hero_words = {"alt_text": words["alt"], "caption": words.get("caption", ""),
                          "credit": "插图：演示图片"}  # fmt: skip
            fill_missing(english.hero, "zh-hans", hero_words)
        chinese = Article.objects.create(
            slug=demo_zh.chinese_slug(slug), language="zh-hans",
            translation_key=english.translation_key, title=words["title"], dek=words["dek"],
            body=words["body"] + demo_zh.TRANSLATION_NOTE, section=english.section,
            hero=english.hero, status=Article.Status.PUBLISHED,
            published_at=english.published_at + demo_zh.PUBLISHED_LATER_BY,
            source_synced_at=timezone.now(),
        )  # fmt: skip
        chinese.authors.set(english.authors.all())
        chinese.tags.set(english.tags.all())
        chinese.companies.set(english.companies.all())
        chinese.deals.set(english.deals.all())
        Article.objects.filter(pk=chinese.pk).update(
            created_at=chinese.published_at, updated_at=chinese.published_at
        )
        created += 1
    report = Report.objects.filter(slug=DEMO_REPORT["slug"], language="en-gb").first()
    if report is not None and not report.translations().exists():
        data = text_pdf(demo_zh.report_pdf_pages(settings.SITE_NAME))
        chinese = Report(
            slug=demo_zh.chinese_slug(report.slug), language="zh-hans",
            translation_key=report.translation_key, cover=report.cover,
            status=Report.Status.PUBLISHED, published_at=report.published_at,
            page_count=3, file_bytes=len(data), source_synced_at=timezone.now(),
            **demo_zh.REPORT,
        )  # fmt: skip
        chinese.file.save("report-zh.pdf", ContentFile(data), save=False)
        chinese.save()
        chinese.articles.set(Article.objects.filter(translation_key__in=report.articles.values(
            "translation_key"), language="zh-hans"))  # fmt: skip
        chinese.companies.set(report.companies.all())
    if stdout is not None:
        stdout.write(f"Chinese edition: {created} stories translated.")
    return created


def load_glossary():
    """The translators' glossary of the demo (articles.demo_zh.GLOSSARY), once."""
    for english, other_names, chinese, kind in demo_zh.GLOSSARY:
        GlossaryEntry.objects.get_or_create(
            english=english, defaults={"other_names": other_names, "chinese": chinese, "kind": kind}
        )
