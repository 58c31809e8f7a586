"""Trigram indexes for name searches (PostgreSQL only).

The directory and the site search find companies and deals by any part of a name
(`icontains`, which PostgreSQL runs as `UPPER(col) LIKE UPPER('%term%')`). GIN trigram
indexes on the same `UPPER(...)` expressions let it use an index instead of reading
every row. Needs the pg_trgm extension; where the database user may not create it,
the indexes are skipped and searches still work, only slower.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

INDEXES = {
    "company_name_trgm": ("companies_company", "name"),
    "company_legal_name_trgm": ("companies_company", "legal_name"),
    "company_aliases_trgm": ("companies_company", "aliases"),
    "deal_title_trgm": ("companies_deal", "title"),
    "deal_site_name_trgm": ("companies_deal", "site_name"),
    "deal_site_aliases_trgm": ("companies_deal", "site_aliases"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        logger.warning("pg_trgm is not available: name searches will not use an index")
        return
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("companies", "0002_segments_and_editors")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
