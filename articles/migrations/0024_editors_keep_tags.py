"""Editors keep their tags: the portal's own tags (articles.Tag, since 0022) get the
permissions Editors had on taggit's."""

from django.db import migrations

from portal.roles import EDITORS, grant_model_permissions

TAGS = {"articles": ["tag"]}


def grant(apps, schema_editor):
    grant_model_permissions(apps, EDITORS, TAGS)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="articles", content_type__model="tag")
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_image_words")]

    operations = [migrations.RunPython(grant, revoke)]
