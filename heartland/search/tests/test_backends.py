"""The index objects beside the document tables, and the plans that use them."""
from __future__ import annotations

import pytest
from django.db import connection

from heartland.search.analysis import parse_query
from heartland.search.backends import backend_for, create_schema
from heartland.search.models import SearchText
from heartland.search.query import Phrase, Term, to_fts5

from .conftest import make_listed_product

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL GIN")


def _plan(sql, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(str(r[-1]) for r in cursor.fetchall())
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(r[0] for r in cursor.fetchall())


def _match_sql(query: str, substrings=()):
    backend = backend_for()
    parsed = parse_query(query)
    m = backend.match(parsed.match if not substrings else None, list(substrings), None)
    return f"SELECT d.product_id FROM {m.from_sql} WHERE {' AND '.join(m.where)}", m.params


@sqlite_only
def test_sqlite_plans_use_fts5_and_stop_early(catalog):
    sql, params = _match_sql("牛肉干")
    assert "VIRTUAL TABLE INDEX" in _plan(sql, params)
    sql, params = _match_sql("", ["berry"])
    assert "search_frag VIRTUAL TABLE INDEX" in _plan(sql, params)
    # Bounded counts: candidates come from FTS5 newest first with no sort of every match, and
    # browsing reads the sort's index in order (a LIMIT can stop either early).
    m = backend_for().match(parse_query("牛肉干").match, [], None)
    bounded = (f"SELECT d.product_id FROM {m.from_sql} WHERE {' AND '.join(m.where)} "
               f"ORDER BY {m.candidate_order} LIMIT 10001")
    assert "TEMP B-TREE" not in _plan(bounded, m.params)
    browse = (f"SELECT d.product_id FROM {backend_for().browse_from('relevance', selective=False)} "
              "WHERE d.sell_hk AND d.category_id = 1 "
              "ORDER BY d.in_stock DESC, d.created_at DESC, d.product_id DESC LIMIT 10001")
    plan = _plan(browse, [])
    assert "COVERING INDEX search_doc_browse" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan


@postgres_only
def test_postgres_plans_use_the_gin_indexes(catalog):
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute("SET LOCAL enable_seqscan = off")  # the demo catalogue is tiny: make the planner show it can
    sql, params = _match_sql("牛肉干")
    assert "search_doc_tsv" in _plan(sql, params)
    for fragment in ("berry", "花旗参"):
        plan = _plan("SELECT t.product_id FROM search_searchtext t WHERE t.haystack LIKE %s", [f"%{fragment}%"])
        assert "search_text_haystack_trgm" in plan, plan


@sqlite_only
def test_fts_stays_consistent_through_edits_and_lost_triggers(catalog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_listed_product(handle="test-consistent", title_en="Consistent Honey", title_zh="一致蜂蜜")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        cursor.execute("INSERT INTO search_frag(search_frag, rank) VALUES ('integrity-check', 1)")
        cursor.execute("DROP TRIGGER search_doc_au_fts")  # as a table rebuild by a later migration would
    create_schema()
    SearchText.objects.filter(product_id=product.pk).update(title_tokens="changed 0z")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [to_fts5(Term("changed"))])
        assert cursor.fetchall() == [(product.pk,)]


def test_schema_creation_is_idempotent(catalog):
    create_schema()
    create_schema()
    backend = backend_for()
    node = Phrase(("牛", "肉", "干"))
    m = backend.match(node, [], ("title", "tags"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {m.from_sql} WHERE {' AND '.join(m.where)}", m.params)
        assert cursor.fetchone()[0] >= 5
