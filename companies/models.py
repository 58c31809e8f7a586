from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django_countries.fields import CountryField

from portal import structured_data
from portal.images import CheckedImageField
from portal.markdown import render_markdown
from portal.models import TimeStampedModel
from portal.seo import PageMeta
from portal.urlutils import slug_url

from .dates import DatePrecision, format_partial_date, iso_partial_date

# A logo may be small, but not a thumbnail that blurs on a profile page.
LOGO_MIN_WIDTH = 100
# Parent links followed in one query for a profile's parent chain.
ANCESTOR_DEPTH = 5

CURRENCIES = [
    ("USD", "USD – US dollar"), ("EUR", "EUR – Euro"), ("CNY", "CNY – Chinese yuan"),
    ("MAD", "MAD – Moroccan dirham"), ("IDR", "IDR – Indonesian rupiah"),
    ("GBP", "GBP – Pound sterling"), ("JPY", "JPY – Japanese yen"),
    ("KRW", "KRW – South Korean won"), ("INR", "INR – Indian rupee"),
    ("CAD", "CAD – Canadian dollar"), ("AUD", "AUD – Australian dollar"),
    ("HUF", "HUF – Hungarian forint"), ("PLN", "PLN – Polish zloty"),
    ("CZK", "CZK – Czech koruna"), ("SEK", "SEK – Swedish krona"),
    ("NOK", "NOK – Norwegian krone"), ("CHF", "CHF – Swiss franc"),
    ("BRL", "BRL – Brazilian real"), ("CLP", "CLP – Chilean peso"),
    ("ARS", "ARS – Argentine peso"), ("MXN", "MXN – Mexican peso"),
    ("ZAR", "ZAR – South African rand"), ("EGP", "EGP – Egyptian pound"),
    ("SAR", "SAR – Saudi riyal"), ("AED", "AED – UAE dirham"),
    ("TRY", "TRY – Turkish lira"), ("VND", "VND – Vietnamese dong"),
    ("THB", "THB – Thai baht"), ("MYR", "MYR – Malaysian ringgit"),
    ("PHP", "PHP – Philippine peso"), ("SGD", "SGD – Singapore dollar"),
    ("HKD", "HKD – Hong Kong dollar"), ("TWD", "TWD – New Taiwan dollar"),
]  # fmt: skip


