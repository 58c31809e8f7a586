from django.contrib import admin
from django.utils.html import format_html_join

from portal.pagination import LargeTablePaginator

from .models import Subscriber, SubscriptionConsent, Suppression


class ConsentInline(admin.TabularInline):
    model = SubscriptionConsent
    extra = 0
    can_delete = False
    readonly_fields = ["version", "given_at", "source", "text"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "state", "daily", "weekly", "confirmed_at", "created_at"]
    list_filter = ["daily", "weekly", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    paginator = LargeTablePaginator
    show_full_result_count = False
    readonly_fields = ["email", "created_at", "source", "confirmed_at", "unsubscribed_at",
                       "state", "leads_sent"]  # fmt: skip
    fields = [*readonly_fields[:2], "daily", "weekly", *readonly_fields[2:]]
    inlines = [ConsentInline]

    def has_add_permission(self, request):
        return False  # only their owners subscribe (double opt-in)

    @admin.display(description="Leads of this address")
    def leads_sent(self, subscriber):
        links = ((lead.get_admin_url(), lead.topic) for lead in subscriber.leads())
        return format_html_join(", ", '<a href="{}">{}</a>', links) or "–"


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["email", "reason", "created_at", "note"]
    list_filter = ["reason"]
    search_fields = ["email"]
    paginator = LargeTablePaginator
    show_full_result_count = False
