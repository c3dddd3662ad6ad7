"""Demo orders along the whole path, made the way a shopper, a farm, the sandbox payment provider,
the sandbox customs and the sandbox carrier make them — through the same services and URLs —
so a newcomer sees every state: awaiting payment, paid, accepted, shipped and released by
customs, delivered (mainland and Hong Kong), and refunded."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

from django.db import transaction
from django.test import RequestFactory
from huey.contrib.djhuey import HUEY

from heartland.accounts.models import User
from heartland.catalog.models import Product, Variant
from heartland.catalog.selectors import VISIBLE
from heartland.checkout.models import Cart
from heartland.checkout.services import add_to_cart, submit_checkout
from heartland.checkout.validation import clean_consignee
from heartland.fulfillment.services import PackageInput, book_shipment
from heartland.markets.models import Market
from heartland.markets.pricing import price_for
from heartland.merchants.models import MemberRole, Membership
from heartland.orders import services as orders
from heartland.orders.billing import start_payment
from heartland.orders.models import Order
from heartland.sandbox_carrier.carrier import advance_all
from heartland.sandbox_customs import tasks as customs_tasks
from heartland.sandbox_payments import gateway

SHOPPER_EMAIL = "shopper@heartland.localhost"
BUYER_NAME, BUYER_ID = "张伟", "11010519491231002X"  # a valid GB 11643 number (the standard's example)
CN_CONSIGNEE = {"name": "张伟", "phone": "13812345678", "region": "四川省", "city": "成都市", "district": "武侯区",
                "street": "人民南路四段1号", "postcode": "610041"}
HK_CONSIGNEE = {"name": "Chan Tai Man", "phone": "9123 4567", "region": "Kowloon", "district": "Mong Kok",
                "street": "Flat 5A, 12 Argyle Street"}
STAGES = ("pending_payment", "paid", "accepted", "released", "delivered", "refunded")


@dataclass
class Seeded:
    orders: int = 0
    skipped: bool = False


def seed_orders(*, hashed_password: str, base_url: str) -> Seeded:
    """Idempotent: a demo shopper who has orders already is left alone. Inside a transaction
    (a test's) nothing is seeded: the sandboxes answer on commit, which would never come."""
    if transaction.get_connection().in_atomic_block:
        return Seeded(skipped=True)
    shopper = User.objects.filter(email__iexact=SHOPPER_EMAIL).first()
    if shopper is None:
        shopper = User.objects.create(email=SHOPPER_EMAIL, password=hashed_password)
    if Order.objects.filter(user=shopper).exists():
        return Seeded(skipped=True)
    immediate = HUEY.immediate
    HUEY.immediate = True  # the sandboxes' notices and receipts, at once, in this process
    try:
        return _seed(shopper, base_url)
    finally:
        HUEY.immediate = immediate


def _sellable(market: Market, count: int) -> list[Variant]:
    """Variants from different farms that the market sells today, in stock."""
    chosen, farms = [], set()
    for variant in (Variant.objects.filter(product__in=Product.objects.filter(VISIBLE), stock_levels__on_hand__gte=20)
                    .select_related("product__merchant").order_by("product__merchant__slug", "pk").distinct()):
        if variant.product.merchant_id in farms or not price_for(variant, market).allowed:
            continue
        chosen.append(variant)
        farms.add(variant.product.merchant_id)
        if len(chosen) == count:
            break
    return chosen


def _seed(shopper: User, base_url: str) -> Seeded:
    cn, hk = Market.objects.get(code="CN"), Market.objects.get(code="HK")
    variants = _sellable(cn, 4)
    request = RequestFactory().get("/", HTTP_HOST=urlsplit(base_url).netloc or "127.0.0.1:8000")
    seeded = Seeded()
    for n, stage in enumerate(STAGES):
        order = _place(shopper, cn, [(variants[n % len(variants)], 1)], CN_CONSIGNEE, BUYER_NAME, BUYER_ID,
                       key=f"demo-{stage}")
        seeded.orders += 1
        if stage == "pending_payment":
            continue
        _pay(order, request, BUYER_NAME, BUYER_ID)
        part = order.merchant_orders.get()
        owner = _owner(part.merchant_id)
        if stage == "paid":
            continue
        if stage == "refunded":
            orders.merchant_cancel(merchant_order=part, by=owner, reason="Sold out at the farm stand this week.")
            continue
        orders.merchant_accept(merchant_order=part, by=owner)
        if stage == "accepted":
            continue
        shipment = book_shipment(merchant_order=part, by=owner, service_level=order.service_level,
                                 packages=[PackageInput(weight_kg=Decimal("1.2"))])
        for _ in range(3):  # customs answers: accepted, then the inventory list released
            customs_tasks.end_due_inspections.call_local()
        if stage == "delivered":
            advance_all(tracking_numbers=[shipment.tracking_number], steps=5)
    hk_variants = _sellable(hk, 1)
    if hk_variants:
        order = _place(shopper, hk, [(hk_variants[0], 1)], HK_CONSIGNEE, HK_CONSIGNEE["name"], "", key="demo-hk")
        seeded.orders += 1
        _pay(order, request, HK_CONSIGNEE["name"], "")
        part = order.merchant_orders.get()
        owner = _owner(part.merchant_id)
        orders.merchant_accept(merchant_order=part, by=owner)
        shipment = book_shipment(merchant_order=part, by=owner, service_level=order.service_level,
                                 packages=[PackageInput(weight_kg=Decimal("0.8"))])
        advance_all(tracking_numbers=[shipment.tracking_number], steps=5)
    return seeded


def _place(user, market, lines, consignee, real_name, id_number, *, key) -> Order:
    cart = Cart.objects.get_or_create(user=user)[0]
    cart.lines.all().delete()
    for variant, quantity in lines:
        add_to_cart(cart=cart, variant=variant, quantity=quantity)
    return submit_checkout(user=user, cart=cart, market=market,
                           consignee=clean_consignee(consignee, country=market.code), real_name=real_name,
                           id_number=id_number, idempotency_key=key)


def _pay(order: Order, request, payer_name: str, payer_id: str) -> None:
    """The shopper at the sandbox cashier: the signed redirect opens the trade, then pays it; the
    gateway's notice reaches the platform by URL."""
    url = start_payment(order, request=request)
    trade = gateway.open_page_pay(dict(parse_qsl(urlsplit(url).query, keep_blank_values=True)))
    gateway.pay(token=trade.cashier_token, payer_name=payer_name, payer_id_number=payer_id)


def _owner(merchant_id: int) -> User:
    return Membership.objects.filter(merchant_id=merchant_id, role=MemberRole.OWNER).select_related("user").first().user
