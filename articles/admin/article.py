"""Stories in the admin: the newsroom's list, form, review and schedule."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from portal.inputs import as_id
from portal.pagination import LargeTableChangeList, LargeTablePaginator
from portal.publishing.admin import PublishingAdmin, StateFilter
from portal.times import newsroom_time

from .. import translating
from ..forms import ArticleAdminForm
from ..models import (
    Article,
    Author,
    Autosave,
    ReviewComment,
    Revision,
    Tag,
    count_words,
    reading_minutes,
    render_body,
)
from ..widgets import HeroSelect


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


class ArticleChangeList(LargeTableChangeList):
    """The article list loads what its columns show, not bodies or search vectors."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer(*LIST_DEFERRED)


LIST_DEFERRED = ["body", "body_html", "search_vector", "meta_description", "dek"]


@admin.register(Article)
class ArticleAdmin(PublishingAdmin):
    """Stories: the newsroom's lifecycle (PublishingAdmin), plus autosave, the live body
    preview, tag suggestions and "What goes live when"."""

    form = ArticleAdminForm
    inlines = [ReviewCommentInline, RevisionInline]
    list_display = ["title", "section", "bylines", "state_badge", "publication_time", "is_featured"]
    list_filter = [StateFilter, "language", "is_featured", "section", "published_at", "authors"]
    list_select_related = ["section"]
    search_fields = ["title", "dek", "body", "slug"]  # searched by get_search_results
    # No date_hierarchy: its list of years reads every row; the date filter serves.
    show_full_result_count = False  # one COUNT per page, not two
    list_per_page = 50  # each row costs ~1.5 ms to render (bench/RESULTS.md)
    paginator = LargeTablePaginator
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "section", "companies", "deals", "hero"]
    change_form_template = "admin/articles/article/change_form.html"
    translation_checks = staticmethod(translating.checks)
    glossary_rows = staticmethod(translating.glossary_rows)
    publisher_fields = ["published_at", "is_featured"]
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
        ("Filing", {"fields": ["language", "section", "authors", "tags", "is_featured"]}),
        ("Companies and deals in the story", {"fields": ["companies", "deals"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "created_at", "updated_at", "preview_link"]},
        ),
        ("Search engines", {"fields": ["meta_description"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        authors = Prefetch("authors", queryset=Author.objects.only("name"))
        return super().get_queryset(request).prefetch_related(authors)

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        """Search through the full-text index (`ArticleQuerySet.matching`), not LIKE."""
        return queryset.matching(search_term), False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.uploaded_by = request.user
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Autosave.objects.filter(user=request.user, article=obj if change else None).delete()

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
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
