"""Holding stock for checkouts: all or nothing, expiry, and never oversold — even when 50
buyers race for the last 10 units."""
from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from heartland.catalog.tests.factories import make_merchant, make_product
from heartland.inventory.models import Reservation, StockLevel
from heartland.inventory.services import (
    SoldOut,
    convert_reservations,
    ensure_default_warehouse,
    expired_references,
    release_reservations,
    reserve,
    set_stock,
)


def _variant(stock: int):
    merchant = make_merchant()
    variant = make_product(merchant=merchant).variants.get()
    set_stock(variant=variant, warehouse=ensure_default_warehouse(merchant=merchant), on_hand=stock)
    return variant


def _level(variant) -> StockLevel:
    return StockLevel.objects.get(variant=variant)


@pytest.mark.django_db
def test_reserve_convert_and_release():
    v = _variant(5)
    reserve(reference="HL1", lines=[(v, 2)])
    assert (_level(v).on_hand, _level(v).reserved, _level(v).available) == (5, 2, 3)
    convert_reservations(reference="HL1")
    assert (_level(v).on_hand, _level(v).reserved) == (3, 0)
    reserve(reference="HL2", lines=[(v, 3)])
    release_reservations(reference="HL2")
    assert (_level(v).on_hand, _level(v).reserved) == (3, 0)
    assert convert_reservations(reference="HL2") == 0  # released holds are not sold


@pytest.mark.django_db
def test_all_or_nothing():
    a, b = _variant(5), _variant(1)
    with pytest.raises(SoldOut) as exc:
        with transaction.atomic():
            reserve(reference="HL3", lines=[(a, 2), (b, 2)])
    assert exc.value.available == 1 and "Only 1 left" in exc.value.message
    assert _level(a).reserved == 0 and not Reservation.objects.exists()


@pytest.mark.django_db
def test_expired_holds_are_found():
    v = _variant(5)
    reserve(reference="HL4", lines=[(v, 1)], minutes=1)
    assert expired_references() == []
    Reservation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert expired_references() == ["HL4"]


@pytest.mark.django_db
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stock=st.integers(0, 20), wants=st.lists(st.integers(1, 6), min_size=1, max_size=12),
       pay=st.lists(st.booleans(), min_size=12, max_size=12))
def test_stock_never_goes_negative_or_oversold(stock, wants, pay):
    v = _variant(stock)
    sold = 0
    for i, qty in enumerate(wants):
        try:
            with transaction.atomic():
                reserve(reference=f"P{i}", lines=[(v, qty)])
        except SoldOut:
            continue
        if pay[i]:
            convert_reservations(reference=f"P{i}")
            sold += qty
        else:
            release_reservations(reference=f"P{i}")
        level = _level(v)
        assert 0 <= level.reserved <= level.on_hand
    assert _level(v).on_hand == stock - sold and sold <= stock


@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_race_for_the_last_ten_units():
    v = _variant(10)
    results: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(50)

    def buyer(i: int) -> None:
        close_old_connections()
        try:
            start.wait()
            with transaction.atomic():
                reserve(reference=f"RACE{i}", lines=[(v, 1)])
            outcome = "ok"
        except SoldOut:
            outcome = "sold out"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=buyer, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 10 and results.count("sold out") == 40
    level = _level(v)
    assert (level.on_hand, level.reserved) == (10, 10)
    assert sum(Reservation.objects.values_list("quantity", flat=True)) == 10
    assert Decimal(level.available) == 0
