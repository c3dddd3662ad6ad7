"""Placing an order: the order as quoted at checkout, one part per farm, with its stock held;
and what a buyer has already bought this year under China's annual CBEC limit."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q, Sum
from django.utils import timezone

from heartland.catalog.models import Variant
from heartland.core.crypto import encrypt
from heartland.inventory.services import reserve
from heartland.landedcost import quote_to_json
from heartland.markets.current import all_markets
from heartland.markets.models import Market
from heartland.markets.pricing import PriceQuote
from heartland.markets.rules_in_force import active_rules

from . import states
from .models import BUYER_ID_BY_MARKET, MerchantOrder, Order, OrderEvent, OrderLine, OrderRefund

# A farm's part counts against the buyer's annual limit while it holds stock (awaiting payment)
# or is paid and not given back; a part refunded or cancelled no longer counts.
HELD_STATES = (states.PENDING_PAYMENT,)
PAID_STATES = (states.PAID, states.ACCEPTED, states.SHIPPED, states.DECLARED, states.HELD, states.REJECTED,
               states.RELEASED, states.DELIVERED, states.COMPLETED)
COUNTED_STATES = HELD_STATES + PAID_STATES


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


def cn_annual_limit(day: date) -> tuple[Decimal, bool]:
    """China's CBEC annual limit in force on ``day`` (RMB) and whether it is compared with the
    taxable price (goods + freight) rather than goods alone — the landed-cost rules' own values."""
    snap = active_rules().at(day)
    return Decimal(snap.require("CN", "annual_limit")[0]), snap.require("CN", "limit_basis")[0] == "taxable_price"


def _year_start(market_tz: str, now: datetime | None) -> tuple[datetime, date]:
    local = (now or timezone.now()).astimezone(ZoneInfo(market_tz))
    return local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0), local.date()


def _counted_parts(*, id_hash: str, start: datetime, paid_only: bool):
    """The buyer's farm parts that count against the limit this year (see ``annual_used``)."""
    paid = Q(status__in=PAID_STATES, order__paid_at__gte=start)
    held = Q(status__in=HELD_STATES, order__created_at__gte=start)
    return MerchantOrder.objects.filter(paid if paid_only else paid | held, order__buyer_id_hash=id_hash,
                                        order__market="CN")


def _returned(parts) -> Decimal:
    """Goods returned from parts that still count give their value back (CBEC: the quota is
    restored for a return)."""
    return OrderRefund.objects.filter(merchant_order__in=parts).aggregate(v=Sum("limit_value"))["v"] or Decimal(0)


def annual_used(*, id_hash: str, market: Market, now: datetime | None = None, paid_only: bool = False,
                exclude_order: Order | None = None) -> Decimal:
    """This buyer's CBEC purchases so far this calendar year (China time), across accounts, on
    the limit's basis: every farm's part that holds stock or is paid, and is not refunded or
    cancelled. ``paid_only`` (the check when a payment arrives) leaves out parts still awaiting
    payment — they may never be paid, and two racing payments must not refuse each other."""
    if market.code != "CN" or not id_hash:
        return Decimal(0)
    start, today = _year_start(market.timezone, now)
    _limit, on_taxable = cn_annual_limit(today)
    parts = _counted_parts(id_hash=id_hash, start=start, paid_only=paid_only)
    if exclude_order is not None:
        parts = parts.exclude(order_id=exclude_order.pk)
    agg = parts.aggregate(goods=Sum("goods"), freight=Sum("freight"))
    if agg["goods"] is None:  # no part counts, so no return from one either
        return Decimal(0)
    return ((agg["goods"] or Decimal(0)) + ((agg["freight"] or Decimal(0)) if on_taxable else Decimal(0))
            - _returned(parts))


