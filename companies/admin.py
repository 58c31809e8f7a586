from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html

from portal.cache import invalidate_content

from .forms import DealPhaseInlineFormSet, DealSourceForm
from .models import (
    Company,
    CompanyFact,
    Deal,
    DealParty,
    DealPhase,
    DealSource,
    DealStatusChange,
    Segment,
)

# Links typed without a scheme are taken as https:// (Django 6's default).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def source_link(url):
    """A saved source's address as a link that opens it in a new tab."""
    if not url:
        return "–"
    return format_html(
        '<a class="source-link" href="{}" target="_blank" rel="noopener noreferrer">Open ↗</a>',
        url,
    )


class RecordsMedia:
    css = {"all": ["css/admin-records.css"]}


# The Chinese edition's words of a record (companies/translation.py): its figures, dates
# and sources are the English form's; left empty, the Chinese edition shows the English.
CHINESE = "简体中文 (the Chinese edition's words)"
CHINESE_HELP = "Only the words: figures, dates and sources are the ones above."


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_zh_hans"]
    fields = ["name", "name_zh_hans", "slug", "position"]

    def get_readonly_fields(self, request, obj=None):
        # Deals refer to a segment by its slug: once saved, it stays.
        return ["slug"] if obj is not None else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields


class CompanyFactInline(admin.StackedInline):
    """A fact with its as-of date and its source: too many fields for one table row."""

    model = CompanyFact
    extra = 1
    fields = [
        ("label", "label_zh_hans"), ("value", "value_zh_hans"), "as_of", "source_title",
        "source_publisher", "source_published_on", "source_url", "open_source", "position",
    ]  # fmt: skip
    readonly_fields = ["open_source"]

    @admin.display(description="Link")
    def open_source(self, fact):
        return source_link(fact.source_url)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "kind", "country", "parent", "listing"]
    list_filter = ["kind", "segments", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "legal_name", "aliases", "ticker"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    filter_horizontal = ["segments"]
    inlines = [CompanyFactInline]
    Media = RecordsMedia
    fieldsets = [
        (None, {"fields": ["name", "slug", "legal_name", "aliases", "kind", "parent"]}),
        ("Profile", {"fields": ["summary", "description", "segments"]}),
        (
            CHINESE,
            {
                "fields": [
                    "name_zh_hans",
                    "legal_name_zh_hans",
                    "summary_zh_hans",
                    "description_zh_hans",
                    "city_zh_hans",
                    "stock_exchange_zh_hans",
                    "logo_alt_zh_hans",
                ],
                "description": CHINESE_HELP,
            },
        ),
        (
            "Facts",
            {
                "fields": [
                    ("founded_on", "founded_precision"),
                    ("country", "city"),
                    ("stock_exchange", "ticker"),
                    "website",
                    ("logo", "logo_alt"),
                ]
            },
        ),
    ]

    @admin.display(description="Listing")
    def listing(self, obj):
        return obj.listing_display


class DealPartyInline(admin.TabularInline):
    model = DealParty
    extra = 1
    autocomplete_fields = ["company"]


class DealPhaseInline(admin.TabularInline):
    model = DealPhase
    formset = DealPhaseInlineFormSet
    extra = 0
    fields = ["number", "capacity", "completion_on", "completion_precision", "status", "note",
              "note_zh_hans"]  # fmt: skip


class DealStatusChangeInline(admin.TabularInline):
    model = DealStatusChange
    extra = 0
    fields = ["status", "changed_on", "precision", "note", "note_zh_hans", "source"]

    def get_formset(self, request, obj=None, **kwargs):
        self.deal = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":  # only this deal's own sources (none for a new deal)
            kwargs["queryset"] = DealSource.objects.filter(deal=getattr(self, "deal", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DealSourceInline(admin.StackedInline):
    model = DealSource
    form = DealSourceForm
    extra = 1
    fields = ["title", "url", "open_source", "publisher", "published_on", "figures"]
    readonly_fields = ["open_source"]

    @admin.display(description="Link")
    def open_source(self, source):
        return source_link(source.url)


class PossiblyOutOfDateFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("1", "Possibly out of date")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.possibly_out_of_date(timezone.localdate())
        return queryset


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = [
        "title", "country", "segment", "status", "amount_usd", "key_date", "reviewed_on"
    ]  # fmt: skip
    list_filter = ["status", PossiblyOutOfDateFilter, "segment", "kind", "country", "year"]
    list_select_related = ["segment"]
    actions = ["mark_reviewed_today"]
    search_fields = ["title", "summary", "site_name", "site_aliases", "parties__company__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related_deals"]
    date_hierarchy = "key_date"
    inlines = [DealPartyInline, DealPhaseInline, DealStatusChangeInline, DealSourceInline]
    Media = RecordsMedia
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "segment", "chemistry"]}),
        ("Story", {"fields": ["summary", "editor_note"]}),
        (
            CHINESE,
            {
                "fields": [
                    "title_zh_hans",
                    "chemistry_zh_hans",
                    "summary_zh_hans",
                    "editor_note_zh_hans",
                    "region_zh_hans",
                    "site_name_zh_hans",
                ],
                "description": CHINESE_HELP,
            },
        ),
        (
            "Where",
            {
                "fields": [
                    "country",
                    "region",
                    "site_name",
                    "site_aliases",
                    ("latitude", "longitude"),
                ]
            },
        ),
        (
            "Money",
            {
                "fields": [
                    ("amount", "currency", "amount_qualifier"),
                    ("amount_usd", "usd_rate_date"),
                ]
            },
        ),
        ("Size", {"fields": [("capacity", "capacity_unit"), "site_area_ha", "jobs"]}),
        (
            "Dates",
            {
                "fields": [
                    ("announced_on", "announced_precision"),
                    ("signed_on", "signed_precision"),
                    ("completion_on", "completion_precision"),
                    "reviewed_on",
                ]
            },
        ),
        ("Related", {"fields": ["related_deals"]}),
    ]

    @admin.action(description="Mark as reviewed today (checked against the sources)")
    def mark_reviewed_today(self, request, queryset):
        # One UPDATE, then one content change (the pages and their caches follow at once).
        count = queryset.update(reviewed_on=timezone.localdate())
        invalidate_content()
        self.message_user(
            request, f"{count} deal{'s' if count != 1 else ''} marked as reviewed today."
        )

    def save_related(self, request, form, formsets, change):
        """Record a dated status change when the status moves and the editor did not."""
        super().save_related(request, form, formsets, change)
        deal = form.instance
        latest = deal.status_history.order_by("-changed_on", "-pk").first()
        if latest is None or latest.status != deal.status:
            DealStatusChange.objects.create(
                deal=deal, status=deal.status, changed_on=timezone.localdate(),
                note="Recorded when the status was changed in the admin.",
            )  # fmt: skip
