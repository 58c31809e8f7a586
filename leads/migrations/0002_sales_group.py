"""Create the Sales role: work leads and their notes, nothing else."""

from django.db import migrations

from portal.roles import SALES, grant_model_permissions, revoke_model_permissions


def grant(apps, schema_editor):
    grant_model_permissions(apps, SALES, {"leads": ["lead"]}, actions={"view", "change"})
    grant_model_permissions(apps, SALES, {"leads": ["leadnote"]}, actions={"view", "add"})


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, SALES, {"leads": ["lead", "leadnote"]})


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
