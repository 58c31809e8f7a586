"""Who edits events: Writers prepare them and submit them for review, Editors publish
them (as stories and reports), Translators change the versions in their languages."""

from django.db import migrations

from portal.roles import EDITORS, TRANSLATORS, WRITERS, grant_model_permissions

EVENTS = {"articles": ["event", "speaker"]}


def grant(apps, schema_editor):
    grant_model_permissions(apps, EDITORS, EVENTS)
    grant_model_permissions(apps, EDITORS, {"articles": ["event"]}, actions={"publish"})
    grant_model_permissions(apps, WRITERS, EVENTS, actions={"add", "change", "view"})
    grant_model_permissions(apps, WRITERS, {"articles": ["speaker"]}, actions={"delete"})
    for group in TRANSLATORS.values():
        grant_model_permissions(apps, group, EVENTS, actions={"change", "view"})


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[EDITORS, WRITERS, *TRANSLATORS.values()]):
        group.permissions.remove(
            *group.permissions.filter(content_type__model__in=["event", "speaker"])
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0028_events")]

    operations = [migrations.RunPython(grant, revoke)]