def _start_of_period(value, precision):
    """Return the first day of the period `value` falls in, so equal periods compare equal."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return date(value.year, 1, 1)
    if precision == DatePrecision.QUARTER:
        return date(value.year, 3 * ((value.month - 1) // 3) + 1, 1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


# The one segment vocabulary of companies and deals, along the value chain: (slug, name).
# Seeded by migrations; editors may add more in the admin.
SEGMENTS = [
    ("mining", "Mining"), ("refining", "Refining"), ("precursor", "Precursor"),
    ("cathode", "Cathode"), ("anode", "Anode"), ("electrolyte", "Electrolyte"),
    ("separator", "Separator"), ("cells", "Cells"), ("packs", "Packs"), ("evs", "EVs"),
    ("recycling", "Recycling"), ("energy-storage", "Energy storage"), ("solar", "Solar"),
]  # fmt: skip


def validate_source_url(value):
    """Accept an http(s) address or a path on this site (one of the portal's own stories)."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


def period_end(value, precision):
    """Return the last day of the period that starts on `value` (None stays None)."""
    if value is None:
        return None
    months = {DatePrecision.YEAR: 12, DatePrecision.QUARTER: 3, DatePrecision.MONTH: 1}
    if precision not in months:
        return value
    month = value.month - 1 + months[precision]
    return date(value.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


class SegmentQuerySet(models.QuerySet):
    def ensure_vocabulary(self):
        """Create the vocabulary's segments that are missing (fixtures, emptied test databases)."""
        for position, (slug, name) in enumerate(SEGMENTS):
            self.get_or_create(slug=slug, defaults={"name": name, "position": position})
        return self


class Segment(models.Model):
    """A part of the battery value chain (anode, cathode, ...): one list for companies and deals."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = SegmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class CompanyQuerySet(models.QuerySet):
    def for_directory(self):
        """Return companies with what a directory row shows, by name."""
        return self.select_related("parent").prefetch_related("segments").order_by("name")

    def search(self, *terms):
        """Return companies whose name, legal name or any other name contains one of `terms`."""
        condition = Q()
        for term in terms:
            condition |= (
                Q(name__icontains=term) | Q(legal_name__icontains=term) | Q(aliases__icontains=term)
            )
        return self.filter(condition) if condition else self.none()

    def businesses(self):
        """Return companies and investors: the directory's entries (governments and public
        agencies are parties to deals, with their own pages, but not companies)."""
        return self.filter(kind__in=Company.BUSINESS_KINDS)

    def most_covered(self, articles):
        """Return companies mentioned in `articles` with their count, most mentioned first.

        The caller passes the articles (e.g. published ones of the last 90 days), so
        this app needs no knowledge of what "published" means.
        """
        return (
            self.businesses()
            .filter(articles__in=articles)
            .only("name", "slug")
            .annotate(coverage=Count("articles"))
            .order_by("-coverage", "name")
        )


class Company(TimeStampedModel):
    """A company, government, public agency or investor, with its corporate family."""

    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        GOVERNMENT = "government", "Government"
        PUBLIC_AGENCY = "public_agency", "Public agency"
        INVESTOR = "investor", "Investor"

    BUSINESS_KINDS = [Kind.COMPANY, Kind.INVESTOR]

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    legal_name = models.CharField(max_length=300, blank=True)
    aliases = models.TextField(
        "other names",
        blank=True,
        help_text="One per line: short names, former names, names in other scripts (贝特瑞).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subsidiaries",
        help_text="The company that owns or controls this one.",
    )
    founded_on = models.DateField(null=True, blank=True)
    founded_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    country = CountryField("headquarters country", blank=True, db_index=True)
    city = models.CharField("headquarters city", max_length=120, blank=True)
    stock_exchange = models.CharField(max_length=120, blank=True)
    ticker = models.CharField(max_length=20, blank=True)
    website = models.URLField(blank=True)
    logo = CheckedImageField(upload_to="companies/logos/", blank=True, min_width=LOGO_MIN_WIDTH)
    logo_alt = models.CharField("logo alt text", max_length=200, blank=True)
    segments = models.ManyToManyField(Segment, blank=True, related_name="companies")
    summary = models.CharField(max_length=300, blank=True, help_text="One or two sentences.")
    description = models.TextField(blank=True, help_text="Markdown, cleaned like article bodies.")
    description_html = models.TextField(editable=False, blank=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        indexes = [models.Index(fields=["name"], name="company_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("companies:company", self.slug)

    def clean(self):
        super().clean()
        if self.logo and not self.logo_alt.strip():
            raise ValidationError({"logo_alt": "Describe the logo for readers who cannot see it."})
        self._check_parent_is_not_a_descendant()

    def _check_parent_is_not_a_descendant(self):
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "A company cannot be its own parent."})
        seen = {self.pk}
        ancestor_id = self.parent_id
        while ancestor_id is not None:
            if ancestor_id in seen:
                raise ValidationError(
                    {
                        "parent": "That would make the company its own ancestor: "
                        f"{Company.objects.get(pk=self.parent_id).name} is already "
                        "one of its subsidiaries (directly or further down)."
                    }
                )
            seen.add(ancestor_id)
            ancestor_id = (
                Company.objects.filter(pk=ancestor_id).values_list("parent_id", flat=True).first()
            )

    def save(self, *args, **kwargs):
        self.founded_on = _start_of_period(self.founded_on, self.founded_precision)
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    @property
    def founded_display(self):
        return format_partial_date(self.founded_on, self.founded_precision)

    @property
    def founded_iso(self):
        return iso_partial_date(self.founded_on, self.founded_precision)

    @property
    def other_names(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def listing_display(self):
        return " ".join(part for part in [self.stock_exchange, self.ticker] if part)

    def ancestors(self):
        """Return the parent chain, nearest first (uses the chain select_related in views)."""
        chain, node, seen = [], self.parent, {self.pk}
        while node is not None and node.pk not in seen and len(chain) < ANCESTOR_DEPTH:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def family_ids(self):
        """Return the ids of this company and of its subsidiaries, theirs, and so on
        (ANCESTOR_DEPTH levels down), one indexed query per level below the first.

        The first level comes from `subsidiaries`, prefetched by the profile. (One query
        of parent, parent's parent... took 40 ms at 10,000 companies: no index helps.)
        """
        if not hasattr(self, "_family_ids"):
            ids, level = [self.pk], [child.pk for child in self.subsidiaries.all()]
            for _ in range(ANCESTOR_DEPTH):
                if not level:
                    break
                ids += level
                level = list(
                    Company.objects.filter(parent_id__in=level)
                    .exclude(pk__in=ids)
                    .values_list("pk", flat=True)
                )
            self._family_ids = ids
        return self._family_ids

    def family_deals(self):
        """Return [(deal, [role names], [subsidiaries through which it is held])] of the deals
        of this company and its subsidiaries (further down too), newest first.

        A deal the company is a party to itself lists no subsidiary; one held only by
        subsidiaries names them, so the profile can mark it as a subsidiary's deal.
        """
        parties = (
            DealParty.objects.filter(company_id__in=self.family_ids())
            .select_related("deal", "company")
            .order_by(models.F("deal__key_date").desc(nulls_last=True), "-deal__pk", "pk")
        )
        deals = {}
        for party in parties:
            roles, via = deals.setdefault(party.deal, ([], []))
            if party.company_id == self.pk:
                roles.append(party.get_role_display())
            elif party.company not in via:
                via.append(party.company)
        return [(deal, roles, [] if roles else via) for deal, (roles, via) in deals.items()]

    def page_meta(self, ancestors):
        """Return the profile's metadata, with its Organization structured data."""
        return PageMeta(
            title=self.name,
            description=self.summary or f"Profile of {self.name}.",
            path=self.get_absolute_url(),
            image=self.logo.url if self.logo else "",
            image_alt=self.logo_alt,
            og_type="profile",
            breadcrumbs=[
                ("Home", "/"),
                ("Companies", "/companies/"),
                (self.name, self.get_absolute_url()),
            ],
            structured_data=[structured_data.organization(self, ancestors)],
        )


class CompanyFact(models.Model):
    """A dated, sourced fact on a company profile (market share, capacity, stake...)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="facts")
    label = models.CharField(max_length=120)
    value = models.CharField(max_length=300)
    as_of = models.DateField("as of", null=True, blank=True)
    source_title = models.CharField(max_length=200, blank=True)
    source_publisher = models.CharField(max_length=200, blank=True)
    source_published_on = models.DateField("source date", null=True, blank=True)
    source_url = models.CharField(
        "source URL", max_length=500, blank=True, validators=[validate_source_url],
        help_text="An https:// address, or a path of one of our stories (/articles/...).",
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.label}: {self.value}"

    def clean(self):
        super().clean()
        if self.source_url and not self.source_title:
            raise ValidationError({"source_title": "Give the title of the source."})


def usd_split():
    """The aggregates that keep reported amounts, caps ("up to") and estimates apart."""
    qualifier = Deal.AmountQualifier
    return {
        "count": Count("pk"),
        "reported_usd": Sum("amount_usd", filter=Q(amount_qualifier=qualifier.REPORTED)),
        "up_to_usd": Sum("amount_usd", filter=Q(amount_qualifier=qualifier.UP_TO)),
        "estimate_usd": Sum("amount_usd", filter=Q(amount_qualifier=qualifier.ESTIMATE)),
        "undisclosed": Count("pk", filter=Q(amount_usd__isnull=True)),
    }


def _total_usd():
    """The sum of every kind of amount: only for ordering and shading, never shown as a total."""
    return Sum("amount_usd")


class DealQuerySet(models.QuerySet):
    def for_listing(self):
        """Return deals with what a short list shows (and no more), newest first."""
        return self.only(
            "title", "slug", "status", "country", "amount", "currency", "amount_qualifier"
        ).order_by(models.F("key_date").desc(nulls_last=True), "-pk")

    def for_tracker(self):
        """Return deals with their segment and parties loaded, newest first."""
        return (
            self.select_related("segment")
            .prefetch_related(
                models.Prefetch(
                    "parties", queryset=DealParty.objects.select_related("company").order_by("pk")
                )
            )
            .order_by(models.F("key_date").desc(nulls_last=True), "-pk")
        )

    def of_family(self, company):
        """Return the deals of `company` and of its subsidiaries (further down too)."""
        parties = DealParty.objects.filter(company_id__in=company.family_ids())
        return self.filter(pk__in=parties.values("deal_id"))

    def possibly_out_of_date(self, today):
        """Return deals whose expected completion has passed without a review since.

        Operating and cancelled deals are done with their dates, so never out of date.
        """
        return (
            self.filter(completion_until__lt=today)
            .exclude(status__in=Deal.FINAL_STATUSES)
            .filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lte=models.F("completion_until")))
        )

    def totals(self):
        """Return the count and the USD totals, reported, capped and estimated apart."""
        return self.order_by().aggregate(**usd_split())

    def usd_by_country(self):
        """Return rows of country, count and USD totals (apart), largest first."""
        return (
            self.order_by()
            .values("country")
            .annotate(**usd_split(), usd_all=_total_usd())
            .order_by(models.F("usd_all").desc(nulls_last=True), "country")
        )

    def capacity_by_status(self):
        """Return rows of capacity unit, status, count and capacity, by unit then status.

        Capacities are summed per unit only: tonnes, GWh and MW never add up.
        """
        return (
            self.order_by()
            .exclude(capacity__isnull=True)
            .values("capacity_unit", "status")
            .annotate(count=Count("pk"), capacity_total=Sum("capacity"))
            .order_by("capacity_unit", "status")
        )

    def capacity_by_country(self):
        """Return rows of country, capacity unit, count and capacity, by country then unit."""
        return (
            self.order_by()
            .exclude(capacity__isnull=True)
            .values("country", "capacity_unit")
            .annotate(count=Count("pk"), capacity_total=Sum("capacity"))
            .order_by("country", "capacity_unit")
        )


class Deal(TimeStampedModel):
    """An investment deal: who puts how much into what, where, and how far it has got."""

    class Kind(models.TextChoices):
        INVESTMENT_AGREEMENT = "investment_agreement", "Investment agreement"
        JOINT_VENTURE = "joint_venture", "Joint venture"
        ACQUISITION = "acquisition", "Acquisition"
        EQUITY_STAKE = "equity_stake", "Equity stake"
        OFFTAKE = "offtake", "Offtake"
        FINANCING = "financing", "Financing"
        GRANT = "grant", "Grant"

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "Announced"
        AGREEMENT_SIGNED = "agreement_signed", "Agreement signed"
        FINAL_INVESTMENT_DECISION = "fid", "Final investment decision"
        UNDER_CONSTRUCTION = "under_construction", "Under construction"
        PARTLY_OPERATING = "partly_operating", "Partly operating"
        OPERATING = "operating", "Operating"
        PAUSED = "paused", "Paused"
        CANCELLED = "cancelled", "Cancelled"

    class AmountQualifier(models.TextChoices):
        REPORTED = "reported", "Reported"
        UP_TO = "up_to", "Up to"
        ESTIMATE = "estimate", "Estimate"

    class CapacityUnit(models.TextChoices):
        TONNES_PER_YEAR = "t/yr", "t/yr"
        GWH_PER_YEAR = "GWh/yr", "GWh/yr"
        MEGAWATTS = "MW", "MW"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.ANNOUNCED)
    segment = models.ForeignKey(
        Segment, on_delete=models.PROTECT, to_field="slug", db_column="segment",
        db_index=False, related_name="deals",
    )  # fmt: skip
    chemistry = models.CharField(
        max_length=80, blank=True, help_text="Where known: ternary NCM, LFP, graphite..."
    )
    summary = models.TextField(blank=True)
    editor_note = models.TextField(
        "editor's note", blank=True, help_text="Shown to readers, e.g. where sources disagree."
    )
    country = CountryField(db_index=True)
    region = models.CharField("region or city", max_length=120, blank=True)
    site_name = models.CharField(max_length=200, blank=True)
    site_aliases = models.TextField(
        "other names of the site", blank=True, help_text="One per line, as reported."
    )
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )  # fmt: skip
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )  # fmt: skip
    amount = models.DecimalField(
        max_digits=18, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="In the original currency, as reported.",
    )  # fmt: skip
    currency = models.CharField(max_length=3, choices=CURRENCIES, blank=True)
    amount_qualifier = models.CharField(
        max_length=10, choices=AmountQualifier.choices, default=AmountQualifier.REPORTED
    )
    amount_usd = models.DecimalField(
        "amount in USD", max_digits=18, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))], help_text="Used for totals and charts.",
    )  # fmt: skip
    usd_rate_date = models.DateField("exchange-rate date", null=True, blank=True)
    capacity = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    capacity_unit = models.CharField(max_length=10, choices=CapacityUnit.choices, blank=True)
    site_area_ha = models.DecimalField(
        "site area (ha)", max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    jobs = models.PositiveIntegerField(null=True, blank=True)
    announced_on = models.DateField(null=True, blank=True)
    announced_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    signed_on = models.DateField(null=True, blank=True)
    signed_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    completion_on = models.DateField("expected completion", null=True, blank=True)
    completion_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.MONTH
    )
    reviewed_on = models.DateField(
        "last reviewed", null=True, blank=True,
        help_text="When an editor last checked the record against its sources.",
    )  # fmt: skip
    completion_until = models.DateField(
        editable=False, null=True, help_text="Last day of the expected completion period."
    )
    related_deals = models.ManyToManyField("self", blank=True, symmetrical=True)
    key_date = models.DateField(
        editable=False, null=True, help_text="Signed date, else announced date (for sorting)."
    )
    year = models.PositiveSmallIntegerField(
        editable=False, null=True, help_text="Year of the key date (for filters and charts)."
    )

    # What each status means (the methodology page; in the order of a project's life).
    STATUS_MEANINGS = [
        (Status.ANNOUNCED, "A company or government has said the project will happen, "
         "without a signed agreement or a decision to spend."),
        (Status.AGREEMENT_SIGNED, "An investment agreement, memorandum or contract has been "
         "signed, typically with the host government; money is not yet committed."),
        (Status.FINAL_INVESTMENT_DECISION, "The owners have committed the money (final "
         "investment decision), usually with financing arranged."),
        (Status.UNDER_CONSTRUCTION, "Building has started on the site."),
        (Status.PARTLY_OPERATING, "A first phase or line produces; more is being built."),
        (Status.OPERATING, "The plant produces at its recorded capacity, or the transaction "
         "has closed."),
        (Status.PAUSED, "Work or the deal has been put on hold, by the owners' or officials' "
         "account."),
        (Status.CANCELLED, "The owners or the government have dropped the project."),
    ]  # fmt: skip
    # Statuses after which the expected dates no longer matter.
    FINAL_STATUSES = [Status.OPERATING, Status.CANCELLED]

    objects = DealQuerySet.as_manager()

    class Meta:
        ordering = ["-key_date", "-pk"]
        indexes = [
            models.Index(fields=["-key_date", "-id"], name="deal_key_date_idx"),
            models.Index(fields=["-amount_usd"], name="deal_amount_usd_idx"),
            models.Index(fields=["segment", "-key_date"], name="deal_segment_idx"),
            models.Index(fields=["status", "-key_date"], name="deal_status_idx"),
            models.Index(fields=["year"], name="deal_year_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="deal_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(amount_usd__isnull=True) | Q(amount_usd__gte=0),
                name="deal_amount_usd_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | ~Q(capacity_unit=""),
                name="deal_capacity_has_unit",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("companies:deal", self.slug)

    def page_meta(self):
        """Return the deal page's metadata."""
        return PageMeta(
            title=self.title,
            description=self.summary[:300] if self.summary else f"Deal record: {self.title}.",
            path=self.get_absolute_url(),
            breadcrumbs=[
                ("Home", "/"),
                ("Deals", "/deals/"),
                (self.title, self.get_absolute_url()),
            ],
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.capacity is not None and not self.capacity_unit:
            errors["capacity_unit"] = "Give the unit of the capacity (t/yr, GWh/yr or MW)."
        if self.amount is not None and not self.currency:
            errors["currency"] = "Give the currency of the amount."
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = "Give both latitude and longitude, or neither."
        if self.currency == "USD" and self.usd_rate_date:
            errors["usd_rate_date"] = "The amount is in US dollars: no exchange rate was used."
        if self.is_converted and self.amount is not None and not self.usd_rate_date:
            errors["usd_rate_date"] = "Give the date of the exchange rate used."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.announced_on = _start_of_period(self.announced_on, self.announced_precision)
        self.signed_on = _start_of_period(self.signed_on, self.signed_precision)
        self.completion_on = _start_of_period(self.completion_on, self.completion_precision)
        self.completion_until = period_end(self.completion_on, self.completion_precision)
        if self.currency == "USD":  # no conversion: the amount is the USD amount
            self.amount_usd, self.usd_rate_date = self.amount, None
        self.key_date = self.signed_on or self.announced_on
        self.year = self.key_date.year if self.key_date else None
        super().save(*args, **kwargs)

    @property
    def announced_display(self):
        return format_partial_date(self.announced_on, self.announced_precision)

    @property
    def signed_display(self):
        return format_partial_date(self.signed_on, self.signed_precision)

    @property
    def completion_display(self):
        return format_partial_date(self.completion_on, self.completion_precision)

    @property
    def announced_iso(self):
        return iso_partial_date(self.announced_on, self.announced_precision)

    @property
    def signed_iso(self):
        return iso_partial_date(self.signed_on, self.signed_precision)

    @property
    def completion_iso(self):
        return iso_partial_date(self.completion_on, self.completion_precision)

    @property
    def other_site_names(self):
        return [line.strip() for line in self.site_aliases.splitlines() if line.strip()]

    def figure_sources(self):
        """Return {figure: [sources reporting it]}, numbering each source as listed.

        Each source gets `number` (its place in the list of sources) and each status
        change `source_number`, so figures and history can point to them (uses the
        prefetched sources and status history).
        """
        numbers, refs = {}, {figure: [] for figure in DealSource.Figure.values}
        for number, source in enumerate(self.sources.all(), 1):
            source.number = numbers[source.pk] = number
            for figure in source.figures:
                refs.setdefault(figure, []).append(source)
        for change in self.status_history.all():
            change.source_number = numbers.get(change.source_id)
        return refs

    def is_possibly_out_of_date(self, today):
        """True when the expected completion has passed and nobody has reviewed it since."""
        return (
            self.completion_until is not None
            and self.completion_until < today
            and self.status not in self.FINAL_STATUSES
            and (self.reviewed_on is None or self.reviewed_on <= self.completion_until)
        )

    @property
    def is_converted(self):
        """True when the USD amount comes from another currency (and so has a rate date)."""
        return bool(self.amount_usd) and self.currency not in ("", "USD")

    @property
    def amount_prefix(self):
        return {"up_to": "up to ", "estimate": "about "}.get(self.amount_qualifier, "")


class DealStatusChange(models.Model):
    """A dated step in a deal's history (announced, signed, under construction...)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=30, choices=Deal.Status.choices)
    changed_on = models.DateField()
    precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(
        "DealSource", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The source that reports this step (one of the deal's sources).",
    )  # fmt: skip

    class Meta:
        ordering = ["changed_on", "pk"]
        verbose_name = "status change"

    def __str__(self):
        return f"{self.get_status_display()} ({self.changed_display})"

    def save(self, *args, **kwargs):
        self.changed_on = _start_of_period(self.changed_on, self.precision)
        super().save(*args, **kwargs)

    @property
    def changed_display(self):
        return format_partial_date(self.changed_on, self.precision)


class DealParty(models.Model):
    """A company's role in a deal."""

    class Role(models.TextChoices):
        INVESTOR = "investor", "Investor"
        OWNER = "owner", "Owner"
        HOST_GOVERNMENT = "host_government", "Host government"
        JV_PARTNER = "jv_partner", "Joint-venture partner"
        PROJECT_SUBSIDIARY = "project_subsidiary", "Project subsidiary"
        FINANCIER = "financier", "Financier"
        OFFTAKER = "offtaker", "Offtaker"

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="parties")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="deal_roles")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = "party"
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["deal", "company", "role"], name="unique_deal_party_role"
            )
        ]
        indexes = [models.Index(fields=["company", "deal"], name="dealparty_company_idx")]

    def __str__(self):
        return f"{self.company} ({self.get_role_display()})"


