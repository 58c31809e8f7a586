"""Create the Editors role and give it the article and tag permissions."""

from django.db import migrations

from portal.roles import EDITORS, grant_model_permissions, revoke_model_permissions

EDITOR_MODELS = {"articles": ["article", "section", "author"], "taggit": ["tag"]}


def grant(apps, schema_editor):
    grant_model_permissions(apps, EDITORS, EDITOR_MODELS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, EDITORS, EDITOR_MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
