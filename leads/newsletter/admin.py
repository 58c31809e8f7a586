from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join

from portal.admin import OutboxAdmin
from portal.pagination import LargeTablePaginator

from . import mail, sending
from .editions import latest_deals, upcoming_events
from .models import (
    ConfirmationEmail,
    Delivery,
    Edition,
    EditionItem,
    Subscriber,
    SubscriptionConsent,
    Suppression,
)
from .tasks import send_confirmation


class ConsentInline(admin.TabularInline):
    model = SubscriptionConsent
    extra = 0
    can_delete = False
    readonly_fields = ["version", "language", "given_at", "source", "text"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "state", "daily", "weekly", "language", "confirmed_at", "created_at"]
    list_filter = ["daily", "weekly", "language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    paginator = LargeTablePaginator
    show_full_result_count = False
    readonly_fields = ["email", "created_at", "source", "confirmed_at", "unsubscribed_at",
                       "state", "leads_sent"]  # fmt: skip
    fields = [*readonly_fields[:2], "daily", "weekly", "language", *readonly_fields[2:]]
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


class EditionItemInline(admin.TabularInline):
    model = EditionItem
    extra = 1
    autocomplete_fields = ["article"]
    fields = ["position", "article"]
    verbose_name = "story"
    verbose_name_plural = "Stories (the first is the lead story; drop, reorder or add)"

    def _gone(self, obj):
        return obj is not None and obj.state in (Edition.State.SENDING, Edition.State.SENT)

    def has_add_permission(self, request, obj=None):
        return not self._gone(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._gone(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._gone(obj) and super().has_delete_permission(request, obj)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """Editions for Editors: adjust before they go, or let them go at their time."""

    list_display = ["__str__", "subject", "send_at", "state", "sent_count"]
    list_filter = ["kind", "language", "state"]
    inlines = [EditionItemInline]
    fields = ["kind", "language", "subject", "intro", "send_at", "state", "progress", "links"]
    readonly_fields = ["kind", "language", "state", "progress", "links"]
    actions = ["send_test", "hold", "release"]

    class Media:
        css = {"all": ["css/admin-records.css"]}

    def has_add_permission(self, request):
        return False  # assembled by the queue from the period's stories

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state in (Edition.State.SENDING, Edition.State.SENT):
            return [*self.fields]  # gone out: kept as it was
        return self.readonly_fields

    def get_urls(self):
        return [
            path("<int:pk>/preview/", self.admin_site.admin_view(self.preview_view),
                 name="newsletter_edition_preview"),
            *super().get_urls(),
        ]  # fmt: skip

    def preview_view(self, request, pk):
        """The edition's HTML as a subscriber will get it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=pk)
        rendered = mail.render_edition(edition, latest_deals(edition), upcoming_events(edition))
        return HttpResponse(rendered.html)

    @admin.display(description="Progress")
    def progress(self, edition):
        counts = sending.progress(edition)
        return ", ".join(f"{Delivery.State(state).label}: {n:,}" for state, n in counts.items())

    @admin.display(description="Sent")
    def sent_count(self, edition):
        return edition.deliveries.filter(state=Delivery.State.SENT).count()

    @admin.display(description="See it")
    def links(self, edition):
        url = reverse("admin:newsletter_edition_preview", args=[edition.pk])
        return format_html(
            '<a href="{}" target="_blank">Preview as subscribers will get it</a>; to get it in '
            "your inbox, choose <em>Send me a test</em> on the list of editions.", url,
        )  # fmt: skip

    @admin.action(description="Send me a test of the selected editions", permissions=["view"])
    def send_test(self, request, queryset):
        if not request.user.email:
            self.message_user(request, "Your account has no e-mail address.", messages.ERROR)
            return
        for edition in queryset:
            rendered = mail.render_edition(edition, latest_deals(edition), upcoming_events(edition))
            with translation.override(edition.language):  # its links, in its edition
                message = mail.message_for(rendered, Subscriber(pk=0, email=request.user.email))
            message.subject = f"[Test] {message.subject}"
            message.send(fail_silently=False)
        self.message_user(request, f"{queryset.count()} test(s) sent to {request.user.email}.")

    @admin.action(description="Hold the selected editions (they will not go)")
    def hold(self, request, queryset):
        held = queryset.filter(state=Edition.State.SCHEDULED).update(state=Edition.State.HELD)
        self.message_user(request, f"{held} edition(s) held.")

    @admin.action(description="Release the selected editions (they go at their time)")
    def release(self, request, queryset):
        released = queryset.filter(state=Edition.State.HELD).update(state=Edition.State.SCHEDULED)
        self.message_user(request, f"{released} edition(s) released.")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Every newsletter message, for superusers: what is queued, sent or failed."""

    list_display = ["pk", "subscriber", "edition", "article", "state", "attempts", "sent_at"]
    list_filter = ["state"]
    list_select_related = ["subscriber", "edition", "article"]
    raw_id_fields = ["subscriber", "edition", "article"]
    paginator = LargeTablePaginator
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ConfirmationEmail)
class ConfirmationEmailAdmin(OutboxAdmin):
    """The double opt-in confirmations' outbox, for superusers."""

    list_display = ["created_at", "email", *OutboxAdmin.list_display[1:]]
    search_fields = ["email"]
    exclude = ["token"]  # a signed link: not for reading off a screen
    send_task = send_confirmation