class DealPhase(models.Model):
    """A phase of a deal's project, with its own capacity and completion date."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField()
    capacity = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="In the deal's capacity unit.",
    )  # fmt: skip
    completion_on = models.DateField("expected completion", null=True, blank=True)
    completion_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.MONTH
    )
    status = models.CharField(max_length=30, choices=Deal.Status.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["deal", "number"], name="unique_deal_phase_number")
        ]

    def __str__(self):
        return f"Phase {self.number}"

    def save(self, *args, **kwargs):
        self.completion_on = _start_of_period(self.completion_on, self.completion_precision)
        super().save(*args, **kwargs)

    @property
    def completion_display(self):
        return format_partial_date(self.completion_on, self.completion_precision)


class DealSource(models.Model):
    """Where a deal's facts come from, and which of its figures it reports."""

    class Figure(models.TextChoices):
        AMOUNT = "amount", "Amount"
        CAPACITY = "capacity", "Capacity"
        SITE = "site", "Site and area"
        JOBS = "jobs", "Jobs"
        DATES = "dates", "Dates"
        STATUS = "status", "Status"

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    url = models.CharField(
        "URL", max_length=500, blank=True, validators=[validate_source_url],
        help_text="An https:// address, or a path of one of our stories (/articles/...).",
    )  # fmt: skip
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    figures = models.JSONField(
        "figures it reports", default=list, blank=True,
        help_text="Which of the deal's figures this source gives.",
    )  # fmt: skip

    class Meta:
        ordering = ["published_on", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        known = set(self.Figure.values)
        if not isinstance(self.figures, list) or not set(self.figures) <= known:
            raise ValidationError({"figures": "Choose among the listed figures."})

    @property
    def figure_labels(self):
        return [self.Figure(value).label for value in self.figures if value in self.Figure.values]
