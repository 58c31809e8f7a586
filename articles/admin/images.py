"""The image library in the admin (its picker for stories and reports: `articles.widgets`)."""

from django.contrib import admin
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.urls import path
from django.utils.html import format_html

from portal.inputs import as_id
from portal.times import newsroom_time

from ..models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """The image library: upload once with alt text, caption, credit and focal point."""

    list_display = ["thumbnail", "alt_text", "credit", "dimensions", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    date_hierarchy = "created_at"
    list_per_page = 40
    fields = ["file", "focal_picker", "alt_text", "alt_text_zh_hans", "caption", "caption_zh_hans",
              "credit", "credit_zh_hans", "focal_x", "focal_y", "crops", "uploaded"]  # fmt: skip
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
