"""What retires the cached shopper pages (`pagecache.bump`, on commit): connected in StorefrontConfig.ready().

Product, variant, image and category writes; a merchant (suspended, renamed…); a market, an FX
rate or a positive-list edition (the taxes); a stock level saved (a merchant's count or a
restock); a reservation that takes a variant to zero or brings it back; a bulk catalog write;
the search index written (listings read it, and it may be written later, by the task worker).
A checkout that leaves a variant in stock retires nothing: its "N left" is at most
`pagecache.PAGE_SECONDS` old.
"""
from __future__ import annotations

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from heartland.catalog.models import Category, Product, ProductImage, Variant
from heartland.catalog.signals import products_bulk_written
from heartland.inventory.models import Reservation, ReservationStatus, StockLevel
from heartland.inventory.signals import stock_held
from heartland.markets.models import FxRate, Market, PositiveListEdition
from heartland.merchants.models import Merchant
from heartland.search.signals import index_written

from . import pagecache

_WATCHED = (Product, Variant, ProductImage, Category, Merchant, Market, FxRate, PositiveListEdition, StockLevel)


def _changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:
        pagecache.bump()


for _model in _WATCHED:
    post_save.connect(_changed, sender=_model, dispatch_uid=f"storefront_pages_saved_{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"storefront_pages_deleted_{_model.__name__}")


@receiver(products_bulk_written, dispatch_uid="storefront_pages_bulk_written")
@receiver(index_written, dispatch_uid="storefront_pages_index_written")
def _bulk_changed(sender, **kwargs) -> None:
    pagecache.bump()


# --- reservations: only a variant crossing zero ------------------------------------------------
def _pending(conn) -> dict[int, int]:
    pending = getattr(conn, "_storefront_stock_deltas", None)
    if pending is None:
        pending = conn._storefront_stock_deltas = {}
    return pending


@receiver(post_save, sender=Reservation, dispatch_uid="storefront_pages_reservation")
def _reservation_saved(sender, instance: Reservation, created: bool = False, raw: bool = False, **kwargs) -> None:
    """A new hold takes `quantity` from what is available; a released one gives it back; a paid
    one moves it from reserved to sold (available unchanged); paid units returned come back."""
    if raw:
        return
    if not created and instance.status == ReservationStatus.RELEASED:
        delta = instance.quantity  # a hold let go, or paid units put back on the shelf
    else:
        return
    _add({instance.variant_id: delta})


@receiver(stock_held, dispatch_uid="storefront_pages_stock_held")
def _stock_held(sender, deltas: dict[int, int], **kwargs) -> None:
    _add(deltas)  # new holds (a bulk insert: no post_save)


def _add(deltas: dict[int, int]) -> None:
    pending = _pending(transaction.get_connection())
    for variant_id, delta in deltas.items():
        pending[variant_id] = pending.get(variant_id, 0) + delta
    transaction.on_commit(_check_zero, robust=True)


def _check_zero() -> None:
    conn = transaction.get_connection()
    deltas = _pending(conn)
    conn._storefront_stock_deltas = {}
    if not deltas:
        return
    available = dict(StockLevel.objects.filter(variant_id__in=list(deltas)).values("variant_id")
                     .annotate(n=Sum(F("on_hand") - F("reserved"))).values_list("variant_id", "n"))
    for variant_id, delta in deltas.items():
        after = available.get(variant_id) or 0
        if (after > 0) != (after - delta > 0):
            pagecache.bump()
            return
