"""The sales desk: the leads list, a lead's page, its filters and actions.

The HTML of each column and field is a template in templates/admin/leads/lead/fields/
(`field_html`); what brings leads is `attribution.py`.
"""

from functools import partial
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone

from articles.models import Article
from portal.exports import csv_response, xlsx_response
from portal.inputs import as_id
from portal.pagination import LargeTableChangeList, LargeTablePaginator
from portal.roles import SALES

from .. import exports
from ..models import Lead, LeadExport, LeadNote
from ..newsletter.models import Subscriber
from ..services import CannotMerge, lead_export_queue, lead_merge
from .attribution import attribution_view
from .events import EventFilter, event_desk_view
from .fields import field_html

CONTACT_FIELDS = ["name", "email_link", "phone_links", "company", "job_title", "country_name"]
REQUEST_FIELDS = ["kind", "report_asked", "event_registration", "topic", "message_text",
                  "consents_given"]  # fmt: skip
SOURCE_FIELDS = [
    "source_article", "page_url", "referrer", "utm_source", "utm_medium", "utm_campaign",
    "utm_term", "utm_content", "client_hash",
]  # fmt: skip


class QueueFilter(admin.SimpleListFilter):
    """The views a sales person works from: their queue, follow-ups due, new leads."""

    title = "work"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("mine", "My queue"),
            ("due", "Follow-up due today"),
            ("overdue", "Follow-up overdue"),
            ("unassigned", "New and unassigned"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "mine":
            return queryset.queue(request.user)
        if value == "due":
            return queryset.due_on(today)
        if value == "overdue":
            return queryset.overdue(today)
        if value == "unassigned":
            return queryset.unassigned()
        return queryset


class ArticleFilter(admin.SimpleListFilter):
    """Leads from one story, chosen by typing its title (never a list of every story
    with a lead: at a million leads that list alone was megabytes)."""

    title = "article"
    parameter_name = "article"
    template = "admin/leads/article_filter.html"

    def lookups(self, request, model_admin):
        value = as_id(self.value())
        chosen = Article.objects.filter(pk=value).first() if value else None
        return [(str(chosen.pk), chosen.title)] if chosen else []

    def has_output(self):
        return True  # the search box shows even before a story is chosen

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(article_id=as_id(value)) if as_id(value) else queryset.none()

    def choices(self, changelist):
        yield from super().choices(changelist)
        # The search box's links keep every other filter of the list.
        self.search_url = reverse("admin:leads_lead_article_choices")
        self.pick_url = changelist.get_query_string(remove=[self.parameter_name])


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
        if as_id(value):
            return queryset.filter(assignee_id=as_id(value))
        return queryset


class LeadAdminForm(forms.ModelForm):
    """The sales desk's form: the work fields, and a new note for the timeline."""

    new_note = forms.CharField(
        label="Add a note", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Called; wants the pricing..."}),
        help_text="Signed with your name and the time; notes are never edited afterwards.",
    )  # fmt: skip

    class Meta:
        model = Lead
        fields = ["status", "assignee", "follow_up_on", "next_step"]


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    form = LeadAdminForm
    list_display = [
        "received", "contact", "status_badge", "follow_up", "assignee", "source",
        "earlier_leads",
    ]  # fmt: skip
    list_display_links = ["contact"]
    list_filter = [QueueFilter, "status", AssigneeFilter, ArticleFilter, EventFilter, "kind",
                   "language", "created_at"]  # fmt: skip
    list_select_related = ["assignee", "article", "event", "registration"]
    # Each has a trigram index on PostgreSQL (migration 0005): any part of a name, an
    # address or a company is found without reading a million rows.
    search_fields = ["name", "email", "company", "topic"]
    # No date_hierarchy: its list of years reads every lead; the date filter serves.
    list_per_page = 50
    show_full_result_count = False
    paginator = LargeTablePaginator
    actions = ["assign_to_me", "mark_contacted", "mark_spam", "merge", "export_xlsx",
               "export_csv"]  # fmt: skip
    readonly_fields = [
        *CONTACT_FIELDS, *REQUEST_FIELDS, *SOURCE_FIELDS, "created_at", "updated_at",
        "emails_sent", "earlier_leads", "timeline", "same_person",
    ]  # fmt: skip
    fieldsets = [
        ("Contact", {"fields": [*CONTACT_FIELDS, "same_person"]}),
        ("Work", {"fields": ["status", "assignee", ("follow_up_on", "next_step"), "new_note",
                             "timeline"]}),  # fmt: skip
        ("What they asked for", {"fields": REQUEST_FIELDS}),
        ("Where it came from", {"fields": SOURCE_FIELDS, "classes": ["collapse"]}),
        (
            "Record",
            {
                "fields": ["created_at", "updated_at", "emails_sent"],
                "classes": ["collapse"],
            },
        ),
    ]  # fmt: skip

    class Media:
        css = {"all": ["css/admin-sales.css"]}
        js = ["js/admin-lead-filters.js"]

    def get_urls(self):
        return [
            path(
                "attribution/",
                self.admin_site.admin_view(partial(attribution_view, self)),
                name="leads_lead_attribution",
            ),
            path(
                "event/<int:pk>/",
                self.admin_site.admin_view(partial(event_desk_view, self)),
                name="leads_lead_event_desk",
            ),
            path(
                "article-choices/",
                self.admin_site.admin_view(self.article_choices),
                name="leads_lead_article_choices",
            ),
            *super().get_urls(),
        ]

    def article_choices(self, request):
        """Return stories with leads whose words match `q`, for the article filter."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        with_leads = Lead.objects.filter(article_id=OuterRef("pk"))
        articles = (
            Article.objects.matching(request.GET.get("q", "")[:100])
            .filter(Exists(with_leads))
            .order_by("-published_at", "-pk")
            .values("pk", "title")[:10]
        )
        return JsonResponse({"results": [{"id": a["pk"], "title": a["title"]} for a in articles]})

    def get_queryset(self, request):
        return super().get_queryset(request).with_earlier_count()

    def changelist_view(self, request, extra_context=None):
        event = as_id(request.GET.get(EventFilter.parameter_name))
        if event:  # the list of one event's registrants links to that event's desk
            extra_context = {**(extra_context or {}), "event_desk_url": reverse(
                "admin:leads_lead_event_desk", args=[event])}  # fmt: skip
        return super().changelist_view(request, extra_context)

    def get_changelist(self, request, **kwargs):
        return LargeTableChangeList

    def get_ordering(self, request):
        if request.GET.get(QueueFilter.parameter_name) == "mine":
            return Lead.QUEUE_ORDER  # follow-ups due first, then the oldest
        return super().get_ordering(request)

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

    def save_model(self, request, obj, form, change):
        """Keep a status change and a new note in the lead's timeline, signed."""
        if change and "status" in form.changed_data:
            new_status, obj.status = obj.status, form.initial["status"]
            super().save_model(request, obj, form, change)
            Lead.objects.filter(pk=obj.pk).set_status(new_status, by=request.user)
            obj.refresh_from_db()
        else:
            super().save_model(request, obj, form, change)
        if form.cleaned_data.get("new_note", "").strip():
            LeadNote.objects.create(
                lead=obj, author=request.user, text=form.cleaned_data["new_note"].strip()
            )

    # The list

    @admin.display(description="Received", ordering="created_at")
    def received(self, lead):
        return field_html("received", at=lead.created_at)

    @admin.display(description="Lead", ordering="name")
    def contact(self, lead):
        return field_html("contact", lead=lead)

    @admin.display(description="Status", ordering="status")
    def status_badge(self, lead):
        return field_html("status", lead=lead)

    @admin.display(description="Follow up", ordering="follow_up_on")
    def follow_up(self, lead):
        if lead.follow_up_on is None:
            return "–"
        return field_html("follow_up", lead=lead, state=lead.follow_up_state())

    @admin.display(description="Source", ordering="article__title")
    def source(self, lead):
        if lead.article is not None:
            return field_html("story", article=lead.article)
        if lead.event is not None:
            return field_html("event", lead=lead, registration=getattr(lead, "registration", None))
        return lead.utm_source or lead.get_kind_display()

    @admin.display(description="Earlier")
    def earlier_leads(self, obj):
        count = getattr(obj, "earlier_count", None) or 0
        if not count:
            return "0"
        return field_html("earlier", url=_same_address_url(obj), count=count)

    # A lead's page

    @admin.display(description="Same person")
    def same_person(self, lead):
        """The other leads sent with this e-mail address, newest first, linked."""
        others = Lead.objects.for_email(lead.email).exclude(pk=lead.pk).order_by("-created_at")
        subscriber = Subscriber.objects.for_email(lead.email).first()
        return field_html(
            "same_person", lead=lead, others=list(others[:10]), subscriber=subscriber,
            subscriptions=subscriber.subscriptions() if subscriber else [],
            everything_url=_same_address_url(lead),
        )  # fmt: skip

    @admin.display(description="E-mail")
    def email_link(self, lead):
        return field_html("email", lead=lead)

    @admin.display(description="Phone or WhatsApp")
    def phone_links(self, lead):
        return field_html("phone", lead=lead) if lead.phone else "–"

    @admin.display(description="Country")
    def country_name(self, lead):
        return f"{lead.country.name} ({lead.country.code})"

    @admin.display(description="Timeline")
    def timeline(self, lead):
        entries = lead.timeline() if lead.pk else []
        if not entries:
            return "No notes or status changes yet."
        return field_html("timeline", entries=entries)

    @admin.display(description="Report asked for")
    def report_asked(self, lead):
        if lead.report is None:
            return "–"
        return field_html("report_asked", lead=lead, downloads=lead.downloads.count())

    @admin.display(description="Event registered for")
    def event_registration(self, lead):
        registration = getattr(lead, "registration", None)
        if registration is None:
            return "–"
        return field_html(
            "registration", registration=registration, event=registration.event,
            desk_url=reverse("admin:leads_lead_event_desk", args=[registration.event_id]),
        )  # fmt: skip

    @admin.display(description="Consent given")
    def consents_given(self, lead):
        consents = list(lead.consents.all())
        return field_html("consents", consents=consents) if consents else "–"

    @admin.display(description="E-mails")
    def emails_sent(self, lead):
        emails = list(lead.emails.all())
        return field_html("emails", emails=emails) if emails else "–"

    @admin.display(description="Message")
    def message_text(self, lead):
        # Escaped, then paragraphs: what a reader typed is shown as text, never as HTML.
        return field_html("message", lead=lead) if lead.message else "–"

    @admin.display(description="Source article")
    def source_article(self, lead):
        return field_html("story", article=lead.article) if lead.article else "–"

    # Actions

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = queryset.update(assignee=request.user, updated_at=timezone.now())
        self.message_user(request, f"Assigned {count} lead(s) to you.", messages.SUCCESS)

    @admin.action(description="Mark as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        count = queryset.filter(status=Lead.Status.NEW).set_status(
            Lead.Status.CONTACTED, by=request.user
        )
        self.message_user(request, f"Marked {count} new lead(s) as contacted.", messages.SUCCESS)

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        count = queryset.set_status(Lead.Status.SPAM, by=request.user)
        self.message_user(request, f"Marked {count} lead(s) as spam.", messages.SUCCESS)

    @admin.action(description="Merge selected leads (one person)", permissions=["change"])
    def merge(self, request, queryset):
        try:
            kept = lead_merge(leads=queryset, by=request.user)
        except CannotMerge as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(request, field_html("merged", kept=kept), messages.SUCCESS)
        return None

    def _export(self, request, queryset, kind):
        """Send a small export at once; queue a large one (it would outlast a request)
        and say where it will be."""
        count = queryset.count()
        if count <= settings.LEADS_EXPORT_NOW_MAX:
            respond = xlsx_response if kind == LeadExport.Format.XLSX else csv_response
            rows = exports.export_rows(queryset)
            if kind == LeadExport.Format.XLSX:
                return respond(exports.export_name(kind), exports.HEADER, rows, sheet="Leads")
            return respond(exports.export_name(kind), exports.HEADER, rows)
        lead_export_queue(queryset=queryset, kind=kind, user=request.user)
        self.message_user(request, field_html("export_queued", count=f"{count:,}"))
        return None

    @admin.action(description="Export selected leads as Excel (XLSX)", permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, LeadExport.Format.XLSX)

    @admin.action(description="Export selected leads as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, LeadExport.Format.CSV)


def _same_address_url(lead):
    """The sales desk's list of every lead sent from `lead`'s e-mail address."""
    return reverse("admin:leads_lead_changelist") + "?" + urlencode({"email": lead.email})
