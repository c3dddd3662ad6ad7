"""A paid mainland order (9610) as the database holds it: one part per farm, lines with their
taxes, the sandbox payment, and — when asked — the carrier's shipment."""
from __future__ import annotations

import itertools
from decimal import Decimal

from django.utils import timezone

from heartland.catalog.tests.factories import make_merchant, make_user
from heartland.core.crypto import encrypt
from heartland.fulfillment.models import Shipment
from heartland.fulfillment.signals import shipment_booked
from heartland.orders import states
from heartland.orders.models import BUYER_ID_RESIDENT, MerchantOrder, Order, OrderLine
from heartland.orders.services import move_part
from heartland.payments.models import Payment

ID_NUMBER = "11010519491231002X"
_seq = itertools.count(1)
CENT = Decimal("0.01")

HONEY = ("Raw Wildflower Honey", "生蜂蜜", "04090000", 2, Decimal("126.00"))
CHEDDAR = ("Aged Cheddar", "陈年切达奶酪", "04069000", 1, Decimal("175.00"))


def paid_cn_order(*, parts: list[list[tuple]] | None = None, freight: Decimal = Decimal("60.00"),
                  rate: Decimal = Decimal("0.091")) -> Order:
    """``parts``: per farm, its lines (title_en, title_zh, hs_code, quantity, unit price CNY)."""
    n = next(_seq)
    parts = parts or [[HONEY, CHEDDAR]]
    user = make_user()
    order = Order.objects.create(
        number=f"HLCUS{n:05d}", user=user, idempotency_key=f"customs-{n}", market="CN", currency="CNY",
        status=states.PAID, mode="9610", buyer_name="张伟", buyer_id_type=BUYER_ID_RESIDENT,
        buyer_id_encrypted=encrypt(ID_NUMBER), buyer_phone="13812345678", consignee_name="张伟",
        consignee_phone="13812345678", consignee_country="CN", consignee_region="四川省", consignee_city="成都市",
        consignee_district="武侯区", consignee_address="人民南路四段1号", consignee_postcode="610041",
        paid_at=timezone.now())
    total = Decimal(0)
    for i, lines in enumerate(parts, start=1):
        merchant = make_merchant()
        goods = tax = Decimal(0)
        mo = MerchantOrder.objects.create(order=order, merchant=merchant, number=f"{order.number}-{i}",
                                          status=states.PAID)
        for title, title_zh, hs, qty, price in lines:
            line_goods = (price * qty).quantize(CENT)
            line_tax = (line_goods * rate).quantize(CENT)
            OrderLine.objects.create(merchant_order=mo, product_handle=title.lower().replace(" ", "-"),
                                     title_en=title, title_zh=title_zh, hs_code=hs, tax_category="food",
                                     quantity=qty, unit_price=price, unit_price_usd=(price / 7).quantize(CENT),
                                     goods=line_goods, vat=line_tax, total_tax=line_tax, sku=f"SKU{n}{i}{qty}")
            goods += line_goods
            tax += line_tax
        part_total = goods + freight + tax
        MerchantOrder.objects.filter(pk=mo.pk).update(goods=goods, freight=freight, vat=tax, total_tax=tax,
                                                      total=part_total)
        total += part_total
    Order.objects.filter(pk=order.pk).update(total=total)
    Payment.objects.create(
        reference=f"PAYCUS{n:05d}", purpose_reference=order.number, subject="Heartland order", amount=total,
        currency="CNY", provider="sandbox", status="paid", provider_trade_no=f"2026010222001{n:06d}",
        orderer_name="张伟", payer_name="张伟", payer_id_type="1", payer_matches_orderer=True,
        paid_at=timezone.now(), idempotency_key=f"customs-pay-{n}", payer_id_number_encrypted=encrypt(ID_NUMBER),
        orderer_id_number_encrypted=encrypt(ID_NUMBER))
    order.refresh_from_db()
    return order


def book_shipment(part: MerchantOrder, *, tracking: str | None = None, weight: Decimal = Decimal("1.850")):
    """What fulfillment does when the carrier books a part (a stand-in for its service): the
    Shipment, the part shipped, ``shipment_booked`` (on commit)."""
    from django.db import transaction

    shipment = Shipment.objects.create(
        merchant_order=part, carrier="sandbox", service_level="standard",
        tracking_number=tracking or f"SB{part.pk:010d}", weight_kg=weight, destination="CN",
        booked_at=timezone.now())
    move_part(merchant_order=part, to=states.SHIPPED, event="merchant")
    transaction.on_commit(lambda: shipment_booked.send(sender=Shipment, shipment=shipment))
    return shipment
