"""Sections, tags, authors, old slugs and the translators' glossary in the admin.

Each form has the Chinese edition's words next to the English (`*_zh_hans`, from
`articles/translation.py`); left empty, the Chinese edition shows the English.
"""

from django.contrib import admin
from taggit.models import Tag as TaggitTag

from ..models import ArticleSlugRedirect, Author, GlossaryEntry, Section, Tag


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_zh_hans"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "name_zh_hans", "slug", "description", "description_zh_hans", "position"]


# Stories' tags are the portal's own (articles.Tag); taggit's table is a stale copy.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh_hans", "slug"]
    search_fields = ["name", "name_zh_hans", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "name_zh_hans", "slug"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    fields = ["name", "slug", "job_title", "job_title_zh_hans", "bio", "bio_zh_hans", "photo",
              "website", "linkedin_url", "x_url", "user"]  # fmt: skip
    search_fields = ["name", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(ArticleSlugRedirect)
class ArticleSlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title"]
    autocomplete_fields = ["article"]


@admin.register(GlossaryEntry)
class GlossaryAdmin(admin.ModelAdmin):
    """The translators' glossary, kept by editors (translators read it)."""

    list_display = ["english", "other_names", "chinese", "kind", "note"]
    list_filter = ["kind"]
    search_fields = ["english", "other_names", "chinese"]
    fields = ["english", "other_names", "chinese", "kind", "note"]
