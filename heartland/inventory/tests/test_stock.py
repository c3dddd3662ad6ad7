"""Setting stock, one variant or many: one set of rules, whoever writes (the portal, the
Shopify importer, the seeds)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from heartland.catalog.tests.factories import make_merchant, make_product
from heartland.core.errors import DomainError
from heartland.inventory.models import StockLevel
from heartland.inventory.services import (
    MAX_STOCK,
    ensure_default_warehouse,
    reserve,
    set_stock,
    set_stock_many,
    stock_new_variants,
)

pytestmark = pytest.mark.django_db


def _two_variants():
    merchant = make_merchant()
    a = make_product(merchant=merchant, handle="a").variants.get()
    b = make_product(merchant=merchant, handle="b").variants.get()
    return merchant, ensure_default_warehouse(merchant=merchant), a, b


def _on_hand(*variants):
    levels = dict(StockLevel.objects.filter(variant__in=variants).values_list("variant_id", "on_hand"))
    return [levels.get(v.pk) for v in variants]


def test_many_counts_are_created_and_changed_in_one_call():
    _, warehouse, a, b = _two_variants()
    set_stock(variant=a, warehouse=warehouse, on_hand=5)
    assert set_stock_many(warehouse=warehouse, quantities={a.pk: 8, b.pk: 3}) == 2
    assert _on_hand(a, b) == [8, 3]
    assert set_stock_many(warehouse=warehouse, quantities={a.pk: 8, b.pk: 3}) == 0  # nothing changed


@pytest.mark.parametrize("bad, code", [(-1, "stock_range"), (MAX_STOCK + 1, "stock_range"), (2.5, "stock_invalid"),
                                       (True, "stock_invalid"), ("7", "stock_invalid")])
def test_the_bulk_form_refuses_what_set_stock_refuses_and_writes_nothing(bad, code):
    _, warehouse, a, b = _two_variants()
    with pytest.raises(DomainError) as single:
        set_stock(variant=a, warehouse=warehouse, on_hand=bad)
    with pytest.raises(DomainError) as many:
        set_stock_many(warehouse=warehouse, quantities={b.pk: 4, a.pk: bad})
    assert single.value.code == many.value.code == code
    with pytest.raises(DomainError):
        stock_new_variants(levels=[(b.pk, warehouse.pk, 4), (a.pk, warehouse.pk, bad)])
    assert _on_hand(a, b) == [None, None]


def test_another_merchants_variant_is_refused():
    _, warehouse, a, _ = _two_variants()
    stranger = make_product(merchant=make_merchant(), handle="theirs").variants.get()
    with pytest.raises(DomainError) as exc:
        set_stock_many(warehouse=warehouse, quantities={a.pk: 2, stranger.pk: 9})
    assert exc.value.code == "wrong_warehouse" and _on_hand(a, stranger) == [None, None]


def test_never_below_what_buyers_hold_all_or_nothing():
    _, warehouse, a, b = _two_variants()
    set_stock_many(warehouse=warehouse, quantities={a.pk: 10, b.pk: 10})
    reserve(reference="HL-T-1", lines=[(a, 6)])
    with pytest.raises(DomainError) as exc:
        set_stock_many(warehouse=warehouse, quantities={b.pk: 1, a.pk: 5})
    assert exc.value.code == "below_reserved" and "6 units are reserved" in exc.value.message
    assert _on_hand(a, b) == [10, 10]
    set_stock_many(warehouse=warehouse, quantities={a.pk: 6, b.pk: 1})
    assert _on_hand(a, b) == [6, 1]


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=st.lists(st.integers(0, 50), min_size=1, max_size=6), held=st.integers(0, 50))
def test_bulk_and_single_agree_on_every_count(counts, held):
    """Whatever the counts, the bulk form ends where set_stock one by one would have."""
    _, warehouse, a, b = _two_variants()
    set_stock(variant=a, warehouse=warehouse, on_hand=50)
    set_stock(variant=b, warehouse=warehouse, on_hand=50)
    reserve(reference=f"HL-P-{held}", lines=[(a, held)] if held else [])
    for count in counts:
        expected_ok = count >= held
        try:
            set_stock_many(warehouse=warehouse, quantities={a.pk: count, b.pk: count})
        except DomainError:
            assert not expected_ok
        else:
            assert expected_ok and _on_hand(a, b) == [count, count]
        level = StockLevel.objects.get(variant=a)
        assert level.on_hand >= level.reserved == held
