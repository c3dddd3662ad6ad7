"""The two index backends: SQLite FTS5 and PostgreSQL tsvector + pg_trgm.

Both index the same token columns of `SearchDocument` and run the same boolean query
(`query.py`); they differ only in how a match and its base relevance are written in SQL.
The backend is picked from the connection's vendor.

* **SQLite** — `search_fts` is an FTS5 table with external content (the document table),
  `unicode61 remove_diacritics 0` (it keeps our tokens whole); relevance is `bm25()` with column
  weights title 10, tags 4, body 1, extra 0.5. `search_frag` is an FTS5 `trigram` table over
  `haystack` for substring fallbacks. Triggers keep both in step with the document table.
* **PostgreSQL** — a `tsv` column on the (narrow) document table: `setweight(to_tsvector('simple',
  title_tokens), 'A') || … 'B' … 'C' … 'D'`, computed when the row is written, with a GIN index;
  relevance is `ts_rank('{0.05, 0.1, 0.4, 1}', tsv, q)` (D, C, B, A: the same ordering of fields).
  `search_searchtext.haystack` has a `pg_trgm` GIN index for the substring fallback
  (`LIKE '%…%'`).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connection as default_connection

from .models import SearchDocument, SearchText
from .query import Node, to_fts5, to_fts5_substrings, to_tsquery

TOKEN_COLUMNS = ("title_tokens", "tags_tokens", "body_tokens", "extra_tokens")
FIELD_COLUMNS = {"title": "title_tokens", "tags": "tags_tokens", "body": "body_tokens", "extra": "extra_tokens"}
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.5)
TS_RANK_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"  # D, C, B, A
TABLE = "search_searchtext"
DOC_TABLE = "search_searchdocument"

_COLS = ", ".join(TOKEN_COLUMNS)
_NEW = ", ".join(f"new.{c}" for c in TOKEN_COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in TOKEN_COLUMNS)
_CHANGED = " OR ".join(f"old.{c} IS NOT new.{c}" for c in TOKEN_COLUMNS)

SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        {_COLS}, content='{TABLE}', content_rowid='product_id',
        tokenize='unicode61 remove_diacritics 0')""",
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_frag USING fts5(
        haystack, content='{TABLE}', content_rowid='product_id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS search_doc_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO search_fts(rowid, {_COLS}) VALUES (new.product_id, {_NEW});
        INSERT INTO search_frag(rowid, haystack) VALUES (new.product_id, new.haystack);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_doc_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_COLS}) VALUES ('delete', old.product_id, {_OLD});
        INSERT INTO search_frag(search_frag, rowid, haystack) VALUES ('delete', old.product_id, old.haystack);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_doc_au_fts AFTER UPDATE ON {TABLE}
        WHEN old.product_id IS NOT new.product_id OR {_CHANGED} BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_COLS}) VALUES ('delete', old.product_id, {_OLD});
        INSERT INTO search_fts(rowid, {_COLS}) VALUES (new.product_id, {_NEW});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_doc_au_frag AFTER UPDATE ON {TABLE}
        WHEN old.product_id IS NOT new.product_id OR old.haystack IS NOT new.haystack BEGIN
        INSERT INTO search_frag(search_frag, rowid, haystack) VALUES ('delete', old.product_id, old.haystack);
        INSERT INTO search_frag(rowid, haystack) VALUES (new.product_id, new.haystack);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_doc_ai", "DROP TRIGGER IF EXISTS search_doc_ad",
    "DROP TRIGGER IF EXISTS search_doc_au_fts", "DROP TRIGGER IF EXISTS search_doc_au_frag",
    "DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_frag",
]

# PostgreSQL keeps the tsvector on the document table, computed when the row is written (from
# SearchText's token columns). toast_tuple_target 128 and STORAGE EXTERNAL (uncompressed, so
# ts_rank reads it quickly) move it out of line — but PostgreSQL only toasts rows over ~2 kB, so
# smaller tsvectors stay inline and a broad match reads wide rows (docs/search.md, 1,000,000
# products).
TSV_EXPRESSION = " || ".join(f"setweight(to_tsvector('simple'::regconfig, %s), '{w}')" for w in "ABCD")
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"ALTER TABLE {DOC_TABLE} ADD COLUMN IF NOT EXISTS tsv tsvector",
    f"ALTER TABLE {DOC_TABLE} ALTER COLUMN tsv SET STORAGE EXTERNAL",
    f"ALTER TABLE {DOC_TABLE} SET (toast_tuple_target = 128)",
    f"CREATE INDEX IF NOT EXISTS search_doc_tsv ON {DOC_TABLE} USING gin (tsv)",
    f"CREATE INDEX IF NOT EXISTS search_text_haystack_trgm ON {TABLE} USING gin (haystack gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_text_haystack_trgm", "DROP INDEX IF EXISTS search_doc_tsv",
    f"ALTER TABLE {DOC_TABLE} DROP COLUMN IF EXISTS tsv",
]


