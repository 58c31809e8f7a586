"""The Translators role (per language) and who keeps the glossary.

Translators change and view stories and reports (the admin limits them to translations
in their languages, and to draft or published ones: they submit, Editors publish), add
review comments and images, and read what a story's form picks from; they read the
glossary, which Editors keep. No lead, subscriber or company is theirs to change.
"""

from django.db import migrations

from portal.roles import EDITORS, TRANSLATORS, grant_model_permissions

TRANSLATOR_MODELS = {"articles": ["article", "report"]}
TRANSLATOR_ADDS = {"articles": ["reviewcomment", "image"]}
TRANSLATOR_READS = {
    "articles": ["section", "author", "tag", "glossaryentry", "image", "reviewcomment",
                 "revision"],
    "companies": ["company", "deal"],
}  # fmt: skip


def grant(apps, schema_editor):
    grant_model_permissions(apps, EDITORS, {"articles": ["glossaryentry"]})
    for group in TRANSLATORS.values():
        grant_model_permissions(apps, group, TRANSLATOR_MODELS, actions={"change", "view"})
        grant_model_permissions(apps, group, TRANSLATOR_ADDS, actions={"add", "view"})
        grant_model_permissions(apps, group, TRANSLATOR_READS, actions={"view"})


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=TRANSLATORS.values()).delete()
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.remove(*editors.permissions.filter(content_type__model="glossaryentry"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0026_glossary"),
        ("companies", "0008_trigram_indexes_per_edition"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
