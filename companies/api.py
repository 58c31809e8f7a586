"""Deals and companies in the read-only API (routed and documented by `portal.api`).

The deals list takes the tracker's filters (the same form, so the same meaning) and
answers 400 with the reasons when one is not valid; `/deals/totals/` gives the filtered
deals' totals, reported amounts, caps and estimates apart, as the tracker shows them.
"""

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.api.docs import detail_responses, list_responses
from portal.seo import absolute_url

from .dates import iso_partial_date
from .forms import SORTS, DealFilterForm, FilterForm
from .models import Company, CompanyFact, Deal, DealParty, DealSource, DealStatusChange

# Serializers


def _absolute(url):
    return absolute_url(url) if url.startswith("/") else url


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    figures = serializers.ListField(child=serializers.ChoiceField(DealSource.Figure.choices))

    class Meta:
        model = DealSource
        fields = ["id", "title", "publisher", "published_on", "url", "figures"]

    def get_url(self, source) -> str:
        return _absolute(source.url)


class PartySerializer(serializers.ModelSerializer):
    company_id = serializers.IntegerField()
    company = serializers.CharField(source="company.name")
    company_slug = serializers.CharField(source="company.slug")
    company_kind = serializers.CharField(source="company.kind")

    class Meta:
        model = DealParty
        fields = ["company_id", "company", "company_slug", "company_kind", "role"]


class StatusChangeSerializer(serializers.ModelSerializer):
    date = serializers.SerializerMethodField()
    source_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = DealStatusChange
        fields = ["status", "date", "note", "source_id"]

    def get_date(self, change) -> str:
        """ISO 8601 at the precision known: 2024-03-29, 2024-08, 2024-Q3 or 2024."""
        return iso_partial_date(change.changed_on, change.precision)


