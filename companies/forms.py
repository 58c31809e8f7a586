from django import forms
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.cache.memo import memo

from .models import Company, Deal, DealSource, Segment


class DealPhaseInlineFormSet(BaseInlineFormSet):
    """Refuse phases whose capacities add up to more than the deal's total capacity."""

    def clean(self):
        super().clean()
        total = self.instance.capacity
        capacities = [
            form.cleaned_data.get("capacity")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        phase_sum = sum(c for c in capacities if c is not None)
        if phase_sum and total is None:
            raise forms.ValidationError(
                "Phases have capacities but the deal has no total capacity: give the total."
            )
        if total is not None and phase_sum > total:
            raise forms.ValidationError(
                f"The phases add up to {phase_sum:,} {self.instance.capacity_unit}, more than "
                f"the deal's total capacity of {total:,} {self.instance.capacity_unit}."
            )


class DealSourceForm(forms.ModelForm):
    """A deal's source, with the figures it reports as boxes to tick."""

    figures = forms.TypedMultipleChoiceField(
        choices=DealSource.Figure.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Figures it reports"),
    )  # fmt: skip

    class Meta:
        model = DealSource
        fields = ["title", "url", "publisher", "published_on", "figures"]


ANY = _("Any")


def _choices_with_any(choices, label=ANY):
    return [("", label), *choices]


class FilterForm(forms.Form):
    """A GET filter form whose invalid values are ignored, not shown as errors.

    Subclasses name the model whose countries fill the `country` choices.
    """

    country_model = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _choices_with_any(_used_countries(self.country_model))

    def valid_filters(self):
        """Return the cleaned values of the fields that are valid and not empty."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class CompanyFilterForm(FilterForm):
    """Filters of the company directory."""

    country_model = Company

    q = forms.CharField(label=_("Name"), required=False, max_length=100, strip=True)
    segment = forms.ChoiceField(label=_("Segment"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = _choices_with_any(_segment_choices())


SORTS = {
    "date": (_("Newest first"), [F("key_date").desc(nulls_last=True), "-pk"]),
    "date_asc": (_("Oldest first"), [F("key_date").asc(nulls_last=True), "pk"]),
    "amount": (_("Largest amount first"), [F("amount_usd").desc(nulls_last=True), "-pk"]),
    "amount_asc": (_("Smallest amount first"), [F("amount_usd").asc(nulls_last=True), "pk"]),
}


class DealFilterForm(FilterForm):
    """Filters and sort of the deals tracker and its exports."""

    country_model = Deal

    country = forms.ChoiceField(label=_("Country"), required=False)
    segment = forms.ChoiceField(label=_("Segment"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_choices_with_any(Deal.Status.choices)
    )
    company = forms.SlugField(label=_("Company"), required=False, max_length=200)
    stale = forms.BooleanField(label=_("Possibly out of date"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = _choices_with_any(_segment_choices())
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})

    def filter(self, queryset):
        """Return `queryset` narrowed by the valid filters and sorted."""
        filters = self.valid_filters()
        if "country" in filters:
            queryset = queryset.filter(country=filters["country"])
        if "segment" in filters:
            queryset = queryset.filter(segment=filters["segment"])
        if "status" in filters:
            queryset = queryset.filter(status=filters["status"])
        if "year" in filters:
            queryset = queryset.filter(year=filters["year"])
        if "company" in filters:
            company = self.filtered_company()
            queryset = queryset.of_family(company) if company else queryset.none()
        if filters.get("stale"):
            queryset = queryset.possibly_out_of_date(timezone.localdate())
        return queryset

    def ordering(self):
        return SORTS[self.valid_filters().get("sort") or "date"][1]

    def filtered_company(self):
        """Return the company filtered on (name and slug only), or None."""
        if not hasattr(self, "_company"):
            slug = self.valid_filters().get("company")
            self._company = (
                Company.objects.filter(slug=slug).only("name", "slug").first() if slug else None
            )
        return self._company

    def export_query(self):
        """Return the query string of the filters and sort, for the export links."""
        query = QueryDict(mutable=True)
        for name, values in self.data.lists():
            if name != "page":
                query.setlist(name, values)
        return query.urlencode()

    def tracker_deals(self):
        """Return the filtered deals with their parties, in the chosen order."""
        return self.filter(Deal.objects.all()).for_tracker().order_by(*self.ordering())


def _segment_choices():
    """Return (slug, name) of the segment vocabulary, kept until content changes."""
    segments = Segment.objects.only("slug", "name")  # each edition's names, English where none
    return memo("segments", lambda: [(segment.slug, segment.name) for segment in segments])


def _used_countries(model):
    """Return (code, name) of the countries in use, by name.

    Kept until content changes (not one DISTINCT over every row and a name lookup per
    country on every request), per language, since the names are translated.
    """

    def choices():
        codes = (
            model.objects.exclude(country="")
            .order_by("country")
            .values_list("country", flat=True)
            .distinct()
        )
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    return memo(f"countries-in-use:{model._meta.label}:{get_language()}", choices)
