"""The index follows the catalog on commit: products, variants, stock, merchants, bulk writes."""
from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from heartland.catalog.models import Product, ProductStatus, Variant
from heartland.catalog.services import VariantInput, save_product, save_variant
from heartland.catalog.signals import products_bulk_written
from heartland.catalog.tests.factories import make_merchant
from heartland.inventory.models import StockLevel
from heartland.inventory.services import set_stock
from heartland.merchants.services import approve_merchant, reject_merchant
from heartland.search import tasks
from heartland.search.indexing import index_products, rebuild
from heartland.search.models import SearchDocument, SearchText
from heartland.search.receivers import queue_reindex
from heartland.search.selectors import index_generation, search_products
from heartland.search.tasks import reindex_products

from .conftest import make_listed_product

pytestmark = pytest.mark.django_db


def handles(query, market="HK", **kw):
    return [h.handle for h in search_products(query, market=market, log_zero=False, **kw).hits]


def test_a_new_product_is_indexed_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        product = make_listed_product(handle="test-prairie-honey", title_en="Prairie Clover Honey", title_zh="草原三叶草蜂蜜")
    assert len(callbacks) >= 1
    doc = SearchDocument.objects.get(product_id=product.pk)
    assert doc.in_stock and doc.sell_cn and doc.sell_hk and doc.min_price_usd == Decimal("12.00")
    assert SearchText.objects.get(product_id=product.pk).title_zh_hans == "草原三叶草蜂蜜"
    for query in ("草原三叶草蜂蜜", "prairie clover", "caoyuan", "蜂蜜"):
        assert "test-prairie-honey" in handles(query), query


