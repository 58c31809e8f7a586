"""Company profiles and their dated, sourced facts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modeltranslation.utils import build_localized_fieldname

from portal import structured_data
from portal.editions import localized
from portal.images import CheckedImageField
from portal.markdown import render_markdown
from portal.models import TimeStampedModel
from portal.seo import PageMeta, home_crumb
from portal.urlutils import slug_url

from ..dates import DatePrecision, format_partial_date, iso_partial_date, start_of_period
from .segments import Segment

# A logo may be small, but not a thumbnail that blurs on a profile page.
LOGO_MIN_WIDTH = 100
# Parent links followed in one query for a profile's parent chain.
ANCESTOR_DEPTH = 5


def validate_source_url(value):
    """Accept an http(s) address or a path on this site (one of the portal's own stories)."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class CompanyQuerySet(models.QuerySet):
    def for_directory(self):
        """Return companies with what a directory row shows, by name."""
        return self.select_related("parent").prefetch_related("segments").order_by("name")

    def search(self, *terms):
        """Return companies whose name or legal name (in any edition's words) or any other
        name contains one of `terms`."""
        condition = Q()
        for term in terms:
            for field in [*localized("name"), *localized("legal_name"), "aliases"]:
                condition |= Q(**{f"{field}__icontains": term})
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
        COMPANY = "company", _("Company")
        GOVERNMENT = "government", _("Government")
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        INVESTOR = "investor", _("Investor")

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
        self.founded_on = start_of_period(self.founded_on, self.founded_precision)
        for language, _name in settings.LANGUAGES:  # each edition's words (translation.py)
            source = getattr(self, build_localized_fieldname("description", language))
            html = render_markdown(source) if source else ""
            setattr(self, build_localized_fieldname("description_html", language), html)
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

    def page_meta(self, ancestors):
        """Return the profile's metadata, with its Organization structured data."""
        return PageMeta(
            title=self.name,
            description=self.summary or gettext("Profile of %(name)s.") % {"name": self.name},
            path=self.get_absolute_url(),
            image=self.logo.url if self.logo else "",
            image_alt=self.logo_alt,
            og_type="profile",
            breadcrumbs=[
                home_crumb(),
                (gettext("Companies"), reverse("companies:company_list")),
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
