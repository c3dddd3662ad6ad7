"""Writes for carts and checkout. Submit locks the quote, holds stock and opens the payment."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from heartland.catalog.models import Variant
from heartland.catalog.selectors import visible_variant_ids
from heartland.core.crypto import encrypt, lookup_hash
from heartland.core.errors import DomainError
from heartland.inventory.selectors import stock_by_variant
from heartland.inventory.services import reserve
from heartland.markets.models import Market
from heartland.markets.pricing import price_for
from heartland.orders import states
from heartland.orders.models import MerchantOrder, Order, OrderEvent, OrderLine

from .models import MAX_LINE_QUANTITY, Address, BuyerIdentity, Cart, CartLine
from .validation import Consignee

CART_TOKEN = "cart_token"
COUNTED_STATES = (states.PAID, states.ACCEPTED, states.DECLARED, states.SHIPPED, states.DELIVERED, states.COMPLETED)


# --- carts --------------------------------------------------------------------------------
def cart_for_request(request, *, create: bool = False) -> Cart | None:
    """The signed-in shopper's cart, else the visitor's (a token kept in the session, which
    survives the session-key change at sign-in so the carts can be merged)."""
    if request.user.is_authenticated:
        if create:
            return Cart.objects.get_or_create(user=request.user)[0]
        return Cart.objects.filter(user=request.user).first()
    token = request.session.get(CART_TOKEN)
    if token is None:
        if not create:
            return None
        token = request.session[CART_TOKEN] = secrets.token_urlsafe(24)
    if create:
        return Cart.objects.get_or_create(session_key=token)[0]
    return Cart.objects.filter(session_key=token).first()


def _check_quantity(quantity: int) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise DomainError("quantity", f"Quantity must be between 1 and {MAX_LINE_QUANTITY}. / 数量须在1至{MAX_LINE_QUANTITY}之间。")
    return quantity


@transaction.atomic
def add_to_cart(*, cart: Cart, variant: Variant, quantity: int = 1) -> None:
    _check_quantity(quantity)
    if not visible_variant_ids([variant.pk]):
        raise DomainError("unavailable", "This product is not for sale. / 该商品暂不可售。")
    _upsert_line(cart.pk, variant.pk, quantity)
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())


def _upsert_line(cart_id: int, variant_id: int, quantity: int) -> None:
    """Add ``quantity`` of a variant to a cart: one statement, new line or not; quantities add
    up to at most MAX_LINE_QUANTITY, and two racing requests for the same variant both count
    (the unique (cart, variant) decides)."""
    table = CartLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cart_id, variant_id, quantity, added_at) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = CASE "
            f"WHEN {table}.quantity + EXCLUDED.quantity > %s THEN %s ELSE {table}.quantity + EXCLUDED.quantity END",
            [cart_id, variant_id, quantity, connection.ops.adapt_datetimefield_value(timezone.now()),
             MAX_LINE_QUANTITY, MAX_LINE_QUANTITY])


@transaction.atomic
def set_line_quantity(*, cart: Cart, line_id: int, quantity: int) -> None:
    line = CartLine.objects.select_for_update().filter(cart=cart, pk=line_id).first()
    if line is None:
        raise DomainError("not_found", "That item is no longer in your cart. / 该商品已不在购物车中。")
    if quantity == 0:
        line.delete()
        return
    line.quantity = _check_quantity(quantity)
    line.save(update_fields=["quantity"])


@transaction.atomic
def merge_carts(*, source: Cart, into: Cart) -> None:
    """Sign-in: the anonymous cart's lines join the account's cart (quantities add up)."""
    if source.pk == into.pk:
        return
    for line in source.lines.select_for_update():
        _upsert_line(into.pk, line.variant_id, line.quantity)
    source.delete()


# --- quota --------------------------------------------------------------------------------
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


# --- submit -------------------------------------------------------------------------------
@dataclass
class LineProblem:
    variant_id: int
    message_en: str
    message_zh: str


@dataclass
class CheckoutRefused(Exception):
    code: str
    message_en: str
    message_zh: str
    lines: list[LineProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message_en


def _order_number() -> str:
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "HL" + timezone.now().strftime("%y%m%d") + "".join(secrets.choice(alphabet) for _ in range(6))


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)


def submit_checkout(*, user, cart: Cart, market: Market, consignee: Consignee, real_name: str, id_number: str,
                    idempotency_key: str, service_level: str | None = None, save_address: bool = True) -> Order:
    """Lock the quote and create the order, holding its stock. The same key always gives the same order."""
    if not idempotency_key or len(idempotency_key) > 64:
        raise DomainError("idempotency", "This checkout form has expired; reload the page. / 页面已过期，请刷新。")
    existing = Order.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.user_id != user.pk:
            raise DomainError("idempotency", "This checkout form has expired; reload the page. / 页面已过期，请刷新。")
        return existing
    lines = [(line.variant, line.quantity) for line in
             cart.lines.select_related("variant__product__merchant").order_by("added_at", "id")]
    if not lines:
        raise CheckoutRefused("empty", "Your cart is empty.", "购物车是空的。")
    problems = cart_problems(lines)
    if problems:
        raise CheckoutRefused("cart_changed", "Some items changed; check your cart.", "部分商品有变化，请检查购物车。",
                              problems)
    id_hash = lookup_hash(id_number)
    quote = price_for(lines, market, service_level=service_level, annual_used=annual_used(id_hash=id_hash, market=market))
    if not quote.available:
        raise CheckoutRefused(quote.unavailable.code, quote.unavailable.message_en, quote.unavailable.message_zh)
    if quote.indicative:
        raise CheckoutRefused("stale_rate", "Today's exchange rate is not in yet; checkout opens when it is.",
                              "今日汇率尚未更新，更新后即可下单。")
    if not quote.allowed:
        problems = [LineProblem(lines[r.line][0].pk if r.line is not None else 0, r.message_en, r.message_zh)
                    for r in quote.reasons]
        first = quote.reasons[0]
        raise CheckoutRefused(first.code, first.message_en, first.message_zh, problems)
    try:
        with transaction.atomic():
            order = _create_order(user=user, market=market, consignee=consignee, real_name=real_name,
                                  id_number=id_number, id_hash=id_hash, key=idempotency_key, quote=quote, lines=lines)
            reserve(reference=order.number, lines=lines)
            if save_address:
                _remember(user=user, consignee=consignee, real_name=real_name, id_number=id_number, id_hash=id_hash)
            cart.lines.all().delete()
    except IntegrityError:
        existing = Order.objects.filter(idempotency_key=idempotency_key, user=user).first()
        if existing is not None:  # a double click that lost the race to its twin
            return existing
        raise
    return order


def cart_problems(lines) -> list[LineProblem]:
    """Lines that became unsellable since they were added: unpublished, or not enough stock."""
    visible = visible_variant_ids(v.pk for v, _ in lines)
    stock = stock_by_variant(variant_ids=[v.pk for v, _ in lines])
    out = []
    for variant, qty in lines:
        if variant.pk not in visible:
            out.append(LineProblem(variant.pk, "No longer for sale.", "该商品已下架。"))
        elif stock.get(variant.pk, 0) < qty:
            left = max(stock.get(variant.pk, 0), 0)
            out.append(LineProblem(variant.pk, f"Only {left} left." if left else "Sold out.",
                                   f"仅剩 {left} 件。" if left else "已售罄。"))
    return out


def _create_order(*, user, market, consignee, real_name, id_number, id_hash, key, quote, lines) -> Order:
    q = quote.quote
    for _ in range(5):
        number = _order_number()
        if not Order.objects.filter(number=number).exists():
            break
    order = Order.objects.create(
        number=number, user=user, idempotency_key=key, market=market.code, currency=market.currency,
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
    return order


def _quote_json(quote) -> dict:
    from heartland.landedcost import quote_to_json

    data = quote_to_json(quote.quote)
    data["fx"] = {"rate_id": quote.fx.rate_id, "raw": str(quote.fx.raw), "effective": str(quote.fx.effective),
                  "margin_percent": str(quote.fx.margin_percent), "source": quote.fx.source,
                  "valid_from": quote.fx.valid_from.isoformat()}
    data["parcels"] = {str(k): str(v) for k, v in quote.parcels.items()}
    data["service_level"] = quote.service_level
    return data


def _remember(*, user, consignee: Consignee, real_name: str, id_number: str, id_hash: str) -> None:
    exists = Address.objects.filter(user=user, country=consignee.country, name=consignee.name, phone=consignee.phone,
                                    street=consignee.street, postcode=consignee.postcode).exists()
    if not exists:
        first = not Address.objects.filter(user=user).exists()
        Address.objects.create(user=user, country=consignee.country, name=consignee.name, phone=consignee.phone,
                               region=consignee.region, city=consignee.city, district=consignee.district,
                               street=consignee.street, postcode=consignee.postcode, is_default=first)
    BuyerIdentity.objects.get_or_create(user=user, id_number_hash=id_hash,
                                        defaults={"real_name": real_name, "id_number_encrypted": encrypt(id_number)})
    BuyerIdentity.objects.filter(user=user, id_number_hash=id_hash).exclude(real_name=real_name).update(
        real_name=real_name)
