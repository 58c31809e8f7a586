from django.db.models import F, Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, View
from django_countries import countries

from portal.cache.memo import memo
from portal.exports import csv_response, json_array_response
from portal.pagination import CachedCountPaginator, query_digest
from portal.seo import PageMeta, absolute_url

from .charts import bar_chart
from .forms import CompanyFilterForm, DealFilterForm
from .models import ANCESTOR_DEPTH, Company, Deal, DealParty

COVERAGE_ON_PROFILE = 6
DEALS_PER_PAGE = 20
CHARTS_TEMPLATE = "companies/includes/deal_charts.html"


def tracker_page_meta():
    return PageMeta(
        title="Investment deals tracker",
        description="Battery and EV supply-chain investments: plants, joint ventures, "
        "acquisitions and financing, with amounts, capacity, status and sources.",
        path="/deals/",
        breadcrumbs=[("Home", "/"), ("Deals", "/deals/")],
    )


class CompanyListView(ListView):
    """The company directory: filter by segment and country, search by any name."""

    template_name = "companies/company_list.html"
    context_object_name = "companies"
    paginate_by = 30
    page_parameters = (*CompanyFilterForm.base_fields, "page")
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        self.filter_form = CompanyFilterForm(self.request.GET or None)
        filters = self.filter_form.valid_filters()
        companies = Company.objects.for_directory()
        if "q" in filters:
            companies = companies.search(filters["q"])
        if "segment" in filters:
            companies = companies.filter(segments__slug=filters["segment"])
        if "country" in filters:
            companies = companies.filter(country=filters["country"])
        return companies

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["page_meta"] = PageMeta(
            title="Companies",
            description="Profiles of the companies, governments and investors in the battery "
            "and EV supply chain.",
            path="/companies/",
            breadcrumbs=[("Home", "/"), ("Companies", "/companies/")],
        )
        return context


