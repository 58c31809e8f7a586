"""Editors edit reports."""

from django.db import migrations

from portal.roles import EDITORS, grant_model_permissions, revoke_model_permissions

MODELS = {"articles": ["report"]}


def grant(apps, schema_editor):
    grant_model_permissions(apps, EDITORS, MODELS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, EDITORS, MODELS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_reports"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, revoke)]
