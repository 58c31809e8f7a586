"""Events in the newsroom: the lifecycle's admin (PublishingAdmin) with their speakers."""

from django import forms
from django.contrib import admin

from portal.publishing.admin import PublishingAdmin, PublishingForm, StateFilter

from .. import translating
from .models import Event, Speaker


class SpeakerInline(admin.StackedInline):
    model = Speaker
    extra = 1
    fields = ["position", "name", "role", "company", "photo"]
    autocomplete_fields = ["company", "photo"]


class EventAdminForm(PublishingForm):
    class Meta:
        model = Event
        fields = [
            "kind", "title", "slug", "language", "summary", "agenda", "starts_at", "ends_at",
            "time_zone", "online", "platform", "venue", "address", "capacity",
            "event_status", "status_reason", "cover", "sponsors", "companies", "deals",
            "articles", "status", "published_at",
        ]  # fmt: skip
        widgets = {"agenda": forms.Textarea(attrs={"rows": 6}),
                   "address": forms.Textarea(attrs={"rows": 3})}  # fmt: skip


@admin.register(Event)
class EventAdmin(PublishingAdmin):
    """Events, with the newsroom's lifecycle: writers prepare, editors publish."""

    form = EventAdminForm
    inlines = [SpeakerInline]
    list_display = ["title", "kind", "starts_at", "event_status", "state_badge",
                    "publication_time"]  # fmt: skip
    list_filter = [StateFilter, "kind", "event_status", "language"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cover", "sponsors", "companies", "deals", "articles"]
    translation_checks = staticmethod(translating.checks)
    glossary_rows = staticmethod(translating.glossary_rows)
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "language", "summary", "agenda", "cover"]}),
        ("When", {"fields": ["starts_at", "ends_at", "time_zone"],
                  "description": "Start and end are entered in the newsroom's time zone; "
                  "the time zone below is the event's own."}),
        ("Where", {"fields": ["online", "platform", "venue", "address", "capacity"]}),
        ("Status of the event", {"fields": ["event_status", "status_reason"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
        ("Linked to", {"fields": ["sponsors", "companies", "deals", "articles"]}),
    ]  # fmt: skip
