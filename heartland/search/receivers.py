"""Index updates on commit: connected in SearchConfig.ready().

Saving or deleting a product, variant, stock level, merchant or category records what changed
for the current transaction; when it commits, one Huey task re-indexes the affected products
(`tasks.reindex_products`). A merchant change re-indexes all its products, a category change
all the products under it. A market opening or closing (or changing its customs mode), or a new
positive list, re-indexes everything (`tasks.reindex_all`). Rolled-back work queues nothing.

Bulk writers that bypass model signals (the Shopify importer's `insert_rows`/`bulk_update`)
send `catalog.signals.products_bulk_written(product_ids)` inside their transaction, which
queues those products the same way; `seed_bulk` runs `manage.py reindex` afterwards.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from heartland.catalog.models import Category, Product, Variant
from heartland.catalog.signals import products_bulk_written
from heartland.inventory.models import StockLevel
from heartland.markets.models import FxRate, Market, PositiveListEdition
from heartland.merchants.models import Merchant

from . import tasks
from .models import SearchDocument
from .services import clear_caches

log = logging.getLogger(__name__)
TASK_CHUNK = 5000


@dataclass
class _Pending:
    products: set[int] = field(default_factory=set)
    variants: set[int] = field(default_factory=set)
    merchants: set[int] = field(default_factory=set)
    categories: set[int] = field(default_factory=set)
    everything: bool = False

    def __bool__(self) -> bool:
        return bool(self.products or self.variants or self.merchants or self.categories or self.everything)


def _state(conn) -> _Pending:
    state = getattr(conn, "_search_pending", None)
    if state is None:
        state = conn._search_pending = _Pending()
    return state


def _queue(kind: str, ids=()) -> None:
    conn = transaction.get_connection()
    state = _state(conn)
    if kind == "everything":
        state.everything = True
    else:
        getattr(state, kind).update(i for i in ids if i is not None)
    # Every change registers a callback (a savepoint rolled back takes its own with it); the
    # first to run at commit re-indexes everything pending, the others find nothing to do.
    transaction.on_commit(_flush, robust=True)


def queue_reindex(product_ids) -> None:
    """Re-index these products when the current transaction commits (now, outside one)."""
    _queue("products", product_ids)


def _flush() -> None:
    conn = transaction.get_connection()
    state = _state(conn)
    conn._search_pending = _Pending()
    if not state:
        return
    if state.everything:
        tasks.reindex_all()
        return
    ids = set(state.products)
    if state.variants:
        ids.update(Variant.objects.filter(pk__in=state.variants).values_list("product_id", flat=True))
    if state.merchants:
        ids.update(Product.objects.filter(merchant_id__in=state.merchants).values_list("pk", flat=True))
        ids.update(SearchDocument.objects.filter(merchant_id__in=state.merchants).values_list("product_id", flat=True))
    if state.categories:
        cats = set(state.categories) | set(Category.objects.filter(parent_id__in=state.categories).values_list("pk", flat=True))
        ids.update(Product.objects.filter(category_id__in=cats).values_list("pk", flat=True))
    ordered = sorted(ids)
    for start in range(0, len(ordered), TASK_CHUNK):
        tasks.reindex_products(ordered[start:start + TASK_CHUNK])


# --- receivers ----------------------------------------------------------------------------------
@receiver(products_bulk_written, dispatch_uid="search_products_bulk_written")
def _products_bulk_written(sender, product_ids, **kwargs) -> None:
    queue_reindex(product_ids)


@receiver(post_save, sender=Product, dispatch_uid="search_product_saved")
@receiver(post_delete, sender=Product, dispatch_uid="search_product_deleted")
def _product_changed(sender, instance: Product, **kwargs) -> None:
    _queue("products", [instance.pk])


@receiver(post_save, sender=Variant, dispatch_uid="search_variant_saved")
@receiver(post_delete, sender=Variant, dispatch_uid="search_variant_deleted")
def _variant_changed(sender, instance: Variant, **kwargs) -> None:
    _queue("products", [instance.product_id])


@receiver(post_save, sender=StockLevel, dispatch_uid="search_stock_saved")
@receiver(post_delete, sender=StockLevel, dispatch_uid="search_stock_deleted")
def _stock_changed(sender, instance: StockLevel, **kwargs) -> None:
    _queue("variants", [instance.variant_id])


@receiver(post_save, sender=Merchant, dispatch_uid="search_merchant_saved")
@receiver(post_delete, sender=Merchant, dispatch_uid="search_merchant_deleted")
def _merchant_changed(sender, instance: Merchant, **kwargs) -> None:
    cache.delete("search:merchants")  # facet labels
    _queue("merchants", [instance.pk])


@receiver(post_save, sender=Category, dispatch_uid="search_category_saved")
def _category_changed(sender, instance: Category, created: bool = False, **kwargs) -> None:
    cache.delete("search:categories")
    if not created:
        _queue("categories", [instance.pk])


@receiver(post_save, sender=FxRate, dispatch_uid="search_fx_rate_saved")
def _rate_changed(sender, instance: FxRate, **kwargs) -> None:
    clear_caches()  # price buckets and price filters use the rate in force


@receiver(pre_save, sender=Market, dispatch_uid="search_market_before")
def _market_before(sender, instance: Market, raw: bool = False, **kwargs) -> None:
    if instance.pk and not raw:
        instance._search_before = (Market.objects.filter(pk=instance.pk)
                                   .values_list("is_open", "default_mode").first())


@receiver(post_save, sender=Market, dispatch_uid="search_market_saved")
def _market_saved(sender, instance: Market, created: bool = False, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    cache.delete(f"search:market:{instance.code}")
    before = getattr(instance, "_search_before", None)
    if created or before != (instance.is_open, instance.default_mode):
        _queue("everything")


@receiver(post_delete, sender=Market, dispatch_uid="search_market_deleted")
@receiver(post_save, sender=PositiveListEdition, dispatch_uid="search_positive_list_saved")
@receiver(post_delete, sender=PositiveListEdition, dispatch_uid="search_positive_list_deleted")
def _rules_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        _queue("everything")
