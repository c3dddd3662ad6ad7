"""Two workers posting the same event at once post it once (SQLite: the write lock; PostgreSQL:
the unique key, ON CONFLICT waits for the other's commit)."""
from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from heartland.ledger import selectors, services
from heartland.ledger.math import accounts as A
from heartland.ledger.models import JournalEntry

from .factories import make_order

pytestmark = pytest.mark.django_db(transaction=True)


def _race(fn, n=4):
    barrier, errors = threading.Barrier(n), []

    def run():
        try:
            barrier.wait()
            fn()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_two_workers_posting_the_same_events_post_each_once():
    order = make_order(parts=[{"lines": [(Decimal("18.00"), 2, "agricultural")], "freight": Decimal("30"),
                               "tax": Decimal("9.10")}])
    mo = order.merchant_orders.get()
    _race(lambda: services.record_part_paid(merchant_order=mo))
    _race(lambda: services.record_part_accepted(merchant_order=mo))
    _race(lambda: services.record_refund_owed(key="return:9", order=order, amount=Decimal("50.00"),
                                              merchant_order=mo))
    assert sorted(JournalEntry.objects.values_list("kind", flat=True)) == ["accepted", "paid", "refund_owed"]
    assert mo.lines.get().commission.commission_minor >= 0
    assert all(v == 0 for v in selectors.totals_by_currency().values())
    assert selectors.balance(A.REFUNDS_OWED, "CNY") == -5000
