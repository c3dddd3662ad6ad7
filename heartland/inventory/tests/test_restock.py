"""Units a buyer sent back go back on the shelf: the merchant's own variants, whole units,
all or none, never past the ceiling."""
from __future__ import annotations

import pytest

from heartland.catalog.tests.factories import make_merchant, make_product
from heartland.core.errors import DomainError
from heartland.inventory.models import StockLevel
from heartland.inventory.services import MAX_STOCK, ensure_default_warehouse, restock_returned, set_stock

pytestmark = pytest.mark.django_db


def _on_hand(variant):
    return StockLevel.objects.filter(variant=variant).values_list("on_hand", flat=True).first()


def test_returned_units_are_added_to_the_default_warehouse():
    merchant = make_merchant()
    a = make_product(merchant=merchant, handle="a").variants.get()
    b = make_product(merchant=merchant, handle="b").variants.get()
    warehouse = ensure_default_warehouse(merchant=merchant)
    set_stock(variant=a, warehouse=warehouse, on_hand=5)
    StockLevel.objects.filter(variant=b).delete()
    levels = restock_returned(merchant=merchant, items=[(a, 2), (b, 1), (a, 0)])
    assert len(levels) == 2
    assert _on_hand(a) == 7 and _on_hand(b) == 1
    assert restock_returned(merchant=merchant, items=[]) == []


def test_another_merchants_variant_or_a_bad_count_changes_nothing():
    merchant, other = make_merchant(), make_merchant()
    mine = make_product(merchant=merchant, handle="mine").variants.get()
    theirs = make_product(merchant=other, handle="theirs").variants.get()
    set_stock(variant=mine, warehouse=ensure_default_warehouse(merchant=merchant), on_hand=3)
    with pytest.raises(DomainError, match="another merchant"):
        restock_returned(merchant=merchant, items=[(mine, 1), (theirs, 1)])
    for bad in (-1, 1.5, True, MAX_STOCK + 1):
        with pytest.raises(DomainError):
            restock_returned(merchant=merchant, items=[(mine, 1), (mine, bad)])
    assert _on_hand(mine) == 3
    set_stock(variant=mine, warehouse=ensure_default_warehouse(merchant=merchant), on_hand=MAX_STOCK)
    with pytest.raises(DomainError, match="between 0"):
        restock_returned(merchant=merchant, items=[(mine, 1)])
