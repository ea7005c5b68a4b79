"""PostgreSQL-only search indexes: GIN over the weighted tsvector, and trigram (pg_trgm) GIN
indexes over the title and the numbers for substring matches of three or more characters.

pg_trgm is a trusted extension (no superuser needed since PostgreSQL 13). It extracts trigrams
from Chinese text only when the database's LC_CTYPE is a UTF-8 locale (e.g. C.UTF-8); with
LC_CTYPE=C the trigram indexes stay empty and substring search falls back to scanning.
On SQLite this migration does nothing.
"""

from django.db import migrations

TABLE = "search_searchentry"

INDEXES = {
    "search_entry_vector_gin": "USING gin (search_vector)",
    "search_entry_title_trgm": "USING gin (title gin_trgm_ops)",
    "search_entry_docnum_trgm": "USING gin (document_number gin_trgm_ops)",
    "search_entry_indexnum_trgm": "USING gin (index_number gin_trgm_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
