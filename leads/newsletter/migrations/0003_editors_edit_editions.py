"""Editors adjust newsletter editions (never subscribers: those are superusers')."""

from django.db import migrations

from portal.roles import EDITORS, grant_model_permissions, revoke_model_permissions

MODELS = {"newsletter": ["edition", "editionitem"]}


def grant(apps, schema_editor):
    grant_model_permissions(apps, EDITORS, MODELS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, EDITORS, MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0002_follows_editions_deliveries"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