def test_nothing_is_indexed_before_commit_or_after_rollback(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        product = make_listed_product(handle="test-uncommitted", title_en="Uncommitted Honey")
    assert not SearchDocument.objects.filter(product_id=product.pk).exists()


def test_edits_unpublishing_and_deleting_follow(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_listed_product(handle="test-edit", title_en="Buckwheat Honey", title_zh="荞麦蜂蜜")
    with django_capture_on_commit_callbacks(execute=True):
        save_product(merchant=product.merchant, product=product,
                     fields={"title_en": "Dark Buckwheat Honey", "title_zh_hans": "深色荞麦蜂蜜"})
    assert SearchText.objects.get(product_id=product.pk).title_zh_hant == "深色蕎麥蜂蜜"
    assert "test-edit" in handles("深色荞麦")
    assert "test-edit" in handles("深色蕎麥")  # Traditional finds it too
    with django_capture_on_commit_callbacks(execute=True):
        save_product(merchant=product.merchant, product=product, fields={"status": ProductStatus.DRAFT})
    assert not SearchDocument.objects.filter(product_id=product.pk).exists()
    assert "test-edit" not in handles("荞麦蜂蜜")
    with django_capture_on_commit_callbacks(execute=True):
        save_product(merchant=product.merchant, product=product, fields={"status": ProductStatus.ACTIVE})
    assert "test-edit" in handles("荞麦蜂蜜")
    with django_capture_on_commit_callbacks(execute=True):
        save_product(merchant=product.merchant, product=product, fields={"status": ProductStatus.ARCHIVED})
    assert "test-edit" not in handles("荞麦蜂蜜")
    with django_capture_on_commit_callbacks(execute=True):
        save_product(merchant=product.merchant, product=product, fields={"status": ProductStatus.ACTIVE})
        pk = product.pk
    with django_capture_on_commit_callbacks(execute=True):
        Product.objects.get(pk=pk).delete()
    assert not SearchDocument.objects.filter(product_id=pk).exists()
    assert not SearchText.objects.filter(product_id=pk).exists()


def test_stock_and_variants_follow(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_listed_product(handle="test-stock", title_en="Sourwood Honey", price="20.00", stock=5)
    variant = product.variants.get()
    level = StockLevel.objects.get(variant=variant)
    with django_capture_on_commit_callbacks(execute=True):
        set_stock(variant=variant, warehouse=level.warehouse, on_hand=0)
    assert not SearchDocument.objects.get(product_id=product.pk).in_stock
    assert "test-stock" not in handles("sourwood", in_stock=True)
    assert "test-stock" in handles("sourwood")
    with django_capture_on_commit_callbacks(execute=True):
        save_variant(product=product, data=VariantInput(price_usd=Decimal("9.50"), option1="Small", sku="test-stock-small",
                                                        hs_code="04090000", tax_category="agricultural"))
    assert SearchDocument.objects.get(product_id=product.pk).min_price_usd == Decimal("9.50")
    with django_capture_on_commit_callbacks(execute=True):
        Variant.objects.filter(product=product).delete()
    assert not SearchDocument.objects.filter(product_id=product.pk).exists()  # no variants: not listed


def test_unapproving_a_merchant_removes_all_its_products(django_capture_on_commit_callbacks):
    merchant = make_merchant(slug="test-suspended-farm")
    with django_capture_on_commit_callbacks(execute=True):
        a = make_listed_product(merchant=merchant, handle="test-m-a", title_en="Linden Honey")
        b = make_listed_product(merchant=merchant, handle="test-m-b", title_en="Basswood Honey")
    assert SearchDocument.objects.filter(merchant_id=merchant.pk).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        reject_merchant(merchant=merchant, by=None, reason="Suspended while we check the certificates.")
    assert not SearchDocument.objects.filter(product_id__in=[a.pk, b.pk]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        approve_merchant(merchant=merchant, by=None)
    assert SearchDocument.objects.filter(product_id__in=[a.pk, b.pk]).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        merchant.trading_name = "Linden Lane Apiary"
        merchant.save()
    assert set(SearchText.objects.filter(product_id__in=[a.pk, b.pk]).values_list("merchant_name", flat=True)) == \
        {"Linden Lane Apiary"}


def test_unsellable_products_are_kept_out_of_that_market_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ginseng = make_listed_product(handle="test-ginseng", title_en="Test Ginseng Root", title_zh="测试花旗参",
                                      hs_code="12112011", category_slug="american-ginseng")
        no_hs = make_listed_product(handle="test-no-hs", title_en="Mystery Honey", hs_code="")
    doc = SearchDocument.objects.get(product_id=ginseng.pk)
    assert not doc.sell_cn and doc.sell_hk and doc.sell_sg
    assert "test-ginseng" in handles("测试花旗参", market="HK")
    assert "test-ginseng" not in handles("测试花旗参", market="CN")
    assert not SearchDocument.objects.filter(product_id=no_hs.pk).exists()  # sellable nowhere


def test_one_task_per_transaction(django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    monkeypatch.setattr(tasks, "reindex_products", lambda ids: calls.append(list(ids)))
    with django_capture_on_commit_callbacks(execute=True):
        product = make_listed_product(handle="test-once", title_en="Once Honey")  # product, variant, stock
    assert calls == [[product.pk]]


def test_the_task_is_safe_to_run_twice_and_the_rebuild_cleans_up(django_capture_on_commit_callbacks):
    product = make_listed_product(handle="test-twice", title_en="Twice Honey")  # on_commit never ran
    assert not SearchDocument.objects.filter(product_id=product.pk).exists()
    reindex_products.call_local([product.pk])
    reindex_products.call_local([product.pk])
    assert SearchDocument.objects.filter(product_id=product.pk).count() == 1
    assert handles("twice honey") == ["test-twice"]
    Product.objects.filter(pk=product.pk).update(status=ProductStatus.DRAFT)  # bypasses signals
    report = rebuild()
    assert report.products >= 1 and not SearchDocument.objects.filter(product_id=product.pk).exists()
    assert handles("twice honey") == []
    assert index_products([]) == 0 and index_products([10**12]) == 0


def test_bulk_writers_queue_a_reindex(django_capture_on_commit_callbacks):
    product = make_listed_product(handle="test-bulk", title_en="Bulk Honey")
    with django_capture_on_commit_callbacks(execute=True):
        Product.objects.filter(pk=product.pk).update(title_en="Bulk Goldenrod Honey")
        queue_reindex([product.pk])
    assert "test-bulk" in handles("goldenrod")


def test_products_bulk_written_reindexes_when_the_writer_commits_and_not_when_it_rolls_back(
        django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_listed_product(handle="test-bulk-signal", title_en="Bulk Signal Honey")
    reindexed, reindex = [], tasks.reindex_products
    monkeypatch.setattr(tasks, "reindex_products", lambda ids: (reindexed.append(list(ids)), reindex(ids)))

    # A bulk writer (QuerySet.update: no model signals) says what it changed, inside its transaction.
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            Product.objects.filter(pk=product.pk).update(title_en="Bulk Signal Goldenrod Honey")
            products_bulk_written.send(sender="test", product_ids=[product.pk])
            assert reindexed == []  # not before the commit
    assert reindexed == [[product.pk]]
    assert handles("goldenrod") == ["test-bulk-signal"]

    reindexed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with contextlib.suppress(RuntimeError), transaction.atomic():
            Product.objects.filter(pk=product.pk).update(title_en="Bulk Signal Buckwheat Honey")
            products_bulk_written.send(sender="test", product_ids=[product.pk])
            raise RuntimeError("the batch failed")
    assert reindexed == []
    assert handles("buckwheat") == [] and handles("goldenrod") == ["test-bulk-signal"]


def test_reindex_command(capsys):
    product = make_listed_product(handle="test-command", title_en="Command Honey")
    call_command("reindex", "--product", str(product.pk))
    assert "1 listed" in capsys.readouterr().out
    call_command("reindex", "--batch-size", "50")
    out = capsys.readouterr().out
    assert "listed" in out and "products/s" in out
    assert SearchDocument.objects.filter(product_id=product.pk).exists()


def test_cached_browse_counts_survive_a_reindex_that_changes_nothing(django_capture_on_commit_callbacks):
    product = make_listed_product(handle="test-steady", title_en="Steady Honey", stock=50)
    index_products([product.pk])
    before = index_generation()
    assert index_products([product.pk]) == 1  # nothing changed (a sale that leaves it in stock)
    assert index_generation() == before
    Product.objects.filter(pk=product.pk).update(title_en="Steady Clover Honey")
    index_products([product.pk])
    assert index_generation() > before  # a real change: cached browse counts are dropped
    assert handles("steady clover") == ["test-steady"]
