"""Sales see (and may delete) the exports they asked for."""

from django.db import migrations

from portal.roles import SALES, grant_model_permissions, revoke_model_permissions

MODELS = {"leads": ["leadexport"]}


def grant(apps, schema_editor):
    grant_model_permissions(apps, SALES, MODELS, actions={"view", "delete"})


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, SALES, MODELS)


class Migration(migrations.Migration):
    dependencies = [("leads", "0011_lead_export")]

    operations = [migrations.RunPython(grant, revoke)]
