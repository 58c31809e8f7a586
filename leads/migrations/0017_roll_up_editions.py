"""'What brings leads' counts leads per edition too (a rolled-up dimension): every day
rolled up before is rolled up again by the periodic task, with its edition counts."""

from django.db import migrations


def roll_up_again(apps, schema_editor):
    apps.get_model("leads", "LeadDay").objects.update(clean=False)


class Migration(migrations.Migration):
    dependencies = [("leads", "0016_lead_language")]

    operations = [migrations.RunPython(roll_up_again, migrations.RunPython.noop)]
