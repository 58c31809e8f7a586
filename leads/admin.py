from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.models import Article
from companies.charts import bar_chart
from portal.admin import OutboxAdmin
from portal.exports import CSV_TYPE, XLSX_TYPE, csv_response, xlsx_response
from portal.inputs import as_id
from portal.pagination import LargeTableChangeList, LargeTablePaginator
from portal.roles import SALES
from portal.times import newsroom_time

from . import exports
from .forms import AttributionPeriodForm
from .models import ATTRIBUTION, Consent, Lead, LeadEmail, LeadExport, LeadNote
from .newsletter.models import Subscriber
from .services import CannotMerge, lead_export_queue, lead_merge
from .tasks import send_lead_email

CONTACT_FIELDS = ["name", "email_link", "phone_links", "company", "job_title", "country_name"]
REQUEST_FIELDS = ["kind", "report_asked", "topic", "message_text", "consents_given"]
SOURCE_FIELDS = [
    "source_article", "page_url", "referrer", "utm_source", "utm_medium", "utm_campaign",
    "utm_term", "utm_content", "client_hash",
]  # fmt: skip
CHART_LABEL = 44  # characters of a label in an attribution chart (fits a phone; the table has all)


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
            return queryset.filter(status=Lead.Status.NEW, assignee__isnull=True)
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
    list_filter = [QueueFilter, "status", AssigneeFilter, ArticleFilter, "kind", "created_at"]
    list_select_related = ["assignee", "article"]
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
                self.admin_site.admin_view(self.attribution_view),
                name="leads_lead_attribution",
            ),
            path(
                "article-choices/",
                self.admin_site.admin_view(self.article_choices),
                name="leads_lead_article_choices",
            ),
            *super().get_urls(),
        ]

    def attribution_view(self, request):
        """What brings leads, for a period: Sales see every dimension; Editors the
        counts per story only (never a lead's personal data, which this page has none of)."""
        if self.has_view_permission(request):
            dimensions = list(ATTRIBUTION)
        elif request.user.has_perm("articles.publish_article"):
            dimensions = ["article"]
        else:
            raise PermissionDenied
        asked = AttributionPeriodForm(request.GET or None)
        since, until = asked.period()
        form = AttributionPeriodForm(initial={"since": since, "until": until})
        tables = [
            (key, ATTRIBUTION[key][1], Lead.objects.attribution(key, since, until))
            for key in dimensions
        ]
        if request.GET.get("format") == "csv":
            rows = ([title, row["label"], row["leads"], row["qualified"], row["won"]]
                    for _, title, table in tables for row in table)  # fmt: skip
            return csv_response(
                f"leads-attribution-{since}-{until}.csv",
                ["dimension", "value", "leads", "qualified_or_won", "won"], rows,
            )  # fmt: skip
        sections = [
            {"key": key, "title": title, "rows": rows,
             "chart": bar_chart((Truncator(r["label"]).chars(CHART_LABEL), r["leads"], r["leads"])
                                for r in rows[:10])}
            for key, title, rows in tables
        ]  # fmt: skip
        context = {
            **self.admin_site.each_context(request),
            "title": "What brings leads",
            "opts": self.model._meta,
            "form": form,
            "invalid_dates": asked.is_bound and bool(asked.errors),
            "since": since,
            "until": until,
            "sections": sections,
            "csv_query": urlencode({"since": since, "until": until, "format": "csv"}),
        }
        return TemplateResponse(request, "admin/leads/lead/attribution.html", context)

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
        return format_html(
            '<time datetime="{}" title="{}">{}</time>', lead.created_at.isoformat(),
            newsroom_time(lead.created_at), format_date(timezone.localtime(lead.created_at),
                                                        "j M Y, H:i"),
        )  # fmt: skip

    @admin.display(description="Lead", ordering="name")
    def contact(self, lead):
        return format_html(
            '<span class="lead-contact__name">{}</span>'
            '<span class="lead-contact__detail">{}{}{}</span>',
            lead.name, lead.job_title, " · " if lead.job_title and lead.company else "",
            lead.company,
        )  # fmt: skip

    @admin.display(description="Status", ordering="status")
    def status_badge(self, lead):
        return format_html(
            '<span class="lead-status lead-status--{}">{}</span>',
            lead.status, lead.get_status_display(),
        )  # fmt: skip

    @admin.display(description="Follow up", ordering="follow_up_on")
    def follow_up(self, lead):
        if lead.follow_up_on is None:
            return "–"
        today = timezone.localdate()
        state = "overdue" if lead.follow_up_on < today else (
            "due" if lead.follow_up_on == today else "later"
        )  # fmt: skip
        return format_html(
            '<span class="lead-follow-up lead-follow-up--{}">{}</span>',
            state, format_date(lead.follow_up_on, "j M Y"),
        )  # fmt: skip

    @admin.display(description="Source", ordering="article__title")
    def source(self, lead):
        if lead.article is not None:
            return format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                lead.article.get_absolute_url(), lead.article.title,
            )  # fmt: skip
        return lead.utm_source or lead.get_kind_display()

    @admin.display(description="Earlier")
    def earlier_leads(self, obj):
        count = getattr(obj, "earlier_count", None) or 0
        if not count:
            return "0"
        url = reverse("admin:leads_lead_changelist") + "?" + urlencode({"email": obj.email})
        return format_html('<a href="{}">{}</a>', url, count)

    # A lead's page

    @admin.display(description="Same person")
    def same_person(self, lead):
        """The other leads sent with this e-mail address, newest first, linked."""
        others = Lead.objects.for_email(lead.email).exclude(pk=lead.pk).order_by("-created_at")
        shown = list(others[:10])
        subscriber = Subscriber.objects.for_email(lead.email).first()
        newsletter = (
            format_html("<p>Newsletter: {} ({}).</p>", subscriber.state, ", ".join(
                name for name, on in (("daily briefing", subscriber.daily),
                                      ("weekly digest", subscriber.weekly)) if on) or "nothing")
            if subscriber else format_html("<p>{}</p>", "Not a newsletter subscriber.")
        )  # fmt: skip
        if not shown:
            return format_html("<p>No other leads from this address.</p>{}", newsletter)
        everything = reverse("admin:leads_lead_changelist") + "?" + urlencode({"email": lead.email})
        return format_html(
            '<ul class="lead-same-person">{}</ul><a href="{}">All leads from {}</a>{}',
            format_html_join(
                "", '<li><a href="{}">{}</a>: {} · {}</li>',
                ((other.get_admin_url(), format_date(timezone.localtime(other.created_at),
                                                     "j M Y"),
                  other.topic, other.get_status_display()) for other in shown),
            ),
            everything, lead.email, newsletter,
        )  # fmt: skip

    @admin.display(description="E-mail")
    def email_link(self, lead):
        return format_html('<a href="mailto:{}">{}</a>', lead.email, lead.email)

    @admin.display(description="Phone or WhatsApp")
    def phone_links(self, lead):
        if not lead.phone:
            return "–"
        links = [(lead.tel_url, "Call", ""), (lead.whatsapp_url, "WhatsApp", ' target="_blank"')]
        return format_html(
            '{} <span class="lead-phone-links">{}</span>',
            lead.phone,
            format_html_join(
                " ", '<a class="button" href="{}"{} rel="noopener">{}</a>',
                ((url, mark_safe(extra), label) for url, label, extra in links if url),  # noqa: S308
            ),
        )  # fmt: skip

    @admin.display(description="Country")
    def country_name(self, lead):
        return f"{lead.country.name} ({lead.country.code})"

    @admin.display(description="Timeline")
    def timeline(self, lead):
        entries = lead.timeline() if lead.pk else []
        if not entries:
            return "No notes or status changes yet."
        return format_html(
            '<ol class="lead-timeline">{}</ol>',
            format_html_join(
                "", '<li class="lead-timeline__entry lead-timeline__entry--{}">'
                '<p class="lead-timeline__meta">{} · {}</p>{}</li>',
                (
                    (entry.kind, entry.by.get_username() if entry.by else "the portal",
                     newsroom_time(entry.at), mark_safe(linebreaks(entry.text, autoescape=True)))  # noqa: S308
                    for entry in entries
                ),
            ),
        )  # fmt: skip

    @admin.display(description="Report asked for")
    def report_asked(self, lead):
        if lead.report is None:
            return "–"
        downloads = lead.downloads.count()
        return format_html(
            "{} · {}", lead.report.title,
            f"downloaded {downloads} time{'s' if downloads != 1 else ''}" if downloads
            else "not downloaded yet",
        )  # fmt: skip

    @admin.display(description="Consent given")
    def consents_given(self, lead):
        consents = list(lead.consents.all())
        if not consents:
            return "–"
        return format_html_join(
            "", "<p>{} (text of {}, {}, on {})</p>",
            ((c.get_purpose_display(), c.version, newsroom_time(c.given_at), c.form)
             for c in consents),
        )  # fmt: skip

    @admin.display(description="E-mails")
    def emails_sent(self, lead):
        emails = list(lead.emails.all())
        if not emails:
            return "–"
        return format_html_join(
            "", "<p>{}: {}{}</p>",
            ((e.get_kind_display(), e.get_state_display(),
              f" ({e.attempts} attempts; {e.last_error})" if e.last_error else "")
             for e in emails),
        )  # fmt: skip

    @admin.display(description="Message")
    def message_text(self, obj):
        if not obj.message:
            return "–"
        # linebreaks(autoescape=True) escapes the text before adding <p>/<br>, so what a
        # reader typed is shown as text, never as HTML.
        return mark_safe(linebreaks(obj.message, autoescape=True))  # noqa: S308

    @admin.display(description="Source article")
    def source_article(self, obj):
        if obj.article is None:
            return "–"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.article.get_absolute_url(), obj.article.title,
        )  # fmt: skip

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
        self.message_user(
            request, format_html('Merged into <a href="{}">{}</a>.', kept.get_admin_url(), kept),
            messages.SUCCESS,
        )  # fmt: skip
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
        self.message_user(request, format_html(
            "The export of {} leads is being prepared: it will be e-mailed to you and listed "
            'under <a href="{}">Exports</a> when it is ready.',
            f"{count:,}", reverse("admin:leads_leadexport_changelist"),
        ))  # fmt: skip
        return None

    @admin.action(description="Export selected leads as Excel (XLSX)", permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, LeadExport.Format.XLSX)

    @admin.action(description="Export selected leads as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, LeadExport.Format.CSV)


@admin.register(LeadEmail)
class LeadEmailAdmin(OutboxAdmin):
    """The leads' outbox, for superusers: what waits to go out, what failed and why."""

    list_display = ["created_at", "lead", "kind", *OutboxAdmin.list_display[1:]]
    list_filter = ["state", "kind"]
    list_select_related = ["lead"]
    raw_id_fields = ["lead"]
    send_task = send_lead_email


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Consent records, read-only: which text each reader agreed to, when and where."""

    list_display = ["given_at", "purpose", "version", "form", "lead"]
    list_filter = ["purpose", "version"]
    search_fields = ["lead__email"]
    list_select_related = ["lead"]
    paginator = LargeTablePaginator
    show_full_result_count = False
    readonly_fields = ["lead", "purpose", "version", "text", "given_at", "form"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LeadExport)
class LeadExportAdmin(admin.ModelAdmin):
    """Exports of the sales desk made on the task queue: each person sees their own."""

    list_display = ["requested_at", "format", "rows", "state", "download"]
    list_filter = ["state"]
    fields = ["requested_at", "format", "rows", "state", "finished_at", "download"]
    readonly_fields = fields

    def get_queryset(self, request):
        exports_ = super().get_queryset(request).defer("lead_ids")
        if request.user.is_superuser:
            return exports_
        return exports_.filter(requested_by=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="leads_leadexport_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        export = get_object_or_404(self.get_queryset(request), pk=pk, state=LeadExport.State.READY)
        kind = LeadExport.Format(export.format)
        return FileResponse(
            export.file.open("rb"), as_attachment=True,
            filename=f"leads-{timezone.localtime(export.requested_at):%Y%m%d-%H%M}.{kind}",
            content_type=XLSX_TYPE if kind == LeadExport.Format.XLSX else CSV_TYPE,
        )  # fmt: skip

    @admin.display(description="File")
    def download(self, export):
        if export.state != LeadExport.State.READY:
            return "–"
        url = reverse("admin:leads_leadexport_download", args=[export.pk])
        return format_html('<a href="{}">Download</a>', url)