@dataclass
class MatchSQL:
    """How one backend writes "documents matching this query" (aliases: d = the document table)."""

    from_sql: str
    where: list[str]
    params: list
    score_sql: str          # base relevance, higher is better
    score_params: list
    # The order in which candidates are read when a query may stop early (bounded counts): one
    # the index gives without reading every match; "" for whatever order the plan gives.
    candidate_order: str = ""


def _table_indexes(models_) -> list[tuple[type, object]]:
    """(model, Index) for the Meta indexes of these models."""
    return [(model, index) for model in models_ for index in model._meta.indexes]


def ensure_model_indexes(connection=None) -> list[str]:
    """Create any Meta index of the search tables that is missing (a bulk load that died
    before putting them back). Returns the names created."""
    connection = connection or default_connection
    created = []
    with connection.cursor() as cursor:
        existing = set()
        for model in (SearchDocument, SearchText):
            existing |= set(connection.introspection.get_constraints(cursor, model._meta.db_table))
    missing = [(m, i) for m, i in _table_indexes((SearchDocument, SearchText)) if i.name not in existing]
    if missing:
        # The index's own CREATE INDEX, run as plain SQL: usable inside a transaction (SQLite's
        # schema editor is not).
        editor = connection.schema_editor(atomic=False)
        with connection.cursor() as cursor:
            for model, index in missing:
                cursor.execute(str(index.create_sql(model, editor)))
                created.append(index.name)
    return created


class _Backend:
    """What both backends share: their schema objects are lists of statements (CREATE, DROP)."""

    CREATE: list[str] = []
    DROP: list[str] = []

    def create_schema(self, cursor) -> None:
        for sql in self.CREATE:
            cursor.execute(sql)

    def drop_schema(self, cursor) -> None:
        for sql in self.DROP:
            cursor.execute(sql)

    def ensure_indexes(self) -> None:
        ensure_model_indexes()


