"""Orders as the database holds them, for ledger tests: any currency, rate, lines and parts, without
going through checkout."""
from __future__ import annotations

import itertools
from decimal import Decimal

from heartland.catalog.tests.factories import make_merchant, make_user
from heartland.landedcost.money import quantize
from heartland.orders.models import MerchantOrder, Order, OrderLine

_seq = itertools.count(1)


def make_order(*, currency: str = "CNY", rate: Decimal = Decimal("7.3"), parts: list[dict], user=None,
               status: str = "pending_payment", merchants: list | None = None) -> Order:
    """``parts``: ``[{"lines": [(usd_price, qty, category), …], "freight": Decimal, "tax": Decimal,
    "bump": Decimal}]`` — goods in ``currency`` are each line's USD price at ``rate`` (plus ``bump``,
    the display rounding)."""
    n = next(_seq)
    user = user or make_user()
    number = f"HLT{n:06d}"
    order = Order.objects.create(
        number=number, user=user, idempotency_key=number, market="CN", currency=currency, status=status,
        buyer_name="张伟", consignee_name="张伟", consignee_phone="13812345678", consignee_country="CN",
        consignee_address="x", fx_raw=rate, fx_effective=rate)
    totals = dict.fromkeys(("goods", "freight", "vat", "total_tax", "total"), Decimal(0))
    for i, spec in enumerate(parts, 1):
        merchant = merchants[i - 1] if merchants else make_merchant()
        goods = sum((quantize(Decimal(p) * rate, currency) * q for p, q, _c in spec["lines"]), Decimal(0))
        goods += spec.get("bump", Decimal(0))
        freight, tax = quantize(spec.get("freight", Decimal(0)), currency), quantize(spec.get("tax", Decimal(0)), currency)
        mo = MerchantOrder.objects.create(
            order=order, merchant=merchant, number=f"{number}-{i}", status=status, goods=goods, freight=freight,
            vat=tax, total_tax=tax, total=goods + freight + tax,
            payout_usd=sum((Decimal(p) * q for p, q, _c in spec["lines"]), Decimal(0)))
        for j, (price, qty, category) in enumerate(spec["lines"]):
            OrderLine.objects.create(merchant_order=mo, product_handle=f"p{j}", title_en=f"Product {j}",
                                     tax_category=category, quantity=qty, unit_price=quantize(Decimal(price) * rate, currency),
                                     unit_price_usd=Decimal(price), goods=quantize(Decimal(price) * rate, currency) * qty)
        for k in ("goods", "freight", "total_tax"):
            totals[k] += getattr(mo, k)
        totals["total"] += mo.total
    Order.objects.filter(pk=order.pk).update(goods=totals["goods"], freight=totals["freight"],
                                             vat=totals["total_tax"], total_tax=totals["total_tax"], total=totals["total"])
    order.refresh_from_db()
    return order
