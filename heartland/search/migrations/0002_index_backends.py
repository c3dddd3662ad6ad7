"""The index beside the document table, for the database in use (see heartland/search/backends.py).

SQLite: FTS5 tables with external content (the SearchText table) and the triggers that keep
them in step. PostgreSQL: pg_trgm, a tsvector column on the document table (written with each
row, stored out of line) with a GIN index, and a trigram GIN index on SearchText.haystack. The SQL is frozen here; backends.py holds the same statements for
`manage.py reindex`, which re-creates whatever is missing.
"""
from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5( title_tokens, tags_tokens, body_tokens, extra_tokens, content='search_searchtext', content_rowid='product_id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_frag USING fts5( haystack, content='search_searchtext', content_rowid='product_id', tokenize='trigram')",
    'CREATE TRIGGER IF NOT EXISTS search_doc_ai AFTER INSERT ON search_searchtext BEGIN INSERT INTO search_fts(rowid, title_tokens, tags_tokens, body_tokens, extra_tokens) VALUES (new.product_id, new.title_tokens, new.tags_tokens, new.body_tokens, new.extra_tokens); INSERT INTO search_frag(rowid, haystack) VALUES (new.product_id, new.haystack); END',
    "CREATE TRIGGER IF NOT EXISTS search_doc_ad AFTER DELETE ON search_searchtext BEGIN INSERT INTO search_fts(search_fts, rowid, title_tokens, tags_tokens, body_tokens, extra_tokens) VALUES ('delete', old.product_id, old.title_tokens, old.tags_tokens, old.body_tokens, old.extra_tokens); INSERT INTO search_frag(search_frag, rowid, haystack) VALUES ('delete', old.product_id, old.haystack); END",
    "CREATE TRIGGER IF NOT EXISTS search_doc_au_fts AFTER UPDATE ON search_searchtext WHEN old.product_id IS NOT new.product_id OR old.title_tokens IS NOT new.title_tokens OR old.tags_tokens IS NOT new.tags_tokens OR old.body_tokens IS NOT new.body_tokens OR old.extra_tokens IS NOT new.extra_tokens BEGIN INSERT INTO search_fts(search_fts, rowid, title_tokens, tags_tokens, body_tokens, extra_tokens) VALUES ('delete', old.product_id, old.title_tokens, old.tags_tokens, old.body_tokens, old.extra_tokens); INSERT INTO search_fts(rowid, title_tokens, tags_tokens, body_tokens, extra_tokens) VALUES (new.product_id, new.title_tokens, new.tags_tokens, new.body_tokens, new.extra_tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_doc_au_frag AFTER UPDATE ON search_searchtext WHEN old.product_id IS NOT new.product_id OR old.haystack IS NOT new.haystack BEGIN INSERT INTO search_frag(search_frag, rowid, haystack) VALUES ('delete', old.product_id, old.haystack); INSERT INTO search_frag(rowid, haystack) VALUES (new.product_id, new.haystack); END",
]
SQLITE_DROP = [
    'DROP TRIGGER IF EXISTS search_doc_ai',
    'DROP TRIGGER IF EXISTS search_doc_ad',
    'DROP TRIGGER IF EXISTS search_doc_au_fts',
    'DROP TRIGGER IF EXISTS search_doc_au_frag',
    'DROP TABLE IF EXISTS search_fts',
    'DROP TABLE IF EXISTS search_frag',
]
POSTGRES_CREATE = [
    'CREATE EXTENSION IF NOT EXISTS pg_trgm',
    'ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS tsv tsvector',
    'ALTER TABLE search_searchdocument ALTER COLUMN tsv SET STORAGE EXTERNAL',
    'ALTER TABLE search_searchdocument SET (toast_tuple_target = 128)',
    'CREATE INDEX IF NOT EXISTS search_doc_tsv ON search_searchdocument USING gin (tsv)',
    'CREATE INDEX IF NOT EXISTS search_text_haystack_trgm ON search_searchtext USING gin (haystack gin_trgm_ops)',
]
POSTGRES_DROP = [
    'DROP INDEX IF EXISTS search_text_haystack_trgm',
    'DROP INDEX IF EXISTS search_doc_tsv',
    'ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv',
]

def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(f"search: no index backend for {schema_editor.connection.vendor}")
        for sql in statements:
            schema_editor.execute(sql, params=None)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
