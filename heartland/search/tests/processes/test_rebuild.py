"""`rebuild()`: a first build loads without secondary indexes and puts them all back; a run
that died half-way is healed by the next; worker processes give the same index as one."""
from __future__ import annotations

import pytest
from django.db import connection, transaction

from heartland.catalog.tests.factories import make_merchant
from heartland.search import tasks
from heartland.search.backends import backend_for
from heartland.search.indexing import rebuild
from heartland.search.models import SearchDocument, SearchText
from heartland.search.receivers import queue_reindex
from heartland.search.selectors import search_products

from ..conftest import make_listed_product

pytestmark = pytest.mark.django_db(transaction=True)


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        return {name for table in ("search_searchdocument", "search_searchtext")
                for name in connection.introspection.get_constraints(cursor, table)}


def handles(query: str) -> list[str]:
    return [h.handle for h in search_products(query, market="HK", log_zero=False).hits]


def snapshot() -> tuple[list, list]:
    docs = list(SearchDocument.objects.order_by("product_id").values())
    texts = list(SearchText.objects.order_by("product_id").values_list(
        "product_id", "title_tokens", "tags_tokens", "body_tokens", "extra_tokens", "haystack", "merchant_slug"))
    return docs, texts


def empty_index() -> None:
    SearchDocument.objects.all().delete()
    SearchText.objects.all().delete()


@pytest.fixture
def catalog():
    merchant = make_merchant()
    return [make_listed_product(merchant=merchant, handle=f"test-rebuild-{i}", title_en=f"Rebuild Clover Honey {i}",
                                title_zh=f"重建三叶草蜂蜜{i}") for i in range(7)]


def test_a_first_build_puts_every_index_back_and_search_works(catalog):
    names = index_names()
    if connection.vendor == "postgresql":
        assert {"search_doc_tsv", "search_text_haystack_trgm", "search_doc_facets"} <= names
    empty_index()
    report = rebuild(batch_size=3)
    assert report.products >= 7 and report.listed >= 7
    assert index_names() == names
    assert sorted(handles("rebuild clover")) == sorted(p.handle for p in catalog)
    assert "test-rebuild-3" in handles("chongjian")


def test_a_run_that_died_mid_load_is_healed_by_the_next(catalog):
    names = index_names()
    empty_index()
    backend_for().begin_bulk_load()  # … and the process dies here: indexes (on PostgreSQL) gone
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS search_doc_state")
    assert "search_doc_state" not in index_names()
    rebuild()
    assert index_names() == names
    assert len(handles("rebuild clover")) == 7


def test_worker_processes_build_the_same_index_as_one(catalog):
    assert not connection.in_atomic_block  # or rebuild() would quietly use one process
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite database cannot be shared with worker processes "
                    "(this runs on PostgreSQL in .ci/run)")
    rebuild(jobs=1)
    one = snapshot()
    empty_index()
    report = rebuild(jobs=2, batch_size=2)
    assert report.products >= 7
    assert snapshot() == one
    assert sorted(handles("rebuild clover")) == sorted(p.handle for p in catalog)
    # and the connection this process had is still usable
    assert SearchDocument.objects.count() == len(one[0])


def test_a_failing_index_update_never_undoes_the_catalog_change(monkeypatch, caplog):
    def broken(ids):
        raise RuntimeError("queue down")

    monkeypatch.setattr(tasks, "reindex_products", broken)
    with transaction.atomic():
        queue_reindex([1])
    assert "queue down" in caplog.text  # logged; the commit itself went through
