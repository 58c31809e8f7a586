"""Events in the newsroom: the lifecycle's admin (PublishingAdmin) with their speakers."""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q

from portal.publishing.admin import PublishingAdmin, PublishingForm, StateFilter

from .. import translating
from .models import Event, Speaker


class SpeakerInline(admin.StackedInline):
    model = Speaker
    extra = 1
    fields = ["position", "name", "role", "company", "photo"]
    autocomplete_fields = ["company", "photo"]


def _link_field(name):
    """A link field of the event (https assumed when the scheme is left out)."""
    field = Event._meta.get_field(name)
    return forms.URLField(label=field.verbose_name.capitalize(), required=False,
                          max_length=field.max_length, help_text=field.help_text,
                          assume_scheme="https")  # fmt: skip


class EventAdminForm(PublishingForm):
    join_url = _link_field("join_url")
    recording_url = _link_field("recording_url")

    class Meta:
        model = Event
        fields = [
            "kind", "title", "slug", "language", "summary", "agenda", "starts_at", "ends_at",
            "time_zone", "online", "platform", "venue", "address", "capacity",
            "registration_opens_at", "registration_closes_at", "join_url", "recording_url",
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
    list_display = ["title", "kind", "starts_at", "shown_status", "registrations",
                    "state_badge", "publication_time"]  # fmt: skip
    list_filter = [StateFilter, "kind", "event_status", "language"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cover", "sponsors", "companies", "deals", "articles"]
    readonly_fields = ["registrations"]
    translation_checks = staticmethod(translating.checks)
    glossary_rows = staticmethod(translating.glossary_rows)
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "language", "summary", "agenda", "cover"]}),
        ("When", {"fields": ["starts_at", "ends_at", "time_zone"],
                  "description": "Start and end are entered in the newsroom's time zone; "
                  "the time zone below is the event's own."}),
        ("Where", {"fields": ["online", "platform", "join_url", "venue", "address"]}),
        ("Registration", {"fields": ["capacity", "registration_opens_at",
                                     "registration_closes_at", "registrations"]}),
        ("Status of the event", {"fields": ["event_status", "status_reason"]}),
        ("After the event", {"fields": ["recording_url"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
        ("Linked to", {"fields": ["sponsors", "companies", "deals", "articles"]}),
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        """A version in another edition shows its source's facts (times, places,
        links): they are one set, edited on the source."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.source() is not None:
            fields += [name for name in Event.FACTS if name not in fields]
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            registered=Count("registrations", filter=Q(registrations__state="registered")),
            waiting=Count("registrations", filter=Q(registrations__state="waiting")),
        )  # fmt: skip

    @admin.display(description="status of the event", ordering="event_status")
    def shown_status(self, obj):
        return obj.get_shown_status_display()

    @admin.display(description="registrations", ordering="registered")
    def registrations(self, obj):
        """Counts only: who registered is the sales desk's (leads), never the newsroom's."""
        if obj is None or obj.pk is None:
            return "–"
        event = obj.canonical()
        if event.pk != obj.pk or not hasattr(obj, "registered"):
            counts = event.registrations.aggregate(
                registered=Count("pk", filter=Q(state="registered")),
                waiting=Count("pk", filter=Q(state="waiting")),
            )  # fmt: skip
        else:
            counts = {"registered": obj.registered, "waiting": obj.waiting}
        places = f" of {event.capacity}" if event.capacity else ""
        waiting = f", {counts['waiting']} waiting" if counts["waiting"] else ""
        return f"{counts['registered']}{places} registered{waiting}"
