from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView, View

from portal.cache import edge
from portal.exports import csv_response, json_array_response
from portal.pagination import CachedCountPaginator
from portal.seo import PageMeta, absolute_url, home_crumb

from . import tracker
from .forms import CompanyFilterForm, DealFilterForm
from .models import ANCESTOR_DEPTH, Company, Deal, DealParty, DealStatusChange

EVENTS_ON_PROFILE = 3
COVERAGE_ON_PROFILE = 6
DEALS_PER_PAGE = 20


TRACKER_DESCRIPTION = _(
    "Battery and EV supply-chain investments: plants, joint ventures, acquisitions and "
    "financing, with amounts, capacity, status and sources."
)


TRACKER_TITLE = _("Investment deals tracker")


def tracker_page_meta(title=TRACKER_TITLE, route="companies:deal_list",
                      description=None):  # fmt: skip
    """The metadata of a page of the tracker (the page's route named)."""
    tracker_path, path = reverse("companies:deal_list"), reverse(route)
    crumbs = [home_crumb(), (gettext("Deals"), tracker_path)]
    return PageMeta(
        title=title,
        description=description or TRACKER_DESCRIPTION,
        path=path,
        breadcrumbs=crumbs if path == tracker_path else [*crumbs, (title, path)],
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
        companies = Company.objects.businesses().for_directory()
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
            title=gettext("Companies"),
            description=gettext(
                "Profiles of the companies and investors in the battery and EV supply chain."
            ),
            path=reverse("companies:company_list"),
            breadcrumbs=[home_crumb(), (gettext("Companies"), reverse("companies:company_list"))],
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
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        ancestors = company.ancestors()
        edge.show(company)  # the list of its coverage (its cards name their stories)
        context.update(
            ancestors=ancestors,
            deals=DealParty.objects.family_deals(company),
            deal_totals=Deal.objects.of_family(company).totals(),
            coverage=company.articles.published().in_edition().for_listing()[:COVERAGE_ON_PROFILE],
            upcoming_events=company_events(company),
            page_meta=company.page_meta(ancestors),
        )
        return context


def company_events(company):
    """The upcoming events the company speaks at, sponsors or is linked to."""
    events = company.events.model.objects  # articles' Event, reached by its relation
    upcoming = events.published().in_edition().upcoming().of_company(company)
    return list(upcoming[:EVENTS_ON_PROFILE])


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
        form = self.filter_form
        return super().get_context_data(
            filter_form=form, filters=form.valid_filters(), filter_company=form.filtered_company(),
            export_query=form.export_query(), page_meta=tracker_page_meta(),
            today=timezone.localdate(), **tracker.summary(self.object_list), **kwargs,
        )  # fmt: skip


class DealMapView(TemplateView):
    """The tracker's filtered deals on world maps: investment, and capacity per unit."""

    template_name = "companies/deal_map.html"
    page_parameters = (*DealFilterForm.base_fields, "measure")

    def get_context_data(self, **kwargs):
        form = DealFilterForm(self.request.GET or None)
        measure = self.request.GET.get("measure", "investment")
        return super().get_context_data(
            filter_form=form, filters=form.valid_filters(), filter_company=form.filtered_company(),
            map=tracker.world_map(form.filter(Deal.objects.all()), measure),
            measures=tracker.MAP_MEASURES,
            export_query=form.export_query(), page_meta=tracker_page_meta(
                _("Investment deals on the map"), "companies:deal_map",
                _("Battery and EV supply-chain investment and capacity by country, on a world "
                  "map and in tables."),
            ), **kwargs,
        )  # fmt: skip


class MethodologyView(TemplateView):
    """What the tracker counts, how it converts currencies and what its statuses mean."""

    template_name = "companies/methodology.html"
    page_parameters = ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=Deal.STATUS_MEANINGS,
            page_meta=tracker_page_meta(
                _("How the deals tracker works"),
                "companies:methodology",
                _(
                    "What the deals tracker counts, how amounts are converted to US dollars and "
                    "what each status means."
                ),
            ),
            **kwargs,
        )