def over_annual_limit(order: Order, *, now: datetime | None = None) -> bool:
    """Would paying ``order`` take its buyer past the annual limit, counting what is paid already?
    (``annual_used(paid_only=True)`` without this order, plus this order's parts not refunded or
    cancelled — summed in one read, the returns in a second.)"""
    if order.market != "CN" or not order.buyer_id_hash:
        return False
    market = next((m for m in all_markets() if m.code == "CN"), None) or Market.objects.get(code="CN")
    start, today = _year_start(market.timezone, now)
    limit, on_taxable = cn_annual_limit(today)
    paid = _counted_parts(id_hash=order.buyer_id_hash, start=start, paid_only=True).exclude(order_id=order.pk)
    mine = Q(order_id=order.pk) & ~Q(status__in=(states.REFUNDED, states.CANCELLED))
    earlier = Q(pk__in=paid.values("pk"))
    agg = MerchantOrder.objects.filter(earlier | mine).aggregate(
        paid_goods=Sum("goods", filter=earlier), paid_freight=Sum("freight", filter=earlier),
        my_goods=Sum("goods", filter=mine), my_freight=Sum("freight", filter=mine))
    used = ((agg["paid_goods"] or Decimal(0)) + ((agg["paid_freight"] or Decimal(0)) if on_taxable else Decimal(0))
            - (_returned(paid) if agg["paid_goods"] is not None else Decimal(0)))
    basis = (agg["my_goods"] or Decimal(0)) + ((agg["my_freight"] or Decimal(0)) if on_taxable else Decimal(0))
    return used + basis > limit


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
        buyer_id_type=BUYER_ID_BY_MARKET.get(market.code, "") if id_number else "",
        buyer_id_encrypted=encrypt(id_number) if id_number else "", buyer_id_hash=id_hash if id_number else "",
        consignee_name=consignee.name,
        consignee_phone=consignee.phone, consignee_country=consignee.country, consignee_region=consignee.region,
        consignee_city=consignee.city, consignee_district=consignee.district, consignee_address=consignee.street,
        consignee_postcode=consignee.postcode, goods=q.goods, freight=q.freight, duty=q.duty, vat=q.vat,
        consumption_tax=q.consumption_tax, total_tax=q.total_tax, total=q.total,
        fx_rate_id=quote.fx.rate_id or None, fx_raw=quote.fx.raw, fx_effective=quote.fx.effective,
        fx_source=quote.fx.source[:200], quote=_quote_json(quote),
    )
    by_merchant: dict[int, list[int]] = {}
    for i, (variant, _qty) in enumerate(lines):
        by_merchant.setdefault(variant.merchant_id, []).append(i)
    parts: list[MerchantOrder] = []
    for n, (merchant_id, indices) in enumerate(by_merchant.items(), start=1):
        quoted = [q.lines[i] for i in indices]
        freight = quote.parcels.get(merchant_id, Decimal(0))
        duty, vat, ct = (sum((getattr(p, f) for p in quoted), Decimal(0)) for f in ("duty", "vat", "consumption_tax"))
        goods = sum((p.goods for p in quoted), Decimal(0))
        parts.append(MerchantOrder(
            order=order, merchant_id=merchant_id, number=f"{order.number}-{n}", goods=goods, freight=freight,
            duty=duty, vat=vat, consumption_tax=ct, total_tax=duty + vat + ct, total=goods + freight + duty + vat + ct,
            payout_usd=sum((lines[i][0].price_usd * lines[i][1] for i in indices), Decimal(0)),
        ))
    # One INSERT for the farms' parts (their ids come back), one for all lines, one for the events.
    MerchantOrder.objects.bulk_create(parts)
    OrderLine.objects.bulk_create([
        OrderLine(merchant_order=mo, variant=lines[i][0], product_handle=lines[i][0].product.handle,
                  title_en=lines[i][0].product.title_en, title_zh=lines[i][0].product.title_zh_hans,
                  options=lines[i][0].options_label, sku=lines[i][0].sku, hs_code=lines[i][0].hs_code,
                  tax_category=lines[i][0].tax_category, quantity=lines[i][1],
                  unit_price=quote.lines[i].unit_price, unit_price_usd=lines[i][0].price_usd,
                  goods=q.lines[i].goods, duty=q.lines[i].duty, vat=q.lines[i].vat,
                  consumption_tax=q.lines[i].consumption_tax, total_tax=q.lines[i].total_tax)
        for mo, indices in zip(parts, by_merchant.values(), strict=True) for i in indices
    ])
    events = [OrderEvent(order=order, merchant_order=mo, from_status="", to_status=states.PENDING_PAYMENT,
                         event="checkout", by=user) for mo in parts]
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
