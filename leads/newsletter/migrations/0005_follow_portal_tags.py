"""Follows of a tag point at the portal's tags (articles.Tag, which kept taggit's ids)."""

from django.db import migrations


def follow_portal_tags(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Follow = apps.get_model("newsletter", "Follow")
    old = ContentType.objects.filter(app_label="taggit", model="tag").first()
    if old is None:
        return
    new, _ = ContentType.objects.get_or_create(app_label="articles", model="tag")
    Follow.objects.filter(content_type=old).update(content_type=new)


def follow_taggit_tags(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Follow = apps.get_model("newsletter", "Follow")
    new = ContentType.objects.filter(app_label="articles", model="tag").first()
    if new is None:
        return
    old, _ = ContentType.objects.get_or_create(app_label="taggit", model="tag")
    Follow.objects.filter(content_type=new).update(content_type=old)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0004_outbox"),
        ("articles", "0022_editions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(follow_portal_tags, follow_taggit_tags)]