class SQLiteBackend(_Backend):
    vendor = "sqlite"
    CREATE = SQLITE_CREATE
    DROP = SQLITE_DROP
    # Extra document-table columns written with each row: (column, SQL expression, which token
    # fields feed it). SQLite needs none: its FTS tables follow SearchText through triggers.
    doc_extra_columns: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    # Rank every candidate (bm25 is cheap: FTS5 keeps what it needs in its own index).
    rank_cap = None

    @staticmethod
    def sellable(code: str, text: bool = True) -> str:
        return f"d.sell_{code.lower()}"

    @staticmethod
    def browse_from(sort: str, selective: bool) -> str:
        """Browsing reads the sort's covering index in order and stops after the bound: without
        statistics SQLite would rather fetch every product of a category or state and sort them
        (154 ms instead of 17 ms at 1,000,000 products). A selective filter (one merchant) keeps
        its own index: walking the sort's would read it all."""
        if selective or sort == "newest":
            return f"{DOC_TABLE} d"
        index = "search_doc_price" if sort.startswith("price") else "search_doc_browse"
        return f"{DOC_TABLE} d INDEXED BY {index}"

    def analyze_catalog(self) -> None:
        """SQLite plans these reads well without statistics."""

    def begin_bulk_load(self) -> None:
        """Nothing to gain: the FTS tables follow each row through triggers, and a load at
        this speed is bound by text analysis, not by SQLite."""

    def end_bulk_load(self) -> None:
        pass

    def optimize(self, cursor) -> None:
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        cursor.execute("INSERT INTO search_frag(search_frag) VALUES ('optimize')")

    def match(self, node: Node | None, substrings: list[str], columns: tuple[str, ...] | None) -> MatchSQL:
        where: list[str] = []
        params: list = []
        if node is not None:
            cols = tuple(FIELD_COLUMNS[c] for c in columns) if columns else None
            # CROSS JOIN: SQLite keeps the FTS match as the outer loop (never "for each row of an
            # index on a filter column, run the text match again").
            from_sql = f"search_fts CROSS JOIN {DOC_TABLE} d"
            where.append("d.product_id = search_fts.rowid")
            where.append("search_fts MATCH %s")
            params.append(to_fts5(node, cols))
            weights = ", ".join(str(w) for w in BM25_WEIGHTS)
            score = f"(-bm25(search_fts, {weights}))"
            # FTS5 walks its doclists in rowid order, either way, and stops at the LIMIT:
            # product ids grow with creation, so this is newest first.
            order = "search_fts.rowid DESC"
        else:
            from_sql = f"{DOC_TABLE} d"
            score = "1.0"
            order = ""  # word parts alone: driven by the trigram match, in its order
        if substrings:
            where.append("d.product_id IN (SELECT rowid FROM search_frag WHERE search_frag MATCH %s)")
            params.append(to_fts5_substrings(substrings))
        return MatchSQL(from_sql, where, params, score, [], order)

    @staticmethod
    def in_title(node: Node) -> tuple[str, list]:
        """SQL true when the title field matches `node` (the exact-phrase boost)."""
        return ("d.product_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                [to_fts5(node, ("title_tokens",))])


class PostgresBackend(_Backend):
    vendor = "postgresql"
    CREATE = POSTGRES_CREATE
    DROP = POSTGRES_DROP
    doc_extra_columns = (("tsv", TSV_EXPRESSION, TOKEN_COLUMNS),)
    # ts_rank reads each candidate's tsvector: for a broad query, rank the RANK_CAP
    # in-stock-then-newest candidates, not all of them (the hit set and total are unchanged).
    rank_cap = 1000

    @staticmethod
    def browse_from(sort: str, selective: bool) -> str:
        return f"{DOC_TABLE} d"

    @staticmethod
    def sellable(code: str, text: bool = True) -> str:
        # With a text match, wrapped so it is not an index condition: the planner would otherwise
        # AND the GIN bitmap with a scan of a whole b-tree for a flag most rows have.
        column = f"d.sell_{code.lower()}"
        return f"COALESCE({column}, FALSE)" if text else column

    def analyze_catalog(self) -> None:
        """Fresh planner statistics for the tables a rebuild reads. Right after a bulk load
        (seed_bulk, a large import) autovacuum has not caught up yet, and without statistics
        PostgreSQL reads every variant and stock row for each batch of 1,000 products."""
        with default_connection.cursor() as cursor:
            cursor.execute("ANALYZE catalog_product, catalog_variant, inventory_stocklevel, merchants_merchant")

    def begin_bulk_load(self) -> None:
        """Loading an empty index: drop every secondary index of both tables (the GIN ones
        above all); `end_bulk_load` builds them once, which is several times faster than
        maintaining them row by row."""
        qn = default_connection.ops.quote_name
        with default_connection.cursor() as cursor:
            for _, index in _table_indexes((SearchDocument, SearchText)):
                cursor.execute(f"DROP INDEX IF EXISTS {qn(index.name)}")
            for sql in POSTGRES_DROP[:2]:
                cursor.execute(sql)

    def end_bulk_load(self) -> None:
        with default_connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
        ensure_model_indexes()
        create_schema()
        with default_connection.cursor() as cursor:
            cursor.execute("RESET maintenance_work_mem")

    def optimize(self, cursor) -> None:
        """Fresh statistics; outside a transaction also VACUUM (flushes GIN's pending list)."""
        verb = "ANALYZE" if cursor.db.in_atomic_block else "VACUUM (ANALYZE)"
        for table in (DOC_TABLE, TABLE):
            cursor.execute(f"{verb} {table}")

    def match(self, node: Node | None, substrings: list[str], columns: tuple[str, ...] | None) -> MatchSQL:
        where: list[str] = []
        params: list = []
        score, score_params = "1.0", []
        from_sql = f"{DOC_TABLE} d"
        if substrings:
            from_sql += f" JOIN {TABLE} t ON t.product_id = d.product_id"
        if node is not None:
            q = to_tsquery(node, columns)
            where.append("d.tsv @@ %s::tsquery")
            params.append(q)
            score = f"ts_rank('{TS_RANK_WEIGHTS}'::float4[], d.tsv, %s::tsquery)"
            score_params = [q]
        for text in substrings:
            where.append("t.haystack LIKE %s")
            params.append("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        return MatchSQL(from_sql, where, params, score, score_params)

    @staticmethod
    def in_title(node: Node) -> tuple[str, list]:
        return (f"d.product_id IN (SELECT s.product_id FROM {DOC_TABLE} s WHERE s.tsv @@ %s::tsquery)",
                [to_tsquery(node, ("title",))])


def backend_for(connection=None):
    vendor = (connection or default_connection).vendor
    if vendor == "sqlite":
        return SQLiteBackend()
    if vendor == "postgresql":
        return PostgresBackend()
    raise ImproperlyConfigured(f"Search supports SQLite and PostgreSQL; this database is {vendor}.")


def create_schema(connection=None) -> None:
    """Create (idempotently) the vendor-specific index objects beside the document table."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        backend_for(connection).create_schema(cursor)
