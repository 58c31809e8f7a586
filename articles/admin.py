from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from taggit.models import Tag

from portal.inputs import as_id
from portal.pagination import LargeTableChangeList, LargeTablePaginator
from portal.pdfs import pdf_page_count

from .forms import ArticleAdminForm
from .history import change_summary
from .models import (
    Article,
    ArticleSlugRedirect,
    Author,
    Autosave,
    Image,
    Report,
    ReviewComment,
    Revision,
    Section,
    count_words,
    reading_minutes,
    render_body,
)
from .tasks import email_review_request
from .times import newsroom_time


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    fields = ["name", "slug", "job_title", "bio", "photo", "website", "linkedin_url", "x_url",
              "user"]  # fmt: skip
    search_fields = ["name", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(ArticleSlugRedirect)
class ArticleSlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title"]
    autocomplete_fields = ["article"]


class StateFilter(admin.SimpleListFilter):
    """Draft, in review, scheduled or published (live): status and time together."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(Article.STATES.items())

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.in_state(self.value())


class RevisionInline(admin.TabularInline):
    """Corrections and updates readers see under the story (routine edits need none)."""

    model = Revision
    extra = 0
    fields = ["kind", "note", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    verbose_name = "correction or update shown to readers"
    verbose_name_plural = "Corrections and updates shown to readers"


class ReviewCommentInline(admin.TabularInline):
    """Remarks during review, kept with their author and time; never edited afterwards."""

    model = ReviewComment
    extra = 0
    fields = ["text", "written"]
    readonly_fields = ["written"]
    verbose_name_plural = "Review comments"

    @admin.display(description="By, at")
    def written(self, comment):
        if comment.pk is None:
            return ""
        return f"{comment.created_by or 'someone'} · {newsroom_time(comment.created_at)}"

    def has_change_permission(self, request, obj=None):
        return False  # existing comments show read-only; new ones can still be added

    def has_delete_permission(self, request, obj=None):
        return False


class HeroSelect(AutocompleteSelect):
    """The library's autocomplete, with a thumbnail of the chosen image beside it."""

    template_name = "admin/widgets/hero_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        image = Image.objects.filter(pk=as_id(value)).first() if as_id(value) else None
        context["widget"].update(
            image=image, lookup_url=reverse("admin:articles_image_search"),
        )  # fmt: skip
        return context


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """The image library: upload once with alt text, caption, credit and focal point."""

    list_display = ["thumbnail", "alt_text", "credit", "dimensions", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    date_hierarchy = "created_at"
    list_per_page = 40
    fields = ["file", "focal_picker", "alt_text", "caption", "credit", "focal_x", "focal_y",
              "crops", "uploaded"]  # fmt: skip
    readonly_fields = ["focal_picker", "crops", "uploaded"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="")
    def thumbnail(self, image):
        if not image.thumbnail_url:
            return "–"
        return format_html(
            '<img class="library-thumb" src="{}" alt="" width="96" height="54" loading="lazy">',
            image.thumbnail_url,
        )

    @admin.display(description="Size")
    def dimensions(self, image):
        return f"{image.width} × {image.height}" if image.width else "–"

    @admin.display(description="Focal point")
    def focal_picker(self, image):
        if image is None or not image.pk:
            return "Save the image first; then click on it to set its focal point."
        return format_html(
            '<div class="focal-picker"><img src="{}" alt="" width="{}" height="{}">'
            '<span class="focal-picker__marker" data-x="{}" data-y="{}"></span></div>'
            '<p class="help">Click where the subject is (or type the percentages below). '
            "Crops for cards and social previews keep that point in view.</p>",
            image.src, image.width, image.height, image.focal_x, image.focal_y,
        )  # fmt: skip

    @admin.display(description="Crops")
    def crops(self, image):
        if image is None or not image.card_renditions:
            return "Made when the image is saved."
        return format_html(
            '<div class="library-crops"><figure><img src="{}" alt="" width="320" height="180">'
            "<figcaption>Cards (16:9)</figcaption></figure>"
            '<figure><img src="{}" alt="" width="320" height="168">'
            "<figcaption>Social previews (1.91:1)</figcaption></figure></div>",
            image.card_src, default_storage.url(image.social["name"]),
        )  # fmt: skip

    @admin.display(description="Uploaded")
    def uploaded(self, image):
        if image is None or not image.pk:
            return ""
        who = f"{image.uploaded_by} · " if image.uploaded_by else ""
        return who + newsroom_time(image.created_at)

    def get_urls(self):
        return [
            path("search/", self.admin_site.admin_view(self.search), name="articles_image_search"),
            *super().get_urls(),
        ]

    def search(self, request):
        """Return library images matching `q` (or the one `id`) for the article form."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        images = Image.objects.all()
        wanted = request.GET.get("id", "")
        if wanted:
            images = images.filter(pk=as_id(wanted)) if as_id(wanted) else images.none()
        else:
            images = images.search(request.GET.get("q", "")[:100])
        results = [
            {"id": image.pk, "alt": image.alt_text, "credit": image.credit,
             "thumbnail": image.thumbnail_url, "markdown": image.markdown()}
            for image in images[:24]
        ]  # fmt: skip
        return JsonResponse({"results": results})

    class Media:
        js = ["js/admin-focal-point.js"]
        css = {"all": ["css/admin-editor.css"]}


class ArticleChangeList(LargeTableChangeList):
    """The article list loads what its columns show, not bodies or search vectors."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer(*LIST_DEFERRED)


LIST_DEFERRED = ["body", "body_html", "search_vector", "meta_description", "dek"]


def can_publish(user):
    """Editors (and superusers) publish, schedule and unpublish; writers never do."""
    return user.has_perm("articles.publish_article")


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    inlines = [ReviewCommentInline, RevisionInline]
    list_display = ["title", "section", "bylines", "state_badge", "publication_time", "is_featured"]
    list_filter = [StateFilter, "is_featured", "section", "published_at", "authors"]
    list_select_related = ["section"]
    search_fields = ["title", "dek", "body", "slug"]  # searched by get_search_results
    # No date_hierarchy: its list of years reads every row; the date filter serves.
    show_full_result_count = False  # one COUNT per page, not two
    list_per_page = 50  # each row costs ~1.5 ms to render (bench/RESULTS.md)
    paginator = LargeTablePaginator
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "section", "companies", "deals", "hero"]
    readonly_fields = ["created_at", "updated_at", "preview_link"]
    actions = ["submit_for_review", "send_back", "publish_now", "unpublish"]
    history_list_display = ["status", "published_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body", "loaded_version"]}),
        (
            "Hero image",
            {
                "fields": [
                    "hero",
                    "hero_upload",
                    "hero_upload_alt",
                    "hero_upload_caption",
                    "hero_upload_credit",
                ],
                "description": "Pick an image from the library (search by its description, "
                "caption or credit), or upload a new one with its alt text.",
            },
        ),
        ("Filing", {"fields": ["section", "authors", "tags", "is_featured"]}),
        ("Companies and deals in the story", {"fields": ["companies", "deals"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "created_at", "updated_at", "preview_link"],
                "description": "A published article with a future time is scheduled: it "
                "goes live by itself at that time.",
            },
        ),
        ("Search engines", {"fields": ["meta_description"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        articles = (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("authors", queryset=Author.objects.only("name")))
        )
        if can_publish(request.user):
            return articles
        own = Article.objects.filter(Q(created_by=request.user) | Q(authors__user=request.user))
        return articles.filter(pk__in=own.values("pk"))  # a writer's own stories

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        """Search through the full-text index (`ArticleQuerySet.matching`), not LIKE."""
        return queryset.matching(search_term), False

    def has_change_permission(self, request, obj=None):
        """A writer changes their own drafts only; in review or later they are read-only."""
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or can_publish(request.user):
            return allowed
        return obj.status == Article.Status.DRAFT and obj.is_by(request.user)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.can_publish = can_publish(request.user)
        form.uploaded_by = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if can_publish(request.user):
            return self.readonly_fields
        return [*self.readonly_fields, "published_at", "is_featured"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        was_in_review = change and "status" not in form.changed_data
        super().save_model(request, obj, form, change)
        Autosave.objects.filter(user=request.user, article=obj if change else None).delete()
        if obj.status == Article.Status.REVIEW and not was_in_review:
            transaction.on_commit(lambda: email_review_request.delay([obj.pk]), robust=True)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["original_time"] = newsroom_time(getattr(obj, "published_at", None))
        autosave = Autosave.to_offer(user=request.user, article=obj)
        if autosave is not None and not context.get("errors"):
            context["autosave"] = {
                "fields": autosave.fields,
                "base_version": autosave.base_version,
                "saved": newsroom_time(autosave.saved_at),
            }
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def save_formset(self, request, form, formset, change):
        """Inline rows (comments, corrections) record who wrote them."""
        for row in formset.save(commit=False):
            if row.created_by_id is None:
                row.created_by = request.user
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()

    @admin.display(description="Authors")
    def bylines(self, obj):
        return ", ".join(author.name for author in obj.authors.all())

    @admin.display(description="State", ordering="status")
    def state_badge(self, obj):
        return format_html(
            '<span class="state-badge state-badge--{}">{}</span>',
            obj.state,
            obj.get_state_display(),
        )

    @admin.display(description="Goes live / went live", ordering="published_at")
    def publication_time(self, obj):
        return newsroom_time(obj.published_at) or "–"

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """The history's "Changes" column: a short summary per version, not every value."""
        records = list(historical_records)  # newest first: each one's previous is next
        for record, previous in zip(records, [*records[1:], None], strict=True):
            record.change_summary = change_summary(record, previous or record.prev_record)

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return "Save the article to get a preview link."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Open the staff preview</a>',
            reverse("articles:preview", args=[obj.pk]),
        )

    def _change_status(self, request, queryset, status, message, **fields):
        """Save each article (so history records who did it), in one transaction."""
        count = 0
        with transaction.atomic():
            for article in queryset.select_for_update():
                article.status = status
                for name, value in fields.items():
                    setattr(article, name, value)
                article._change_reason = message
                article.save()
                count += 1
        self.message_user(request, f"{message}: {count} article(s).", messages.SUCCESS)

    @admin.action(description="Submit selected articles for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        drafts = queryset.filter(status=Article.Status.DRAFT)
        if not can_publish(request.user):
            drafts = drafts.filter(pk__in=[a.pk for a in drafts if a.is_by(request.user)])
        ids = list(drafts.values_list("pk", flat=True))
        self._change_status(request, drafts, Article.Status.REVIEW, "Submitted for review")
        transaction.on_commit(lambda: email_review_request.delay(ids), robust=True)

    @admin.action(description="Send selected articles back to the writer", permissions=["publish"])
    def send_back(self, request, queryset):
        self._change_status(
            request, queryset.filter(status=Article.Status.REVIEW), Article.Status.DRAFT,
            "Sent back to the writer",
        )  # fmt: skip

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_now(self, request, queryset):
        self._change_status(
            request, queryset.exclude(pk__in=Article.objects.published().values("pk")),
            Article.Status.PUBLISHED, "Published now", published_at=timezone.now(),
        )  # fmt: skip

    @admin.action(
        description="Unpublish selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        self._change_status(
            request, queryset.exclude(status=Article.Status.DRAFT), Article.Status.DRAFT,
            "Unpublished",
        )  # fmt: skip

    SCHEDULE_ROWS = 50  # per table of "What goes live when"; the list filters show the rest

    def schedule_view(self, request):
        """What goes live when: scheduled and in-review articles, by time."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        articles = self.get_queryset(request).select_related("section")  # a writer's own
        scheduled, in_review = articles.scheduled(), articles.in_review()
        context = {
            **self.admin_site.each_context(request),
            "title": "What goes live when",
            "opts": self.model._meta,
            "scheduled": scheduled[: self.SCHEDULE_ROWS],
            "scheduled_count": scheduled.count(),
            "in_review": in_review[: self.SCHEDULE_ROWS],
            "in_review_count": in_review.count(),
            "rows": self.SCHEDULE_ROWS,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)

    def get_urls(self):
        return [
            path(
                "schedule/",
                self.admin_site.admin_view(self.schedule_view),
                name="articles_article_schedule",
            ),
            path(
                "autosave/",
                self.admin_site.admin_view(self.autosave),
                name="articles_article_autosave",
            ),
            path(
                "preview-body/",
                self.admin_site.admin_view(self.preview_body),
                name="articles_article_preview_body",
            ),
            path(
                "tag-suggestions/",
                self.admin_site.admin_view(self.tag_suggestions),
                name="articles_article_tag_suggestions",
            ),
            *super().get_urls(),
        ]

    def autosave(self, request):
        """Keep the form's text in the background (POST); `discard` drops it."""
        if request.method != "POST":
            return JsonResponse({"error": "POST the form's fields"}, status=405)
        article = None
        if request.POST.get("article"):
            pk = as_id(request.POST["article"])
            article = Article.objects.filter(pk=pk).first() if pk else None
            if article is None or not self.has_change_permission(request, article):
                return JsonResponse({"error": "not an article you can edit"}, status=403)
        elif not self.has_add_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        if request.POST.get("discard"):
            Autosave.objects.filter(user=request.user, article=article).delete()
            return JsonResponse({"discarded": True})
        saved = Autosave.store(user=request.user, article=article, data=request.POST)
        return JsonResponse({"saved": newsroom_time(saved.saved_at)})

    def preview_body(self, request):
        """Render a body as readers will see it (POST `body`): HTML, words, minutes."""
        if not self.has_change_permission(request) and not self.has_add_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        if request.method != "POST":
            return JsonResponse({"error": "POST the body to preview"}, status=405)
        html = render_body(request.POST.get("body", ""))
        words = count_words(html)
        return JsonResponse({"html": html, "words": words, "minutes": reading_minutes(words)})

    def tag_suggestions(self, request):
        """Return existing tag names matching `q`, for the tag field's autocomplete."""
        if not self.has_change_permission(request) and not self.has_add_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        term = request.GET.get("q", "").strip()[:100]
        tags = Tag.objects.order_by("name")
        if term:
            tags = tags.filter(Q(name__istartswith=term) | Q(name__icontains=f" {term}"))
        return JsonResponse({"results": list(tags.values_list("name", flat=True)[:15])})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hero":
            kwargs["widget"] = HeroSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "tags":
            field.widget.attrs.update(
                {
                    "data-tag-suggest-url": reverse("admin:articles_article_tag_suggestions"),
                    "autocomplete": "off",
                }
            )
        return field

    class Media:
        js = ["js/admin-tags.js", "js/admin-autosave.js"]
        css = {"all": ["css/admin-tags.css", "css/admin-newsroom.css"]}


class ReportAdminForm(forms.ModelForm):
    """A report's form: the PDF is checked by its content (portal.pdfs) when uploaded."""

    class Meta:
        widgets = {"file": forms.FileInput(attrs={"accept": "application/pdf"})}
        model = Report
        fields = [
            "title", "slug", "summary", "contents", "cover", "file", "status", "published_at",
            "articles", "companies", "deals",
        ]  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if (
            upload
            and upload is not getattr(self.instance, "file", None)
            and hasattr(upload, "content_type")
        ):
            self.instance.page_count = pdf_page_count(upload)
            self.instance.file_bytes = upload.size
        return upload


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports, edited by Editors: readers get the PDF through a signed link only."""

    form = ReportAdminForm
    list_display = ["title", "state", "published_at", "page_count", "leads_count"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cover", "articles", "companies", "deals"]
    readonly_fields = ["page_count", "pdf_size", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "contents", "cover"]}),
        ("The PDF", {"fields": ["file", ("page_count", "pdf_size")]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
        ("Linked to", {"fields": ["articles", "companies", "deals"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["css/admin-records.css"]}

    def get_urls(self):
        return [
            path(
                "<int:pk>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="articles_report_pdf",
            ),
            *super().get_urls(),
        ]

    def pdf_view(self, request, pk):
        """The PDF for staff who may see reports (readers only ever get signed links)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = get_object_or_404(Report, pk=pk)
        return FileResponse(
            report.file.open("rb"), filename=report.download_name(), content_type="application/pdf"
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lead_total=Count("leads"))

    @admin.display(description="Size")
    def pdf_size(self, report):
        if not report.file:
            return "–"
        return format_html(
            '{} · <a href="{}">Open the PDF</a>', filesizeformat(report.file_bytes),
            reverse("admin:articles_report_pdf", args=[report.pk]),
        )  # fmt: skip

    @admin.display(description="State", ordering="status")
    def state(self, report):
        if report.status == Report.Status.PUBLISHED and not report.is_live:
            return f"Scheduled ({newsroom_time(report.published_at)})"
        return report.get_status_display()

    @admin.display(description="Requests", ordering="lead_total")
    def leads_count(self, report):
        return report.lead_total

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cover":
            kwargs["widget"] = HeroSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
