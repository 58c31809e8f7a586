"""The Writers role (own drafts, submit for review) and what Editors gain with review."""

from django.db import migrations

from portal.roles import EDITORS, WRITERS, grant_model_permissions, revoke_model_permissions

EDITOR_MODELS = {"articles": ["revision", "reviewcomment"]}
EDITOR_PUBLISH = {"articles": ["article"]}
WRITER_MODELS = {"articles": ["article", "reviewcomment"]}
# What a writer picks in the form: sections, authors, tags, companies and deals.
WRITER_READS = {"articles": ["section", "author"], "taggit": ["tag"],
                "companies": ["company", "deal"]}  # fmt: skip


def grant(apps, schema_editor):
    grant_model_permissions(apps, EDITORS, EDITOR_MODELS)
    grant_model_permissions(apps, EDITORS, EDITOR_PUBLISH, actions={"publish"})
    grant_model_permissions(apps, WRITERS, WRITER_MODELS, actions={"add", "change", "view"})
    grant_model_permissions(apps, WRITERS, WRITER_READS, actions={"view"})


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, EDITORS, EDITOR_MODELS)
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=WRITERS).delete()
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.remove(*editors.permissions.filter(codename="publish_article"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_writers_and_review"),
        ("companies", "0004_checked_image_fields"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
