"""The sandbox provider's daily settlement file: what Alipay's back office sends the merchant
each day — every trade paid that day (Beijing time), its gross, the provider's fee, what was
refunded, the net, the currency and the rate it converted at (units of the currency per US dollar).

CSV columns: trade_id, gross, fee, refund, net, currency, settlement_rate, settlement_date.
Amounts are in the trade's currency with its decimals. The fee is ``FEE_PERCENT`` of the gross less
refunds; the rate is the newest USD rate the markets app knows, moved by ``RATE_DRIFT_PERCENT``
(a settlement rate is never quite the rate locked at checkout), unless ``rates`` names one.
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from heartland.landedcost.money import minor_units
from heartland.markets.models import FxRate
from heartland.payments.wire import BEIJING

from .models import SandboxTrade, SandboxTradeStatus

COLUMNS = ["trade_id", "gross", "fee", "refund", "net", "currency", "settlement_rate", "settlement_date"]
FEE_PERCENT = Decimal("0.60")
RATE_DRIFT_PERCENT = Decimal("0.30")


def _q(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)


def settlement_rate(currency: str) -> Decimal:
    row = FxRate.objects.filter(base="USD", quote=currency).order_by("-valid_from", "-id").first()
    if row is None:
        raise ValueError(f"no USD→{currency} rate to settle at")
    return (row.rate * (1 + RATE_DRIFT_PERCENT / 100)).quantize(Decimal("0.00000001"))


def settlement_rows(day: date, *, rates: dict[str, Decimal] | None = None) -> list[dict[str, str]]:
    start = datetime.combine(day, time.min, tzinfo=BEIJING)
    trades = (SandboxTrade.objects.filter(gmt_payment__gte=start, gmt_payment__lt=start + timedelta(days=1))
              .exclude(status__in=[SandboxTradeStatus.WAIT_BUYER_PAY, SandboxTradeStatus.TRADE_FAILED])
              .order_by("gmt_payment", "pk"))
    rates = dict(rates or {})
    rows = []
    for t in trades:
        ccy = t.currency
        if ccy not in rates:
            rates[ccy] = Decimal(1) if ccy == "USD" else settlement_rate(ccy)
        gross, refund = _q(t.total_amount, ccy), _q(t.refunded_amount, ccy)
        fee = _q((gross - refund) * FEE_PERCENT / 100, ccy)
        rows.append({"trade_id": t.trade_no, "gross": str(gross), "fee": str(fee), "refund": str(refund),
                     "net": str(gross - fee - refund), "currency": ccy, "settlement_rate": str(rates[ccy]),
                     "settlement_date": day.isoformat()})
    return rows


def settlement_csv(day: date, *, rates: dict[str, Decimal] | None = None) -> str:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(settlement_rows(day, rates=rates))
    return out.getvalue()
