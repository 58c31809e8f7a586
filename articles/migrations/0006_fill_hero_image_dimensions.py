"""Store the size of hero images saved without it (loading them then opened the file)."""

from django.core.files.storage import default_storage
from django.db import migrations
from PIL import Image


def fill_dimensions(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    missing = Article.objects.exclude(hero_image="").filter(hero_image_width__isnull=True)
    for article in missing.only("pk", "hero_image").iterator():
        try:
            with default_storage.open(article.hero_image.name, "rb") as handle:
                with Image.open(handle) as image:
                    width, height = image.size
        except (OSError, ValueError):
            continue
        Article.objects.filter(pk=article.pk).update(
            hero_image_width=width, hero_image_height=height
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_search_index_without_pending_list")]

    operations = [migrations.RunPython(fill_dimensions, migrations.RunPython.noop)]
