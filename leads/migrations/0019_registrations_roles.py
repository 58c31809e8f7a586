"""Sales work registrations like any lead: they see and change them, see the uses of
their links, and make sponsor exports (each recorded)."""

from django.db import migrations

from portal.roles import SALES, grant_model_permissions, revoke_model_permissions

VIEWED = {"leads": ["registration", "linkuse", "sponsorexport", "sponsorshare"]}


def grant(apps, schema_editor):
    grant_model_permissions(apps, SALES, VIEWED, actions={"view"})
    grant_model_permissions(apps, SALES, {"leads": ["registration"]}, actions={"change"})
    grant_model_permissions(apps, SALES, {"leads": ["sponsorexport"]}, actions={"add"})


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, SALES, VIEWED)


class Migration(migrations.Migration):
    dependencies = [("leads", "0018_event_registrations")]

    operations = [migrations.RunPython(grant, revoke)]
