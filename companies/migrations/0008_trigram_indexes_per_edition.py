"""Trigram indexes on each edition's words of names and titles (PostgreSQL only).

Since 0007 the names and titles readers search have a column per edition
(django-modeltranslation), and searches look in every edition's column, so a reader of
either edition finds 贝特瑞 and BTR alike. The indexes of 0003 on the single columns
make way for one per edition's column (same expression, same reasons: see 0003).
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

OLD = ["company_name_trgm", "company_legal_name_trgm", "deal_title_trgm", "deal_site_name_trgm"]
INDEXES = {
    f"{prefix}_{column}_{suffix}_trgm": (table, f"{column}_{suffix}")
    for prefix, table, columns in [
        ("company", "companies_company", ["name", "legal_name"]),
        ("deal", "companies_deal", ["title", "site_name"]),
    ]
    for column in columns
    for suffix in ["en_gb", "zh_hans"]
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
    for name in OLD:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
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
    dependencies = [("companies", "0007_chinese_words")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