class CompanyDetailView(DetailView):
    """A company profile: family tree, facts, deals and coverage."""

    template_name = "companies/company_detail.html"
    context_object_name = "company"
    page_parameters = ()

    def get_queryset(self):
        return Company.objects.select_related(
            "__".join(["parent"] * ANCESTOR_DEPTH)
        ).prefetch_related(
            "segments",
            "facts",
            Prefetch("subsidiaries", queryset=Company.objects.order_by("name")),
            Prefetch(
                "deal_roles",
                queryset=DealParty.objects.select_related("deal").order_by(
                    F("deal__key_date").desc(nulls_last=True), "deal__pk"
                ),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        ancestors = company.ancestors()
        context.update(
            ancestors=ancestors,
            deals=company.deals_with_roles(),
            coverage=company.articles.published().for_listing()[:COVERAGE_ON_PROFILE],
            page_meta=company.page_meta(ancestors),
        )
        return context


class DealListView(ListView):
    """The deals tracker: filters, sort, totals and charts of the filtered deals."""

    template_name = "companies/deal_list.html"
    context_object_name = "deals"
    paginate_by = DEALS_PER_PAGE
    page_parameters = (*DealFilterForm.base_fields, "page")
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        self.filter_form = DealFilterForm(self.request.GET or None)
        return self.filter_form.tracker_deals()

    def get_context_data(self, **kwargs):
        totals, by_country, by_year, charts = tracker_summary(self.object_list)
        form = self.filter_form
        return super().get_context_data(
            filter_form=form, filters=form.valid_filters(), filter_company=form.filtered_company(),
            totals=totals, by_country=by_country, by_year=by_year,
            charts=mark_safe(charts),  # noqa: S308 - rendered by the template engine, escaped
            export_query=form.export_query(), page_meta=tracker_page_meta(), **kwargs,
        )  # fmt: skip


def tracker_summary(deals):
    """Return (totals, USD by country, USD by year, charts HTML) of the filtered `deals`.

    Three aggregates over every matching deal and two charts drawn from them: a memo per
    filter, since only a change to the deals can change them.
    """
    deals = deals.order_by()
    digest = query_digest(deals)
    if digest is None:  # a filter that can match nothing
        return _summary(deals)
    return memo(f"deals:summary:{digest}", lambda: _summary(deals))


def _summary(deals):
    by_country = list(deals.usd_by_country())
    for row in by_country:
        row["country_name"] = countries.name(row["country"]) or row["country"]
    by_year = list(deals.usd_by_year())
    country_chart = bar_chart((r["country_name"], r["usd_total"], r["count"]) for r in by_country)
    year_chart = bar_chart((str(r["year"]), r["usd_total"], r["count"]) for r in by_year)
    charts = render_to_string(
        CHARTS_TEMPLATE,
        {"by_country": by_country, "by_year": by_year, "country_chart": country_chart,
         "year_chart": year_chart},
    )  # fmt: skip
    return deals.totals(), by_country, by_year, charts


class DealDetailView(DetailView):
    """A deal with every fact, its phases, parties, history, sources and coverage."""

    template_name = "companies/deal_detail.html"
    context_object_name = "deal"
    page_parameters = ()

    def get_queryset(self):
        return Deal.objects.prefetch_related(
            Prefetch("parties", queryset=DealParty.objects.select_related("company")),
            "phases",
            "status_history",
            "sources",
            Prefetch(
                "related_deals",
                queryset=Deal.objects.order_by(F("key_date").desc(nulls_last=True), "-pk"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deal = self.object
        context.update(
            coverage=deal.articles.published().for_listing()[:COVERAGE_ON_PROFILE],
            page_meta=deal.page_meta(),
        )
        return context


EXPORT_COLUMNS = [
    "slug", "title", "kind", "status", "segment", "chemistry", "country", "country_name",
    "region", "site_name", "amount", "currency", "amount_qualifier", "amount_usd",
    "usd_rate_date", "capacity", "capacity_unit", "site_area_ha", "jobs", "announced",
    "signed", "expected_completion", "parties", "url",
]  # fmt: skip


def deal_export_row(deal):
    """Return one deal as a dict of export columns (shared by CSV and JSON)."""
    return {
        "slug": deal.slug,
        "title": deal.title,
        "kind": deal.kind,
        "status": deal.status,
        "segment": deal.segment,
        "chemistry": deal.chemistry,
        "country": deal.country.code,
        "country_name": deal.country.name,
        "region": deal.region,
        "site_name": deal.site_name,
        "amount": deal.amount,
        "currency": deal.currency,
        "amount_qualifier": deal.amount_qualifier,
        "amount_usd": deal.amount_usd,
        "usd_rate_date": deal.usd_rate_date.isoformat() if deal.usd_rate_date else None,
        "capacity": deal.capacity,
        "capacity_unit": deal.capacity_unit,
        "site_area_ha": deal.site_area_ha,
        "jobs": deal.jobs,
        "announced": deal.announced_iso,
        "signed": deal.signed_iso,
        "expected_completion": deal.completion_iso,
        "parties": [
            {"company": p.company.name, "slug": p.company.slug, "role": p.role}
            for p in deal.parties.all()
        ],
        "url": absolute_url(deal.get_absolute_url()),
    }


class DealExportView(View):
    """The tracker's filtered deals as a CSV or JSON file."""

    format = "csv"

    def get(self, request):
        deals = DealFilterForm(request.GET or None).tracker_deals().iterator(chunk_size=500)
        rows = (deal_export_row(deal) for deal in deals)
        if self.format == "json":
            return json_array_response("deals.json", rows)
        return csv_response(
            "deals.csv",
            EXPORT_COLUMNS,
            ([_csv_value(row[column]) for column in EXPORT_COLUMNS] for row in rows),
        )


def _csv_value(value):
    if isinstance(value, list):
        return "; ".join(f"{p['company']} ({p['role']})" for p in value)
    return value
