"""Deals of the investment tracker: parties, phases, status changes and sources."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from portal.models import TimeStampedModel
from portal.seo import PageMeta, home_crumb
from portal.urlutils import slug_url

from ..dates import (
    DatePrecision,
    format_partial_date,
    iso_partial_date,
    period_end,
    start_of_period,
)
from .company import Company, validate_source_url
from .segments import Segment

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
        INVESTMENT_AGREEMENT = "investment_agreement", _("Investment agreement")
        JOINT_VENTURE = "joint_venture", _("Joint venture")
        ACQUISITION = "acquisition", _("Acquisition")
        EQUITY_STAKE = "equity_stake", _("Equity stake")
        OFFTAKE = "offtake", _("Offtake")
        FINANCING = "financing", _("Financing")
        GRANT = "grant", _("Grant")

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("Announced")
        AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
        FINAL_INVESTMENT_DECISION = "fid", _("Final investment decision")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        PARTLY_OPERATING = "partly_operating", _("Partly operating")
        OPERATING = "operating", _("Operating")
        PAUSED = "paused", _("Paused")
        CANCELLED = "cancelled", _("Cancelled")

    class AmountQualifier(models.TextChoices):
        REPORTED = "reported", _("Reported")
        UP_TO = "up_to", _("Up to")
        ESTIMATE = "estimate", _("Estimate")

    class CapacityUnit(models.TextChoices):
        TONNES_PER_YEAR = "t/yr", pgettext_lazy("capacity unit", "t/yr")
        GWH_PER_YEAR = "GWh/yr", pgettext_lazy("capacity unit", "GWh/yr")
        MEGAWATTS = "MW", _("MW")

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
        (Status.ANNOUNCED, _("A company or government has said the project will happen, "
         "without a signed agreement or a decision to spend.")),
        (Status.AGREEMENT_SIGNED, _("An investment agreement, memorandum or contract has been "
         "signed, typically with the host government; money is not yet committed.")),
        (Status.FINAL_INVESTMENT_DECISION, _("The owners have committed the money (final "
         "investment decision), usually with financing arranged.")),
        (Status.UNDER_CONSTRUCTION, _("Building has started on the site.")),
        (Status.PARTLY_OPERATING, _("A first phase or line produces; more is being built.")),
        (Status.OPERATING, _("The plant produces at its recorded capacity, or the transaction "
         "has closed.")),
        (Status.PAUSED, _("Work or the deal has been put on hold, by the owners' or officials' "
         "account.")),
        (Status.CANCELLED, _("The owners or the government have dropped the project.")),
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
                home_crumb(),
                (gettext("Deals"), reverse("companies:deal_list")),
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
        self.announced_on = start_of_period(self.announced_on, self.announced_precision)
        self.signed_on = start_of_period(self.signed_on, self.signed_precision)
        self.completion_on = start_of_period(self.completion_on, self.completion_precision)
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
        return {"up_to": gettext("up to "), "estimate": gettext("about ")}.get(
            self.amount_qualifier, ""
        )


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
        self.changed_on = start_of_period(self.changed_on, self.precision)
        super().save(*args, **kwargs)

    @property
    def changed_display(self):
        return format_partial_date(self.changed_on, self.precision)


class DealPartyQuerySet(models.QuerySet):
    def family_deals(self, company):
        """Return [(deal, [role names], [subsidiaries through which it is held])] of the deals
        of `company` and its subsidiaries (further down too), newest first.

        A deal the company is a party to itself lists no subsidiary; one held only by
        subsidiaries names them, so the profile can mark it as a subsidiary's deal.
        """
        parties = (
            self.filter(company_id__in=company.family_ids())
            .select_related("deal", "company")
            .order_by(models.F("deal__key_date").desc(nulls_last=True), "-deal__pk", "pk")
        )
        deals = {}
        for party in parties:
            roles, via = deals.setdefault(party.deal, ([], []))
            if party.company_id == company.pk:
                roles.append(party.get_role_display())
            elif party.company not in via:
                via.append(party.company)
        return [(deal, roles, [] if roles else via) for deal, (roles, via) in deals.items()]


class DealParty(models.Model):
    """A company's role in a deal."""

    class Role(models.TextChoices):
        INVESTOR = "investor", _("Investor")
        OWNER = "owner", _("Owner")
        HOST_GOVERNMENT = "host_government", _("Host government")
        JV_PARTNER = "jv_partner", _("Joint-venture partner")
        PROJECT_SUBSIDIARY = "project_subsidiary", _("Project subsidiary")
        FINANCIER = "financier", _("Financier")
        OFFTAKER = "offtaker", _("Offtaker")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="parties")
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="deal_roles")
    role = models.CharField(max_length=30, choices=Role.choices)

    objects = DealPartyQuerySet.as_manager()

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
        self.completion_on = start_of_period(self.completion_on, self.completion_precision)
        super().save(*args, **kwargs)

    @property
    def completion_display(self):
        return format_partial_date(self.completion_on, self.completion_precision)


class DealSource(models.Model):
    """Where a deal's facts come from, and which of its figures it reports."""

    class Figure(models.TextChoices):
        AMOUNT = "amount", _("Amount")
        CAPACITY = "capacity", _("Capacity")
        SITE = "site", _("Site and area")
        JOBS = "jobs", _("Jobs")
        DATES = "dates", _("Dates")
        STATUS = "status", _("Status")

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
