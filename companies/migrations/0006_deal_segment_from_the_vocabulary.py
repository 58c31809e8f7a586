"""Deals take their segment from the Segment table (one vocabulary with companies).

Kept apart from 0005, whose data changes must be committed before PostgreSQL alters the
table.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0005_one_segment_vocabulary_sources_reviews"),
    ]

    operations = [
        migrations.AlterField(
            model_name='deal',
            name='segment',
            field=models.ForeignKey(db_column='segment', db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='deals', to='companies.segment', to_field='slug'),
        ),
    ]
