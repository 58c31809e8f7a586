"""Reports get the newsroom's lifecycle: Writers prepare them and submit them for review;
Editors publish, schedule, send back and unpublish them."""

from django.db import migrations

from portal.roles import EDITORS, WRITERS, grant_model_permissions

REPORTS = {"articles": ["report"]}
# What a writer picks in a report's form: its cover, stories, companies and deals.
WRITER_READS = {"articles": ["image", "article"], "companies": ["company", "deal"]}


def grant(apps, schema_editor):
    grant_model_permissions(apps, EDITORS, REPORTS, actions={"publish"})
    grant_model_permissions(apps, WRITERS, REPORTS, actions={"add", "change", "view"})
    grant_model_permissions(apps, WRITERS, WRITER_READS, actions={"view"})


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in [
        (EDITORS, ["publish_report"]),
        (WRITERS, ["add_report", "change_report", "view_report"]),
    ]:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*group.permissions.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_report_lifecycle")]

    operations = [migrations.RunPython(grant, revoke)]
