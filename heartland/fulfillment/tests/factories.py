"""Builders for shipping tests: a farm's part as the database holds it after the farm accepted it."""
from __future__ import annotations

import itertools
from decimal import Decimal

from heartland.catalog.tests.factories import make_merchant, make_user
from heartland.orders import states
from heartland.orders.models import MerchantOrder, Order, OrderLine

_seq = itertools.count(1)

ADDRESSES = {
    "CN": {"consignee_name": "张伟", "consignee_phone": "13812345678", "consignee_region": "四川省",
           "consignee_city": "成都市", "consignee_district": "武侯区", "consignee_address": "人民南路四段1号",
           "consignee_postcode": "610041", "currency": "CNY"},
    "HK": {"consignee_name": "陳大文", "consignee_phone": "+85291234567", "consignee_region": "",
           "consignee_city": "Kowloon", "consignee_district": "Mong Kok", "consignee_address": "彌敦道 600 號 12 樓 B 室",
           "consignee_postcode": "", "currency": "HKD"},
    "JP": {"consignee_name": "山田太郎", "consignee_phone": "+819012345678", "consignee_region": "東京都",
           "consignee_city": "渋谷区", "consignee_district": "", "consignee_address": "神南1-2-3",
           "consignee_postcode": "150-0041", "currency": "JPY"},
    "KR": {"consignee_name": "김민준", "consignee_phone": "+821012345678", "consignee_region": "서울특별시",
           "consignee_city": "강남구", "consignee_district": "", "consignee_address": "테헤란로 123",
           "consignee_postcode": "06236", "currency": "KRW"},
    "SG": {"consignee_name": "Tan Wei Ming", "consignee_phone": "+6591234567", "consignee_region": "",
           "consignee_city": "Singapore", "consignee_district": "", "consignee_address": "10 Anson Road #12-01",
           "consignee_postcode": "079903", "currency": "SGD"},
    "CU": {"consignee_name": "Juan Pérez", "consignee_phone": "+5351234567", "consignee_region": "La Habana",
           "consignee_city": "La Habana", "consignee_district": "", "consignee_address": "Calle 23 No. 456",
           "consignee_postcode": "10400", "currency": "USD"},
}


def accepted_part(*, merchant=None, market: str = "HK", service_level: str = "standard", lines=None,
                  status: str = states.ACCEPTED, shopper=None) -> MerchantOrder:
    """An order of one farm's part in ``status`` (accepted by default) with its lines:
    ``lines`` = [(title_en, title_zh, hs_code, quantity, unit_price_usd)]."""
    n = next(_seq)
    merchant = merchant or make_merchant(slug=f"ship-farm-{n}", trading_name="Sunflower Honey",
                                         legal_name="Sunflower Honey LLC", address_line1="1200 Prairie Rd",
                                         city="Salina", state="KS", zip_code="67401", contact_name="Ann Miller",
                                         contact_phone="+17855550100")
    address = dict(ADDRESSES[market])
    currency = address.pop("currency")
    order = Order.objects.create(
        number=f"HLSHIP{n:04d}", user=shopper or make_user(), idempotency_key=f"ship-{n}", market=market,
        currency=currency, status=states.PAID, service_level=service_level, buyer_name=address["consignee_name"],
        consignee_country=market, **address)
    mo = MerchantOrder.objects.create(order=order, merchant=merchant, number=f"HLSHIP{n:04d}-1", status=status)
    lines = lines or [("Raw Wildflower Honey", "生蜂蜜", "04090000", 2, "18.00"),
                      ("Aged Cheddar", "陈年切达奶酪", "04069000", 1, "25.00")]
    goods = Decimal(0)
    for title, title_zh, hs, qty, price in lines:
        OrderLine.objects.create(merchant_order=mo, product_handle=title.lower().replace(" ", "-"), title_en=title,
                                 title_zh=title_zh, hs_code=hs, tax_category="food", quantity=qty,
                                 unit_price=Decimal(price) * 7, unit_price_usd=Decimal(price), sku=title[:3].upper())
        goods += Decimal(price) * qty
    MerchantOrder.objects.filter(pk=mo.pk).update(payout_usd=goods)
    mo.refresh_from_db()
    return mo


def delivered_part(*, market: str = "HK", shopper=None, merchant=None, days_ago: float = 2,
                   released_days_ago: float | None = None, status: str = states.DELIVERED,
                   lines=None, freight: str = "30.00"):
    """A farm's part delivered ``days_ago`` (a mainland one released by customs
    ``released_days_ago``, default one day before delivery), with real amounts and variants:
    ``lines`` = [(title_en, quantity, goods, total_tax)] in the order's currency."""
    from datetime import timedelta

    from django.utils import timezone

    from heartland.catalog.tests.factories import make_product
    from heartland.inventory.services import ensure_default_warehouse, set_stock
    from heartland.orders.models import OrderEvent

    lines = lines or [("Raw Wildflower Honey", 3, "300.00", "27.00"), ("Aged Cheddar", 1, "175.00", "15.75")]
    mo = accepted_part(market=market, shopper=shopper, merchant=merchant, status=status,
                       lines=[(t, "", "04090000", q, "10.00") for t, q, _g, _x in lines])
    warehouse = ensure_default_warehouse(merchant=mo.merchant)
    goods_total = tax_total = Decimal(0)
    for line, (title, _q, goods, tax) in zip(mo.lines.order_by("id"), lines, strict=True):
        variant = make_product(merchant=mo.merchant, title_en=title).variants.get()
        set_stock(variant=variant, warehouse=warehouse, on_hand=10)
        line.variant, line.goods, line.total_tax, line.vat = variant, Decimal(goods), Decimal(tax), Decimal(tax)
        line.unit_price = Decimal(goods) / line.quantity
        line.save()
        goods_total += Decimal(goods)
        tax_total += Decimal(tax)
    total = goods_total + tax_total + Decimal(freight)
    MerchantOrder.objects.filter(pk=mo.pk).update(goods=goods_total, total_tax=tax_total, vat=tax_total,
                                                  freight=Decimal(freight), total=total)
    Order.objects.filter(pk=mo.order_id).update(goods=goods_total, total_tax=tax_total, vat=tax_total,
                                                freight=Decimal(freight), total=total)
    now = timezone.now()
    if market == "CN":
        released = now - timedelta(days=released_days_ago if released_days_ago is not None else days_ago + 1)
        event = OrderEvent.objects.create(order=mo.order, merchant_order=mo, from_status=states.DECLARED,
                                          to_status=states.RELEASED, event="customs")
        OrderEvent.objects.filter(pk=event.pk).update(at=released)
    if status in (states.DELIVERED, states.COMPLETED):
        event = OrderEvent.objects.create(order=mo.order, merchant_order=mo,
                                          from_status=states.RELEASED if market == "CN" else states.SHIPPED,
                                          to_status=states.DELIVERED, event="carrier")
        OrderEvent.objects.filter(pk=event.pk).update(at=now - timedelta(days=days_ago))
    mo.refresh_from_db()
    return mo
