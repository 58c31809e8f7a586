"""Fill the database with realistic random content, fast, for benchmarks and load tests.

Rows go in with bulk inserts in batches inside transactions; what the model's save()
would compute (rendered Markdown, dates for sorting, search vectors) is computed here
once per batch instead. Bulk inserts skip the change history of articles.
"""

import io
import random
import secrets
import string
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import slugify

from articles.demo import SECTIONS
from articles.models import Article, Author, Section, Tag, TaggedArticle
from companies.models import Company, Deal, DealParty, DealPhase, Segment
from leads.models import Lead
from portal.cache import invalidate_content
from portal.markdown import render_markdown

BATCH = 5000

SUBJECTS = [
    "cathode", "anode", "graphite", "lithium", "nickel", "cobalt", "manganese", "electrolyte",
    "separator", "sodium-ion", "solid-state", "LFP", "NCM", "recycling", "black mass",
    "gigafactory", "energy storage", "solar", "precursor", "refinery", "cell", "pack",
]  # fmt: skip
VERBS = [
    "expands", "opens", "signs", "delays", "cuts", "doubles", "launches", "wins", "plans",
    "secures", "pauses", "restarts",
]  # fmt: skip
PLACES = [
    "Morocco", "Indonesia", "Hungary", "Poland", "Finland", "Chile", "Argentina", "Australia",
    "Canada", "Texas", "Nevada", "Spain", "Germany", "Sweden", "Korea", "Japan", "India",
    "Vietnam", "Thailand", "Mexico", "Brazil", "Egypt", "Saudi Arabia", "Turkey",
]  # fmt: skip
COUNTRIES = [
    "MA", "ID", "HU", "PL", "FI", "CL", "AR", "AU", "CA", "US", "ES", "DE", "SE", "KR", "JP",
    "IN", "VN", "TH", "MX", "BR", "EG", "SA", "TR", "CN",
]  # fmt: skip
SYLLABLES = [
    "vol", "ta", "ion", "gra", "phi", "te", "nor", "lith", "ca", "tho", "de", "xa", "bat",
    "ter", "ra", "mo", "sun", "vex", "li", "on", "ar", "qu", "el", "cor",
]  # fmt: skip
# Stand-ins rendered once with each template, then replaced by each article's words.
MARKERS = {
    "company": "QQCOMPANYQQ", "day": "QQDAYQQ", "verb": "QQVERBQQ", "subject": "QQSUBJECTQQ",
    "place": "QQPLACEQQ", "capacity": 987654321, "jobs": 876543219, "amount": 765432198,
}  # fmt: skip
BODY_TEMPLATES = [
    "{company} said on {day} that it would {verb} its {subject} capacity in {place}.\n\n"
    "The project is expected to reach **{capacity:,} tonnes a year**, according to people "
    "familiar with the plan. Analysts said {subject} prices and demand from carmakers in "
    "{place} would decide the pace.\n\n## What it means\n\nSuppliers of {subject} have "
    "struggled with low prices; the expansion would make {company} one of the larger "
    "producers outside China.\n\n- Capacity: {capacity:,} t/yr\n- Jobs: {jobs:,}\n",
    "Talks between {company} and officials in {place} over a {subject} plant have "
    "{verb} after months of negotiation.\n\nThe government has offered land and tax "
    "incentives. The company has not disclosed the investment, estimated by analysts at "
    "USD {amount} million.\n\n> We are looking for partners across the value chain, a "
    "spokesperson said.\n\nThe plant would employ about {jobs:,} people.\n",
    "Demand for {subject} in {place} rose again this quarter, data showed, as cell makers "
    "ran their lines closer to capacity.\n\n| Measure | Value |\n|---|---|\n| Capacity | "
    "{capacity:,} t/yr |\n| Investment | USD {amount} million |\n\n{company} expects "
    "prices to stabilise next year.\n",
]


