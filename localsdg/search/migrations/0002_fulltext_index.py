"""The full-text index of the search entries, in the form each database supports.

SQLite: an FTS5 table with the trigram tokenizer over norm_title and body, kept in step with
search_searchentry by triggers (an "external content" table, so the text is stored once).
PostgreSQL: the pg_trgm extension and GIN trigram indexes, which serve LIKE '%...%' directly.

A later migration that alters search_searchentry on SQLite (Django rebuilds the table) drops the
triggers with the old table: such a migration must run SQLITE_DROP and SQLITE again.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        norm_title, body, content='search_searchentry', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER search_searchentry_fts_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, norm_title, body)
        VALUES (new.id, new.norm_title, new.body);
    END""",
    """CREATE TRIGGER search_searchentry_fts_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, norm_title, body)
        VALUES ('delete', old.id, old.norm_title, old.body);
    END""",
    """CREATE TRIGGER search_searchentry_fts_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, norm_title, body)
        VALUES ('delete', old.id, old.norm_title, old.body);
        INSERT INTO search_searchentry_fts(rowid, norm_title, body)
        VALUES (new.id, new.norm_title, new.body);
    END""",
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_au",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_ad",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_ai",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_title_trgm ON search_searchentry "
    "USING gin (norm_title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_body_trgm ON search_searchentry "
    "USING gin (body gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_body_trgm",
    "DROP INDEX IF EXISTS search_title_trgm",
]


def run(statements: dict[str, list[str]]):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