class DealDetailView(DetailView):
    """A deal with every fact, its phases, parties, history, sources and coverage."""

    template_name = "companies/deal_detail.html"
    context_object_name = "deal"
    page_parameters = ()

    def get_queryset(self):
        return Deal.objects.select_related("segment").prefetch_related(
            Prefetch("parties", queryset=DealParty.objects.select_related("company")),
            "phases",
            Prefetch("status_history", queryset=DealStatusChange.objects.select_related("source")),
            "sources",
            Prefetch(
                "related_deals",
                queryset=Deal.objects.order_by(F("key_date").desc(nulls_last=True), "-pk"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deal = self.object
        edge.show(deal)  # the list of its coverage (its cards name their stories)
        context.update(
            coverage=deal.articles.published().in_edition().for_listing()[:COVERAGE_ON_PROFILE],
            page_meta=deal.page_meta(),
            figure_sources=deal.figure_sources(),
            possibly_out_of_date=deal.is_possibly_out_of_date(timezone.localdate()),
        )
        return context


EXPORT_COLUMNS = [
    "slug", "title", "kind", "status", "segment", "chemistry", "country", "country_name",
    "region", "site_name", "amount", "currency", "amount_qualifier", "amount_usd",
    "usd_rate_date", "capacity", "capacity_unit", "site_area_ha", "jobs", "announced",
    "signed", "expected_completion", "last_reviewed", "possibly_out_of_date", "parties", "url",
]  # fmt: skip


# Each column's heading in the CSV: its name in English, translated for other editions.
EXPORT_HEADINGS = {
    "slug": pgettext_lazy("deal export column", "slug"),
    "title": pgettext_lazy("deal export column", "title"),
    "kind": pgettext_lazy("deal export column", "kind"),
    "status": pgettext_lazy("deal export column", "status"),
    "segment": pgettext_lazy("deal export column", "segment"),
    "chemistry": pgettext_lazy("deal export column", "chemistry"),
    "country": pgettext_lazy("deal export column", "country"),
    "country_name": pgettext_lazy("deal export column", "country_name"),
    "region": pgettext_lazy("deal export column", "region"),
    "site_name": pgettext_lazy("deal export column", "site_name"),
    "amount": pgettext_lazy("deal export column", "amount"),
    "currency": pgettext_lazy("deal export column", "currency"),
    "amount_qualifier": pgettext_lazy("deal export column", "amount_qualifier"),
    "amount_usd": pgettext_lazy("deal export column", "amount_usd"),
    "usd_rate_date": pgettext_lazy("deal export column", "usd_rate_date"),
    "capacity": pgettext_lazy("deal export column", "capacity"),
    "capacity_unit": pgettext_lazy("deal export column", "capacity_unit"),
    "site_area_ha": pgettext_lazy("deal export column", "site_area_ha"),
    "jobs": pgettext_lazy("deal export column", "jobs"),
    "announced": pgettext_lazy("deal export column", "announced"),
    "signed": pgettext_lazy("deal export column", "signed"),
    "expected_completion": pgettext_lazy("deal export column", "expected_completion"),
    "last_reviewed": pgettext_lazy("deal export column", "last_reviewed"),
    "possibly_out_of_date": pgettext_lazy("deal export column", "possibly_out_of_date"),
    "parties": pgettext_lazy("deal export column", "parties"),
    "url": pgettext_lazy("deal export column", "url"),
}


def export_headings():
    """The CSV's column headings in the edition's words: the column names themselves in
    English (what scripts read), their Chinese names in the Chinese edition's export.
    The JSON export and the API keep the names in every edition."""
    return [str(EXPORT_HEADINGS[column]) for column in EXPORT_COLUMNS]


def deal_export_row(deal):
    """Return one deal as a dict of export columns (shared by CSV and JSON)."""
    return {
        "slug": deal.slug,
        "title": deal.title,
        "kind": deal.kind,
        "status": deal.status,
        "segment": deal.segment_id,
        "chemistry": deal.chemistry,
        "country": deal.country.code,
        "country_name": deal.country.name,
        "region": deal.region,
        "site_name": deal.site_name,
        "amount": deal.amount,
        "currency": deal.currency,
        "amount_qualifier": deal.amount_qualifier,
        "amount_usd": deal.amount_usd,
        "usd_rate_date": (
            deal.usd_rate_date.isoformat() if deal.is_converted and deal.usd_rate_date else None
        ),
        "capacity": deal.capacity,
        "capacity_unit": deal.capacity_unit,
        "site_area_ha": deal.site_area_ha,
        "jobs": deal.jobs,
        "announced": deal.announced_iso,
        "signed": deal.signed_iso,
        "expected_completion": deal.completion_iso,
        "last_reviewed": deal.reviewed_on.isoformat() if deal.reviewed_on else None,
        "possibly_out_of_date": deal.is_possibly_out_of_date(timezone.localdate()),
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
            export_headings(),
            ([_csv_value(row[column]) for column in EXPORT_COLUMNS] for row in rows),
        )


def _csv_value(value):
    if isinstance(value, list):
        return "; ".join(f"{p['company']} ({p['role']})" for p in value)
    return value
