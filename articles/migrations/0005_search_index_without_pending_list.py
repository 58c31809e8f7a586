"""Make the full-text index PostgreSQL-only, without a pending list.

With `fastupdate = off`, new and edited articles go straight into the GIN index, so
they are searchable through it at once and the planner never avoids an index with a
long pending list. SQLite has no such index (its search is a plain fallback).
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS article_search_idx ON articles_article "
    "USING gin (search_vector) WITH (fastupdate = off)"
)
DROP = "DROP INDEX IF EXISTS article_search_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_articleslugredirect_historicalarticle_and_more")]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_search_idx"),
        migrations.RunPython(create_index, drop_index),
    ]
