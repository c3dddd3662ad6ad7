"""A settled order leaves nothing on the conversion position: the prepaid import tax in the settled
amount was never converted (it is owed to customs in the shopper's currency), so the settlement
puts it to ``tax:remittance`` and relieves ``fx:conversion`` by exactly what it holds."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from heartland.ledger import selectors, services
from heartland.ledger.math import accounts as A
from heartland.ledger.math import to_minor
from heartland.ledger.models import JournalEntry
from heartland.payments.models import Payment
from heartland.payments.wire import BEIJING
from heartland.payouts import services as payouts

from .factories import make_order

pytestmark = pytest.mark.django_db
HEADER = "trade_id,gross,fee,refund,net,currency,settlement_rate,settlement_date\n"


def _order_through_delivery(*, refund: Decimal | None = None):
    order = make_order(rate=Decimal("7.3"), status="paid", parts=[
        {"lines": [(Decimal("18.00"), 2, "agricultural"), (Decimal("7.50"), 1, "food")],
         "freight": Decimal("45"), "tax": Decimal("12.30"), "bump": Decimal("0.40")},
        {"lines": [(Decimal("25.01"), 1, "food")], "freight": Decimal("30.07"), "tax": Decimal("8.13")}])
    parts = list(order.merchant_orders.order_by("id"))
    for mo in parts:
        services.record_part_paid(merchant_order=mo)
        services.record_part_accepted(merchant_order=mo)
    if refund:  # a partial refund before the part ships: goods, freight and tax shares come back
        services.record_refund_owed(key="part-adjust:1", order=order, amount=refund, merchant_order=parts[0])
        services.record_refund_paid(reference="RFD1", order=order, amount=refund)
    for mo in parts:
        services.record_part_shipped(merchant_order=mo)
        services.record_customs_tax(merchant_order=mo)
        services.record_part_delivered(merchant_order=mo)
    return order


def _settle(order, *, refunded=Decimal(0)):
    Payment.objects.create(
        reference="PAY1", purpose_reference=order.number, subject="x", amount=order.total, currency="CNY",
        provider="sandbox", status="partially_refunded" if refunded else "paid", provider_trade_no="T1",
        paid_at=datetime(2025, 3, 14, 10, tzinfo=BEIJING), payer_name="张伟", idempotency_key="k1",
        refunded_amount=refunded)
    gross, refund = order.total, refunded
    fee = (Decimal("0.006") * (gross - refund)).quantize(Decimal("0.01"))
    row = f"T1,{gross},{fee},{refund},{gross - fee - refund},CNY,7.2781,2025-03-14\n"
    imp, _ = payouts.import_settlement(content=(HEADER + row).encode(), file_name="s.csv")
    assert imp.matched == 1


@pytest.mark.parametrize("refund", [None, Decimal("40.00")])
def test_a_settled_order_nets_the_conversion_position_to_zero(refund):
    order = _order_through_delivery(refund=refund)
    tax = to_minor(order.total_tax, "CNY")
    _settle(order, refunded=refund or Decimal(0))
    assert selectors.balance(A.FX_CONVERSION, "CNY") == 0
    assert selectors.balance(A.FX_CONVERSION, "USD") == 0
    assert selectors.balance(A.CLEARING, "CNY") == 0
    refunded_tax = sum(d.get("tax", 0) for d in JournalEntry.objects.filter(order=order, kind="refund_owed")
                       .values_list("data", flat=True))
    # the prepaid tax (less its refunded share) is set aside for customs, in the shopper's currency
    assert selectors.balance(A.TAX_REMITTANCE, "CNY") == tax - refunded_tax > 0
    assert selectors.balance(A.TAX_REMITTANCE, "USD") < 0
    assert selectors.balance(A.FX_GAIN_LOSS, "USD") != 0  # the rate difference, Heartland's
    assert all(v == 0 for v in selectors.totals_by_currency().values())
