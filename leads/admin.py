from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from portal.exports import csv_response
from portal.roles import SALES

from .models import Lead, LeadNote

READER_FIELDS = [
    "kind", "name", "email", "company", "job_title", "phone", "country", "topic",
    "message_text", "consent", "consent_version",
]  # fmt: skip
SOURCE_FIELDS = [
    "source_article", "page_url", "referrer", "utm_source", "utm_medium", "utm_campaign",
    "utm_term", "utm_content", "client_hash",
]  # fmt: skip
CSV_COLUMNS = [
    ("id", "pk"), ("created_at", "created_at"), ("status", "status"), ("kind", "kind"),
    ("name", "name"), ("email", "email"), ("company", "company"), ("job_title", "job_title"),
    ("phone", "phone"), ("country", "country"), ("topic", "topic"), ("message", "message"),
    ("article", "article"), ("assignee", "assignee"), ("utm_source", "utm_source"),
    ("utm_medium", "utm_medium"), ("utm_campaign", "utm_campaign"),
]  # fmt: skip


class LeadNoteInline(admin.StackedInline):
    model = LeadNote
    extra = 1
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        # Notes are a log: written once, never edited by others.
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        users = get_user_model().objects.filter(groups__name=SALES).order_by("username")
        return [("me", "Me"), ("none", "Nobody"), *((str(u.pk), u.get_username()) for u in users)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value and value.isdigit():
            return queryset.filter(assignee_id=int(value))
        return queryset


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = [
        "created_at", "name", "email", "company", "status", "assignee", "source_article",
        "earlier_leads",
    ]  # fmt: skip
    list_display_links = ["created_at", "name"]
    list_filter = [
        "status", AssigneeFilter, ("article", admin.RelatedOnlyFieldListFilter), "kind",
        "created_at",
    ]  # fmt: skip
    list_select_related = ["assignee", "article"]
    search_fields = ["name", "email", "company", "topic", "message"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["assign_to_me", "mark_contacted", "mark_spam", "export_csv"]
    inlines = [LeadNoteInline]
    readonly_fields = [
        *READER_FIELDS, *SOURCE_FIELDS, "created_at", "updated_at", "notified_at",
        "notification_attempts", "notification_error", "earlier_leads",
    ]  # fmt: skip
    fieldsets = [
        ("Work", {"fields": ["status", "assignee", "earlier_leads"]}),
        ("What the reader sent", {"fields": READER_FIELDS}),
        ("Where it came from", {"fields": SOURCE_FIELDS, "classes": ["collapse"]}),
        (
            "Record",
            {
                "fields": [
                    "created_at", "updated_at", "notified_at", "notification_attempts",
                    "notification_error",
                ],
                "classes": ["collapse"],
            },
        ),
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).with_earlier_count()

    def lookup_allowed(self, lookup, value, request=None):
        # The "earlier leads" link filters the list by e-mail address.
        return lookup == "email" or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        # Leads come from readers through the form, never typed in by staff.
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(groups__name=SALES, is_active=True)
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Message")
    def message_text(self, obj):
        if not obj.message:
            return "–"
        # linebreaks(autoescape=True) escapes the text before adding <p>/<br>, so what a
        # reader typed is shown as text, never as HTML.
        return mark_safe(linebreaks(obj.message, autoescape=True))  # noqa: S308

    @admin.display(description="Source article", ordering="article__title")
    def source_article(self, obj):
        if obj.article is None:
            return "–"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.article.get_absolute_url(),
            obj.article.title,
        )

    @admin.display(description="Earlier leads")
    def earlier_leads(self, obj):
        count = getattr(obj, "earlier_count", None) or 0
        if not count:
            return "0"
        url = reverse("admin:leads_lead_changelist") + "?" + urlencode({"email": obj.email})
        return format_html('<a href="{}">{}</a>', url, count)

    def save_formset(self, request, form, formset, change):
        notes = formset.save(commit=False)
        for note in notes:
            if isinstance(note, LeadNote) and note.author_id is None:
                note.author = request.user
            note.save()
        for deleted in formset.deleted_objects:
            deleted.delete()

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = queryset.update(assignee=request.user, updated_at=timezone.now())
        self.message_user(request, f"Assigned {count} lead(s) to you.", messages.SUCCESS)

    @admin.action(description="Mark as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        count = queryset.filter(Q(status=Lead.Status.NEW)).update(
            status=Lead.Status.CONTACTED, updated_at=timezone.now()
        )
        self.message_user(request, f"Marked {count} new lead(s) as contacted.", messages.SUCCESS)

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        count = queryset.update(status=Lead.Status.SPAM, updated_at=timezone.now())
        self.message_user(request, f"Marked {count} lead(s) as spam.", messages.SUCCESS)

    @admin.action(description="Export selected leads as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        leads = queryset.select_related("article", "assignee").order_by("-created_at")
        rows = (
            [_csv_value(lead, attribute) for _, attribute in CSV_COLUMNS]
            for lead in leads.iterator(chunk_size=1000)
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return csv_response(f"leads-{stamp}.csv", [name for name, _ in CSV_COLUMNS], rows)


def _csv_value(lead, attribute):
    value = getattr(lead, attribute)
    if attribute == "created_at":
        return value.isoformat()
    if attribute == "article":
        return value.title if value else ""
    if attribute == "assignee":
        return value.get_username() if value else ""
    if attribute == "country":
        return value.code
    return value
