"""Placing an order: the order as quoted at checkout, one part per farm, with its stock held;
and what a buyer has already bought this year under China's annual CBEC limit."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Sum
from django.utils import timezone

from heartland.catalog.models import Variant
from heartland.core.crypto import encrypt
from heartland.inventory.services import reserve
from heartland.landedcost import quote_to_json
from heartland.markets.models import Market
from heartland.markets.pricing import PriceQuote

from . import states
from .models import MerchantOrder, Order, OrderEvent, OrderLine

# Orders that count against the buyer's annual limit.
COUNTED_STATES = (states.PAID, states.ACCEPTED, states.DECLARED, states.SHIPPED, states.DELIVERED, states.COMPLETED)


@dataclass(frozen=True)
class Consignee:
    country: str
    name: str
    phone: str
    region: str
    city: str
    district: str
    street: str
    postcode: str


def annual_used(*, id_hash: str, market: Market, now: datetime | None = None) -> Decimal:
    """This buyer's CBEC purchases so far this calendar year (China time), across accounts:
    paid orders not cancelled or refunded, on the limits' basis (goods + freight)."""
    if market.code != "CN":
        return Decimal(0)
    now = (now or timezone.now()).astimezone(ZoneInfo(market.timezone))
    start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    agg = Order.objects.filter(buyer_id_hash=id_hash, market="CN", status__in=COUNTED_STATES, paid_at__gte=start,
                               ).aggregate(goods=Sum("goods"), freight=Sum("freight"))
    return (agg["goods"] or Decimal(0)) + (agg["freight"] or Decimal(0))


def _order_number() -> str:
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "HL" + timezone.now().strftime("%y%m%d") + "".join(secrets.choice(alphabet) for _ in range(6))


def place_order(*, user, market: Market, consignee: Consignee, real_name: str, id_number: str, id_hash: str,
                idempotency_key: str, quote: PriceQuote, lines: list[tuple[Variant, int]]) -> Order:
    """Write the order as quoted — one part per farm, its lines, its first events — and hold its
    stock, all lines or none (``inventory.SoldOut``). Call inside the caller's transaction; the
    quote must be allowed (checkout has refused it otherwise)."""
    q = quote.quote
    for _ in range(5):
        number = _order_number()
        if not Order.objects.filter(number=number).exists():
            break
    order = Order.objects.create(
        number=number, user=user, idempotency_key=idempotency_key, market=market.code, currency=market.currency,
        mode=market.default_mode, service_level=quote.service_level, buyer_name=real_name,
        buyer_id_encrypted=encrypt(id_number), buyer_id_hash=id_hash, consignee_name=consignee.name,
        consignee_phone=consignee.phone, consignee_country=consignee.country, consignee_region=consignee.region,
        consignee_city=consignee.city, consignee_district=consignee.district, consignee_address=consignee.street,
        consignee_postcode=consignee.postcode, goods=q.goods, freight=q.freight, duty=q.duty, vat=q.vat,
        consumption_tax=q.consumption_tax, total_tax=q.total_tax, total=q.total,
        fx_rate_id=quote.fx.rate_id or None, fx_raw=quote.fx.raw, fx_effective=quote.fx.effective,
        fx_source=quote.fx.source[:200], quote=_quote_json(quote),
    )
    events: list[OrderEvent] = []
    by_merchant: dict[int, list[int]] = {}
    for i, (variant, _qty) in enumerate(lines):
        by_merchant.setdefault(variant.merchant_id, []).append(i)
    for n, (merchant_id, indices) in enumerate(by_merchant.items(), start=1):
        parts = [q.lines[i] for i in indices]
        freight = quote.parcels.get(merchant_id, Decimal(0))
        duty, vat, ct = (sum((getattr(p, f) for p in parts), Decimal(0)) for f in ("duty", "vat", "consumption_tax"))
        goods = sum((p.goods for p in parts), Decimal(0))
        mo = MerchantOrder.objects.create(
            order=order, merchant_id=merchant_id, number=f"{order.number}-{n}", goods=goods, freight=freight,
            duty=duty, vat=vat, consumption_tax=ct, total_tax=duty + vat + ct, total=goods + freight + duty + vat + ct,
            payout_usd=sum((lines[i][0].price_usd * lines[i][1] for i in indices), Decimal(0)),
        )
        OrderLine.objects.bulk_create([
            OrderLine(merchant_order=mo, variant=lines[i][0], product_handle=lines[i][0].product.handle,
                      title_en=lines[i][0].product.title_en, title_zh=lines[i][0].product.title_zh_hans,
                      options=lines[i][0].options_label, sku=lines[i][0].sku, hs_code=lines[i][0].hs_code,
                      tax_category=lines[i][0].tax_category, quantity=lines[i][1],
                      unit_price=quote.lines[i].unit_price, unit_price_usd=lines[i][0].price_usd,
                      goods=q.lines[i].goods, duty=q.lines[i].duty, vat=q.lines[i].vat,
                      consumption_tax=q.lines[i].consumption_tax, total_tax=q.lines[i].total_tax)
            for i in indices
        ])
        events.append(OrderEvent(order=order, merchant_order=mo, from_status="", to_status=states.PENDING_PAYMENT,
                                 event="checkout", by=user))
    events.append(OrderEvent(order=order, from_status="", to_status=states.PENDING_PAYMENT, event="checkout", by=user))
    OrderEvent.objects.bulk_create(events)
    reserve(reference=order.number, lines=lines)
    return order


def _quote_json(quote) -> dict:
    data = quote_to_json(quote.quote)
    data["fx"] = {"rate_id": quote.fx.rate_id, "raw": str(quote.fx.raw), "effective": str(quote.fx.effective),
                  "margin_percent": str(quote.fx.margin_percent), "source": quote.fx.source,
                  "valid_from": quote.fx.valid_from.isoformat()}
    data["parcels"] = {str(k): str(v) for k, v in quote.parcels.items()}
    data["service_level"] = quote.service_level
    return data
