"""Setting stock, one variant or many: one set of rules, whoever writes (the portal, the
Shopify importer, the seeds)."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from heartland.catalog.tests.factories import make_merchant, make_product
from heartland.core.errors import DomainError
from heartland.inventory.models import StockLevel
from heartland.inventory.services import (
    MAX_STOCK,
    StockRefused,
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
    assert sorted(set_stock_many(warehouse=warehouse, counts=[(a, 8), (b, 3)])) == sorted([a.pk, b.pk])
    assert _on_hand(a, b) == [8, 3]
    assert set_stock_many(warehouse=warehouse, counts=[(a, 8), (b, 3)]) == []  # nothing changed
    assert set_stock_many(warehouse=warehouse, counts=[(a, 8), (b, 4)]) == [b.pk]


def test_one_read_however_many_variants():
    merchant, warehouse, a, b = _two_variants()
    c = make_product(merchant=merchant, handle="c").variants.get()
    set_stock(variant=a, warehouse=warehouse, on_hand=5)
    with CaptureQueriesContext(connection) as queries:
        set_stock_many(warehouse=warehouse, counts=[(a, 8), (b, 3), (c, 1)])
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1 and _on_hand(a, b, c) == [8, 3, 1]


@pytest.mark.parametrize("bad, code", [(-1, "stock_range"), (MAX_STOCK + 1, "stock_range"), (2.5, "stock_invalid"),
                                       (True, "stock_invalid"), ("7", "stock_invalid")])
def test_the_bulk_forms_refuse_what_set_stock_refuses_and_write_nothing(bad, code):
    _, warehouse, a, b = _two_variants()
    with pytest.raises(DomainError) as single:
        set_stock(variant=a, warehouse=warehouse, on_hand=bad)
    with pytest.raises(StockRefused) as many:
        set_stock_many(warehouse=warehouse, counts=[(b, 4), (a, bad)])
    assert single.value.code == many.value.code == code
    assert list(many.value.refused) == [a.pk] and many.value.refused[a.pk].message == single.value.message
    with pytest.raises(DomainError) as seeded:
        stock_new_variants(levels=[(b.pk, warehouse.pk, 4), (a.pk, warehouse.pk, bad)])
    assert seeded.value.code == code
    assert _on_hand(a, b) == [None, None]


def test_another_merchants_variant_is_refused():
    _, warehouse, a, _ = _two_variants()
    stranger = make_product(merchant=make_merchant(), handle="theirs").variants.get()
    with pytest.raises(DomainError) as single:
        set_stock(variant=stranger, warehouse=warehouse, on_hand=9)
    with pytest.raises(StockRefused) as many:
        set_stock_many(warehouse=warehouse, counts=[(a, 2), (stranger, 9)])
    assert single.value.code == many.value.code == "wrong_warehouse" and list(many.value.refused) == [stranger.pk]
    assert _on_hand(a, stranger) == [None, None]


def test_never_below_what_buyers_hold_all_or_nothing_naming_every_variant():
    merchant, warehouse, a, b = _two_variants()
    c = make_product(merchant=merchant, handle="c").variants.get()
    set_stock_many(warehouse=warehouse, counts=[(a, 10), (b, 10), (c, 10)])
    reserve(reference="HL-T-1", lines=[(a, 6), (c, 2)])
    with pytest.raises(DomainError) as single:
        set_stock(variant=a, warehouse=warehouse, on_hand=5)
    with pytest.raises(StockRefused) as many:
        set_stock_many(warehouse=warehouse, counts=[(b, 1), (a, 5), (c, 1)])
    assert single.value.code == many.value.code == "below_reserved"
    assert {pk: e.message for pk, e in many.value.refused.items()} == {
        a.pk: "6 units are reserved for buyers' checkouts; stock cannot go below that.",
        c.pk: "2 units are reserved for buyers' checkouts; stock cannot go below that.",
    }
    assert _on_hand(a, b, c) == [10, 10, 10]
    set_stock_many(warehouse=warehouse, counts=[(a, 6), (b, 1), (c, 2)])
    assert _on_hand(a, b, c) == [6, 1, 2]


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
            set_stock_many(warehouse=warehouse, counts=[(a, count), (b, count)])
        except StockRefused as exc:
            assert not expected_ok and list(exc.refused) == [a.pk]
        else:
            assert expected_ok and _on_hand(a, b) == [count, count]
        level = StockLevel.objects.get(variant=a)
        assert level.on_hand >= level.reserved == held
