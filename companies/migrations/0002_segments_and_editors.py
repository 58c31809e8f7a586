"""Seed the company segments and let Editors manage companies and deals."""

from django.db import migrations

from portal.roles import EDITORS, grant_model_permissions, revoke_model_permissions

SEGMENTS = [
    ("anode", "Anode"),
    ("cathode", "Cathode"),
    ("cells", "Cells"),
    ("energy-storage", "Energy storage"),
    ("recycling", "Recycling"),
    ("mining-refining", "Mining and refining"),
    ("solar", "Solar"),
    ("evs", "EVs"),
]
EDITOR_MODELS = {
    "companies": [
        "company", "companyfact", "segment", "deal", "dealparty", "dealphase", "dealsource",
        "dealstatuschange",
    ]
}  # fmt: skip


def forwards(apps, schema_editor):
    Segment = apps.get_model("companies", "Segment")
    for position, (slug, name) in enumerate(SEGMENTS):
        Segment.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    grant_model_permissions(apps, EDITORS, EDITOR_MODELS)


def backwards(apps, schema_editor):
    revoke_model_permissions(apps, EDITORS, EDITOR_MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
