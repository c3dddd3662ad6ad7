"""For any sequence of order events — payments, cancels, acceptance, shipping, customs tax, delivery,
partial and full refunds, returns, expiry, late payments — each event posted twice: every entry
balances, every currency sums to zero, no farm is ever owed less than nothing, and each farm ends
owed exactly its goods value less commission less its share of the refunds."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartland.ledger import selectors, services
from heartland.ledger.math import accounts as A
from heartland.ledger.math import commission_minor, from_minor, pro_rata, to_minor
from heartland.ledger.models import JournalEntry

from .factories import make_order

pytestmark = pytest.mark.django_db

CURRENCIES = {"CNY": Decimal("7.3"), "JPY": Decimal("151.2"), "KRW": Decimal("1391.5"), "HKD": Decimal("7.8")}
CATEGORIES = ("agricultural", "food", "general", "cosmetics")
RATE = {"agricultural": Decimal("8.00"), "food": Decimal("10.00"), "general": Decimal("12.00"),
        "cosmetics": Decimal("12.00")}  # the opening rates (0002_default_commission_rates)

line = st.tuples(st.integers(1, 20000).map(lambda c: Decimal(c) / 100), st.integers(1, 4), st.sampled_from(CATEGORIES))
part = st.fixed_dictionaries({"lines": st.lists(line, min_size=1, max_size=3),
                              "freight": st.integers(0, 8000).map(Decimal),
                              "tax": st.integers(0, 5000).map(Decimal),
                              "bump": st.integers(0, 9).map(Decimal)})
ACTIONS = ("pay", "expire", "accept", "ship", "release", "deliver", "refund_all", "refund_some", "late")
actions = st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 1), st.integers(1, 100)), max_size=14)


def _post_twice(fn, **kw):
    first = fn(**kw)
    second = fn(**kw)
    if first is not None:
        assert second.pk == first.pk  # an event posted twice posts once
    return first


class Part:
    def __init__(self, mo):
        self.mo, self.status, self.refunded, self.refunds = mo, "pending_payment", 0, 0


def _check_books(merchants):
    assert selectors.unbalanced_entries() == []
    assert all(v == 0 for v in selectors.totals_by_currency().values())
    for m in merchants:
        b = selectors.balances_for_merchant(m)
        assert b["pending"] >= 0 and b["delivered"] >= 0  # never owed less than nothing


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(currency=st.sampled_from(sorted(CURRENCIES)), parts=st.lists(part, min_size=1, max_size=2), steps=actions)
def test_any_sequence_of_events_keeps_the_books(currency, parts, steps):
    rate = CURRENCIES[currency]
    order = make_order(currency=currency, rate=rate, parts=parts)
    ccy = currency
    ps = [Part(mo) for mo in order.merchant_orders.order_by("number")]
    order_status = "pending_payment"
    for action, which, size in steps:
        p = ps[which % len(ps)]
        mo, total = p.mo, to_minor(p.mo.total, ccy)
        if action == "pay" and order_status == "pending_payment":
            order_status = "paid"
            for q in ps:
                q.status = "paid"
                _post_twice(services.record_part_paid, merchant_order=q.mo)
        elif action == "expire" and order_status == "pending_payment":
            order_status = "cancelled"  # no money moved: nothing posted
            for q in ps:
                q.status = "cancelled"
        elif action == "late" and order_status == "cancelled":
            ref = f"PAYLATE{order.number}"
            _post_twice(services.record_late_payment, reference=ref, order=order, amount=order.total)
            _post_twice(services.record_refund_owed, key=f"late:{order.number}", order=order, amount=order.total,
                        late=True)
            _post_twice(services.record_refund_paid, reference=f"RFDLATE{order.number}", order=order,
                        amount=order.total)
        elif action == "accept" and p.status == "paid":
            p.status = "accepted"
            _post_twice(services.record_part_accepted, merchant_order=mo)
        elif action == "ship" and p.status == "accepted":
            p.status = "shipped"
            _post_twice(services.record_part_shipped, merchant_order=mo)
        elif action == "release" and p.status == "shipped":
            p.status = "released"
            assessed = max(to_minor(mo.total_tax, ccy) + size - 50, 0)
            _post_twice(services.record_customs_tax, merchant_order=mo, assessed_minor=assessed)
        elif action == "deliver" and p.status in ("shipped", "released"):
            p.status = "delivered"
            _post_twice(services.record_part_delivered, merchant_order=mo)
        elif action == "refund_all" and p.status in ("paid", "accepted", "shipped", "released", "delivered"):
            amount = total - p.refunded
            p.status = "refunded"
            if amount > 0:
                _post_twice(services.record_refund_owed, key=f"part:{mo.number}", order=order,
                            amount=from_minor(amount, ccy), merchant_order=mo)
                _post_twice(services.record_refund_paid, reference=f"RFD{mo.number}", order=order,
                            amount=from_minor(amount, ccy))
                p.refunded = total
        elif action == "refund_some" and p.status == "delivered":  # a return of some of the goods
            amount = min(max(total * size // 100, 1), total - p.refunded)
            if amount > 0:
                p.refunds += 1
                key = f"return:{mo.number}:{p.refunds}"
                _post_twice(services.record_refund_owed, key=key, order=order, amount=from_minor(amount, ccy),
                            merchant_order=mo)
                _post_twice(services.record_refund_paid, reference=f"RFD{key}", order=order,
                            amount=from_minor(amount, ccy))
                p.refunded += amount
        _check_books([q.mo.merchant_id for q in ps])

    # Every refund owed was paid back; what the provider holds is what was paid less refunds.
    assert selectors.balance(A.REFUNDS_OWED, ccy) == sum(
        e.data["amount"] for e in JournalEntry.objects.filter(order=order, kind="refund_owed")) - sum(
        e.data["amount"] for e in JournalEntry.objects.filter(order=order, kind="refund_paid")) == 0
    for p in ps:
        state = selectors.part_state(p.mo)
        owed = selectors.balances_for_merchant(p.mo.merchant_id)["total"]  # one part per farm here
        if not state.accepted:
            assert owed == 0
            continue
        gross = sum(to_minor(line.unit_price_usd * line.quantity, "USD") for line in p.mo.lines.all())
        commission = sum(commission_minor(to_minor(line.unit_price_usd * line.quantity, "USD"),
                                          RATE[line.tax_category]) for line in p.mo.lines.all())
        assert state.gross_usd == gross and state.commission_usd == commission
        assert gross == to_minor(p.mo.payout_usd, "USD")
        g = to_minor(p.mo.goods, ccy)
        taken = state.refunded_goods
        assert 0 <= taken <= g
        assert owed == (gross - pro_rata(gross, taken, g)) - (commission - pro_rata(commission, taken, g))
        if p.refunded >= to_minor(p.mo.total, ccy):
            assert taken == g and owed == 0  # refunded in full: the farm is owed nothing
        if p.refunded == 0:
            assert owed == gross - commission  # goods value less commission, exactly
        delivered = selectors.balance(A.farm_delivered(p.mo.merchant_id), "USD")
        assert (delivered != 0) <= (p.status in ("delivered", "refunded"))