class Progress:
    """A one-line progress bar on stderr with the running rate (inserted rows, or items)."""

    def __init__(self, label, total, stream, unit="rows", start=None):
        self.label, self.total, self.stream, self.unit = label, max(total, 1), stream, unit
        self.done, self.rows, self.start = 0, 0, start or time.monotonic()

    def advance(self, items, rows):
        self.done += items
        self.rows += rows
        elapsed = max(time.monotonic() - self.start, 1e-6)
        share = self.done / self.total
        bar = "#" * int(share * 30)
        self.stream.write(
            f"\r{self.label:<10} [{bar:<30}] {share:6.1%} {self.done:>9,}/{self.total:,} "
            f"{(self.rows if self.unit == 'rows' else self.done) / elapsed:>9,.0f} {self.unit}/s"
        )
        self.stream.flush()

    def finish(self):
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Insert N random articles, companies, deals and leads with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--companies", type=int, default=200)
        parser.add_argument("--deals", type=int, default=200)
        parser.add_argument("--leads", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1, help="random seed (repeatable data)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        for name in ("articles", "companies", "deals", "leads"):
            if options[name] < 0:
                raise CommandError(f"--{name} cannot be negative.")
        self.rng = random.Random(options["seed"])  # noqa: S311 - test data, not security
        # Slugs carry a token of this run, so that seeding twice never collides.
        self.run = "".join(secrets.choice(string.ascii_lowercase) for _ in range(5))
        self.progress_stream = io.StringIO() if options["quiet"] else sys.stderr
        self.total_rows = 0
        started = time.monotonic()
        self.sections = list(self._sections())
        self.authors = self._authors(max(20, options["articles"] // 500))
        self.tags = self._tags(max(50, min(3000, options["articles"] // 20)))
        companies = self._companies(options["companies"])
        deals = self._deals(options["deals"], companies)
        with ThreadPoolExecutor(max_workers=1) as self.database_worker:
            self.vector_jobs = []
            self.in_callers_transaction = connection.in_atomic_block
            articles = self._articles(options["articles"], companies, deals)
            self._leads(options["leads"], articles)
            self._wait_for_search_vectors(len(articles))
        # Bulk inserts send no signals: invalidate cached content here.
        invalidate_content()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Inserted {self.total_rows:,} rows in {elapsed:.1f} s "
            f"({self.total_rows / max(elapsed, 1e-6):,.0f} rows/s)."
        )

    # Helpers

    def _bulk(self, model, objects):
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.total_rows += len(objects)
        return created

    def _chunks(self, label, total, make_batch):
        """Call make_batch(start, size) per chunk in a transaction; return what it made."""
        made = []
        progress = Progress(label, total, self.progress_stream)
        for start in range(0, total, BATCH):
            size = min(BATCH, total - start)
            before = self.total_rows
            with transaction.atomic():
                made.extend(make_batch(start, size))
            progress.advance(size, self.total_rows - before)
        progress.finish()
        return made

    def _name(self, syllables=3):
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()

    # Reference data

    def _sections(self):
        for position, (name, slug, description) in enumerate(SECTIONS):
            yield Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "position": position}
            )[0]

    def _authors(self, count):
        authors = [
            Author(name=f"{self._name(2)} {self._name(3)}", slug=f"seed-{self.run}-author-{n}",
                   job_title="Reporter")
            for n in range(count)
        ]  # fmt: skip
        return self._bulk(Author, authors)

    def _tags(self, count):
        names = set()
        while len(names) < count:
            names.add(f"{self.rng.choice(SUBJECTS)} {self.rng.choice(PLACES)} {len(names)}")
        tags = [Tag(name=f"{n} {self.run}", slug=slugify(f"{n} {self.run}")) for n in names]
        return self._bulk(Tag, tags)

    # Companies and deals

    def _companies(self, total):
        segments = list(Segment.objects.all())

        def batch(start, size):
            groups = self._bulk(Company, [self._company(start + n) for n in range(size // 5 or 1)])
            children = [
                self._company(start + n, parent=self.rng.choice(groups))
                for n in range(len(groups), size)
            ]
            created = groups + self._bulk(Company, children)
            links = [
                Company.segments.through(company_id=c.pk, segment_id=s.pk)
                for c in created
                for s in self.rng.sample(segments, k=min(len(segments), self.rng.randint(1, 3)))
            ]
            self._bulk(Company.segments.through, links)
            return created

        return self._chunks("companies", total, batch) if total else []

    def _company(self, number, parent=None):
        name = f"{self._name()} {self.rng.choice(['Materials', 'Energy', 'Cells', 'Mining'])}"
        description = f"{name} works in the battery supply chain."
        return Company(
            name=name, slug=f"seed-{self.run}-company-{number}", summary=description,
            description=description, description_html=f"<p>{description}</p>",
            country=self.rng.choice(COUNTRIES), parent=parent,
            founded_on=date(self.rng.randint(1950, 2023), 1, 1), founded_precision="year",
        )  # fmt: skip

    def _deals(self, total, companies):
        if not total:
            return []
        if not companies:
            raise CommandError("Deals need companies: pass --companies as well.")
        statuses = [choice for choice, _ in Deal.Status.choices]
        segments = list(Segment.objects.ensure_vocabulary().values_list("slug", flat=True))
        kinds = [choice for choice, _ in Deal.Kind.choices]
        roles = [choice for choice, _ in DealParty.Role.choices]

        def batch(start, size):
            deals = []
            for n in range(size):
                signed = date(2018, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 8))
                amount = Decimal(self.rng.randint(5, 5000)) * 1_000_000
                capacity = Decimal(self.rng.choice([10, 20, 40, 60]) * 1000)
                deals.append(Deal(
                    title=f"{self._name()} {self.rng.choice(SUBJECTS)} plant, "
                          f"{self.rng.choice(PLACES)}",
                    slug=f"seed-{self.run}-deal-{start + n}", kind=self.rng.choice(kinds),
                    status=self.rng.choice(statuses), segment_id=self.rng.choice(segments),
                    country=self.rng.choice(COUNTRIES), amount=amount, currency="USD",
                    amount_usd=amount, capacity=capacity, capacity_unit="t/yr",
                    jobs=self.rng.randint(50, 5000), signed_on=signed, signed_precision="day",
                    key_date=signed, year=signed.year,
                    summary="A battery supply-chain investment.",
                ))  # fmt: skip
            created = self._bulk(Deal, deals)
            parties, phases = [], []
            for deal in created:
                for company in self.rng.sample(companies, k=min(len(companies), 2)):
                    parties.append(
                        DealParty(
                            deal_id=deal.pk, company_id=company.pk, role=self.rng.choice(roles)
                        )
                    )
                half = deal.capacity / 2
                phases += [
                    DealPhase(deal_id=deal.pk, number=1, capacity=half),
                    DealPhase(deal_id=deal.pk, number=2, capacity=half),
                ]
            self._bulk(DealParty, parties)
            self._bulk(DealPhase, phases)
            return created

        return self._chunks("deals", total, batch)

    # Articles

    def _bodies(self):
        """Render each body template's Markdown once; articles only substitute words."""
        rendered = []
        for template in BODY_TEMPLATES:
            html = render_markdown(template.format(**MARKERS))
            rendered.append((template, html, strip_tags(html)))
        return rendered

    def _articles(self, total, companies, deals):
        bodies = self._bodies()
        now = timezone.now()
        through_authors = Article.authors.through
        through_companies = Article.companies.through
        through_deals = Article.deals.through

        def batch(start, size):
            articles = []
            for n in range(size):
                number = start + n
                words = {
                    "company": self.rng.choice(companies).name if companies else self._name(),
                    "day": self.rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday"]),
                    "verb": self.rng.choice(VERBS), "subject": self.rng.choice(SUBJECTS),
                    "place": self.rng.choice(PLACES), "capacity": self.rng.randint(5, 90) * 1000,
                    "jobs": self.rng.randint(100, 4000), "amount": self.rng.randint(50, 3000),
                }  # fmt: skip
                template, body_html, plain = self.rng.choice(bodies)
                body = template.format(**words)
                for key, marker in MARKERS.items():
                    value = words[key]
                    marker = f"{marker:,}" if isinstance(marker, int) else marker
                    text = f"{value:,}" if isinstance(value, int) else str(value)
                    body_html = body_html.replace(marker, escape(text))
                    plain = plain.replace(marker, text)
                title = (
                    f"{words['company']} {words['verb']} {words['subject']} "
                    f"project in {words['place']}"
                )
                roll = self.rng.random()
                status = Article.Status.PUBLISHED if roll < 0.95 else Article.Status.DRAFT
                published_at = now - timedelta(minutes=self.rng.randint(1, 60 * 24 * 365 * 3))
                if 0.93 < roll < 0.95:
                    published_at = now + timedelta(hours=self.rng.randint(1, 72))
                articles.append(Article(
                    title=title[:200], slug=f"{slugify(title)[:150]}-{self.run}{number}",
                    dek=f"The {words['subject']} project in {words['place']} would add "
                        f"{words['capacity']:,} tonnes a year.",
                    body=body, body_html=body_html,
                    word_count=len(plain.split()),
                    section=self.rng.choice(self.sections), status=status,
                    published_at=published_at if status == Article.Status.PUBLISHED else None,
                    is_featured=self.rng.random() < 0.02,
                ))  # fmt: skip
            created = self._bulk(Article, articles)
            # bulk_create stamps auto_now fields with the current time: give each live
            # story its own time, so that it is not shown as "updated" today.
            Article.objects.filter(pk__in=[a.pk for a in created], published_at__lte=now).update(
                created_at=F("published_at"), updated_at=F("published_at")
            )
            authors, tags, mentions, covered = [], [], [], []
            for article in created:
                for author in self.rng.sample(self.authors, k=self.rng.randint(1, 2)):
                    authors.append(through_authors(article_id=article.pk, author_id=author.pk))
                for tag in self.rng.sample(self.tags, k=self.rng.randint(1, 4)):
                    tags.append(TaggedArticle(content_object_id=article.pk, tag_id=tag.pk))
                if companies and self.rng.random() < 0.5:
                    company = self.rng.choice(companies)
                    mentions.append(through_companies(article_id=article.pk, company_id=company.pk))
                if deals and self.rng.random() < 0.2:
                    deal = self.rng.choice(deals)
                    covered.append(through_deals(article_id=article.pk, deal_id=deal.pk))
            self._bulk(through_authors, authors)
            self._bulk(TaggedArticle, tags)
            self._bulk(through_companies, mentions)
            self._bulk(through_deals, covered)
            pks = [article.pk for article in created]
            self._store_search_vectors(pks)
            return pks

        return self._chunks("articles", total, batch) if total else []

    def _store_search_vectors(self, article_ids):
        """Store the articles' search vectors (PostgreSQL), once their chunk is committed.

        PostgreSQL builds them while this process makes the next chunks: the work goes to
        a worker thread with its own connection. Inside a caller's transaction (tests)
        the rows are not visible to another connection, so it is done here instead.
        """
        if connection.vendor != "postgresql":
            return
        if self.in_callers_transaction:
            _update_search_vectors(article_ids, close=False)
            return
        self.vectors_started = getattr(self, "vectors_started", None) or time.monotonic()
        transaction.on_commit(
            lambda: self.vector_jobs.append(
                self.database_worker.submit(_update_search_vectors, article_ids, close=True)
            )
        )

    def _wait_for_search_vectors(self, total):
        if not self.vector_jobs:
            return
        # The rate counts from the first chunk's commit: the vectors are built meanwhile.
        progress = Progress(
            "search", total, self.progress_stream, unit="vectors", start=self.vectors_started
        )
        for job in self.vector_jobs:
            progress.advance(job.result(), 0)
        progress.finish()

    # Leads

    def _leads(self, total, article_ids):
        """Leads spread over the last three years (as a desk that has run that long has
        them), about their stories: this run's articles, or the published ones there."""
        statuses = [choice for choice, _ in Lead.Status.choices]
        if not article_ids and total:
            article_ids = list(
                Article.objects.published()
                .order_by("-published_at")
                .values_list("pk", flat=True)[:5000]
            )
        now = timezone.now()
        sources = ["", "", "newsletter", "linkedin", "google", "x"]

        def batch(start, size):
            leads = [
                Lead(
                    name=f"{self._name(2)} {self._name(3)}",
                    email=f"reader{(start + n) % max(1, total // 3)}@{self.run}.example.com",
                    company=f"{self._name()} Ltd",
                    job_title="Buyer",
                    country=self.rng.choice(COUNTRIES),
                    topic="Full report",
                    message="Please send the report.",
                    status=self.rng.choice(statuses),
                    article_id=self.rng.choice(article_ids) if article_ids else None,
                    utm_source=self.rng.choice(sources),
                )  # fmt: skip
                for n in range(size)
            ]
            for lead in leads:
                lead.created_at = now - timedelta(minutes=self.rng.randint(0, 60 * 24 * 365 * 3))
            received = Lead._meta.get_field("created_at")
            received.auto_now_add = False  # keep the times given here, for this insert only
            try:
                self._bulk(Lead, leads)
            finally:
                received.auto_now_add = True
            return []

        if total:
            self._chunks("leads", total, batch)


def _update_search_vectors(article_ids, close):
    try:
        Article.objects.filter(pk__in=article_ids).update(
            search_vector=Article.search_vector_expression()
        )
    finally:
        if close:
            connections.close_all()  # the worker thread's own connection
    return len(article_ids)
