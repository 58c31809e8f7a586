from django.contrib import admin, messages
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from taggit.models import Tag

from .models import Article, Author, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    search_fields = ["name", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "bylines", "status", "published_at", "is_featured"]
    list_filter = ["status", "is_featured", "section", "published_at", "authors"]
    list_select_related = ["section"]
    search_fields = ["title", "dek", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "section", "companies", "deals"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        ("Filing", {"fields": ["section", "authors", "tags", "is_featured"]}),
        ("Companies and deals in the story", {"fields": ["companies", "deals"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
        ("Search engines", {"fields": ["meta_description"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description="Authors")
    def bylines(self, obj):
        return ", ".join(author.name for author in obj.authors.all())

    @admin.action(description="Publish selected articles now", permissions=["change"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        count = queryset.exclude(status=Article.Status.PUBLISHED, published_at__lte=now).update(
            status=Article.Status.PUBLISHED, published_at=now, updated_at=now
        )
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
        self.message_user(request, f"Unpublished {count} article(s).", messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "tag-suggestions/",
                self.admin_site.admin_view(self.tag_suggestions),
                name="articles_article_tag_suggestions",
            ),
            *super().get_urls(),
        ]

    def tag_suggestions(self, request):
        """Return existing tag names matching `q`, for the tag field's autocomplete."""
        if not self.has_change_permission(request) and not self.has_add_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        term = request.GET.get("q", "").strip()[:100]
        tags = Tag.objects.order_by("name")
        if term:
            tags = tags.filter(Q(name__istartswith=term) | Q(name__icontains=f" {term}"))
        return JsonResponse({"results": list(tags.values_list("name", flat=True)[:15])})

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
        js = ["js/admin-tags.js"]
        css = {"all": ["css/admin-tags.css"]}