class DealSerializer(serializers.ModelSerializer):
    segment = serializers.CharField(source="segment_id")
    segment_name = serializers.CharField(source="segment.name")
    country = serializers.CharField(source="country.code")
    country_name = serializers.CharField(source="country.name")
    usd_rate_date = serializers.SerializerMethodField()
    announced = serializers.CharField(source="announced_iso")
    signed = serializers.CharField(source="signed_iso")
    expected_completion = serializers.CharField(source="completion_iso")
    last_reviewed = serializers.DateField(source="reviewed_on", allow_null=True)
    possibly_out_of_date = serializers.SerializerMethodField()
    parties = PartySerializer(many=True)
    sources = SourceSerializer(many=True)
    status_history = StatusChangeSerializer(many=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Deal
        fields = [
            "id", "slug", "title", "kind", "status", "segment", "segment_name", "chemistry",
            "summary", "editor_note", "country", "country_name", "region", "site_name",
            "amount", "currency", "amount_qualifier", "amount_usd", "usd_rate_date", "capacity",
            "capacity_unit", "site_area_ha", "jobs", "announced", "signed",
            "expected_completion", "last_reviewed", "possibly_out_of_date", "parties",
            "sources", "status_history", "url",
        ]  # fmt: skip

    def get_usd_rate_date(self, deal) -> str | None:
        """The exchange-rate date, only where the USD amount is a conversion."""
        return deal.usd_rate_date.isoformat() if deal.is_converted and deal.usd_rate_date else None

    def get_possibly_out_of_date(self, deal) -> bool:
        return deal.is_possibly_out_of_date(timezone.localdate())

    def get_url(self, deal) -> str:
        return absolute_url(deal.get_absolute_url())


class FactSerializer(serializers.ModelSerializer):
    source_url = serializers.SerializerMethodField()

    class Meta:
        model = CompanyFact
        fields = [
            "label", "value", "as_of", "source_title", "source_publisher",
            "source_published_on", "source_url",
        ]  # fmt: skip

    def get_source_url(self, fact) -> str:
        return _absolute(fact.source_url)


class CompanySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code")
    founded = serializers.CharField(source="founded_iso")
    other_names = serializers.ListField(child=serializers.CharField())
    segments = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    parent_id = serializers.IntegerField(allow_null=True)
    facts = FactSerializer(many=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Company
        fields = [
            "id", "slug", "name", "legal_name", "other_names", "kind", "parent_id", "country",
            "city", "founded", "stock_exchange", "ticker", "website", "segments", "summary",
            "facts", "url",
        ]  # fmt: skip

    def get_url(self, company) -> str:
        return absolute_url(company.get_absolute_url())


# Views


class DealApiFilterForm(DealFilterForm):
    """The tracker's filters, where a well-formed country or segment with no deals is an
    empty answer, not an error (the tracker offers only those in use)."""

    country = forms.RegexField(regex=r"^[A-Z]{2}$", required=False)
    segment = forms.SlugField(max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super(FilterForm, self).__init__(*args, **kwargs)  # no choices to look up


SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 200}
DEAL_FILTERS = [
    OpenApiParameter(
        "country", {"type": "string", "pattern": "^[A-Z]{2}$"},
        description="ISO 3166 alpha-2 code of the host country.",
    ),
    OpenApiParameter("segment", SLUG, description="Segment slug (cathode, anode, cells...)."),
    OpenApiParameter("status", str, enum=Deal.Status.values),
    OpenApiParameter(
        "company", SLUG, description="Company slug: its deals and its subsidiaries' deals."
    ),
    OpenApiParameter(
        "year", {"type": "integer", "minimum": 1900, "maximum": 2100},
        description="Year of the key date (signed, else announced).",
    ),
    OpenApiParameter("stale", bool, description="Only deals possibly out of date."),
    OpenApiParameter("sort", str, enum=list(SORTS)),
]  # fmt: skip


class DealTotalsSerializer(serializers.Serializer):
    """The totals of a set of deals: never one sum of different kinds of amount."""

    count = serializers.IntegerField()
    reported_usd = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    up_to_usd = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    estimate_usd = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    undisclosed = serializers.IntegerField(help_text="Deals without a disclosed amount.")


@extend_schema_view(
    list=extend_schema(parameters=DEAL_FILTERS, responses=list_responses(DealSerializer)),
    retrieve=extend_schema(responses=detail_responses(DealSerializer)),
    totals=extend_schema(parameters=DEAL_FILTERS, responses=list_responses(DealTotalsSerializer)),
)
class DealViewSet(viewsets.ReadOnlyModelViewSet):
    """Investment deals: amounts (with their kind), capacity, status, parties, sources."""

    # The page cache keys on these only (and the rate limit counts only its misses).
    page_parameters = (*DealApiFilterForm.base_fields, "page", "page_size")
    serializer_class = DealSerializer

    def get_queryset(self):
        deals = Deal.objects.select_related("segment").prefetch_related(
            Prefetch(
                "parties", queryset=DealParty.objects.select_related("company").order_by("pk")
            ),
            "sources",
            "status_history",
        )
        if self.action in ("list", "totals"):
            form = DealApiFilterForm(self.request.query_params)
            if not form.is_valid():
                raise ValidationError(form.errors)
            return form.filter(deals).order_by(*form.ordering())
        return deals

    @action(detail=False, pagination_class=None)
    def totals(self, request):
        """Count and USD totals of the filtered deals: reported, caps and estimates apart."""
        return Response(DealTotalsSerializer(self.get_queryset().totals()).data)


COMPANY_FILTERS = [
    OpenApiParameter("q", str, description="Part of a name, legal name or other name."),
    OpenApiParameter("kind", str, enum=Company.Kind.values),
    OpenApiParameter("country", str, description="ISO 3166 alpha-2 code of the headquarters."),
    OpenApiParameter("segment", str, description="Segment slug."),
]


@extend_schema_view(
    list=extend_schema(parameters=COMPANY_FILTERS, responses=list_responses(CompanySerializer)),
    retrieve=extend_schema(responses=detail_responses(CompanySerializer)),
)
class CompanyViewSet(viewsets.ReadOnlyModelViewSet):
    """Companies, governments, agencies and investors, with their dated, sourced facts."""

    page_parameters = (*(parameter.name for parameter in COMPANY_FILTERS), "page", "page_size")
    serializer_class = CompanySerializer

    def get_queryset(self):
        companies = Company.objects.prefetch_related("segments", "facts").order_by("name", "pk")
        if self.action != "list":
            return companies
        params = self.request.query_params
        if params.get("q"):
            companies = companies.search(params["q"][:100])
        if params.get("kind"):
            if params["kind"] not in Company.Kind.values:
                raise ValidationError(
                    {"kind": [f"Choose one of {', '.join(Company.Kind.values)}."]}
                )
            companies = companies.filter(kind=params["kind"])
        if params.get("country"):
            companies = companies.filter(country=params["country"].upper()[:2])
        if params.get("segment"):
            companies = companies.filter(segments__slug=params["segment"][:60])
        return companies
