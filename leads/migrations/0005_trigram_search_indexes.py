"""Trigram indexes for the sales desk's search (PostgreSQL only), as for company names
(companies/0003): `icontains` runs as `UPPER(col) LIKE UPPER('%term%')`, and GIN trigram
indexes on the same expressions find any part of a name, an e-mail address, a company
or a topic among a million leads without reading them all."""

from django.db import migrations

INDEXES = {
    "lead_name_trgm": "name",
    "lead_email_trgm": "email",
    "lead_company_trgm": "company",
    "lead_topic_trgm": "topic",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return  # companies/0003 could not create it: searches work, only slower
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON leads_lead "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0004_follow_up_and_timeline"),
        ("companies", "0003_trigram_search_indexes"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
