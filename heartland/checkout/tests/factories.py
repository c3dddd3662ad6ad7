"""Builders for checkout tests: a market with rates, sellable products from two farms, a buyer."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from heartland.catalog.services import VariantInput, save_product, save_variant
from heartland.catalog.tests.factories import make_merchant, make_user
from heartland.core.crypto import encrypt, lookup_hash
from heartland.inventory.services import ensure_default_warehouse, set_stock
from heartland.markets.models import FxRate
from heartland.orders import states
from heartland.orders.models import MerchantOrder, Order

# A valid resident ID (GB 11643 checksum) and another person's.
BUYER_ID = "11010519491231002X"
OTHER_ID = "360426199101010071"
BUYER_NAME = "张伟"


def rates(age_hours: int = 1) -> None:
    for quote, rate in (("CNY", "7.1000"), ("HKD", "7.8000"), ("JPY", "150.00"), ("KRW", "1400.00"),
                        ("SGD", "1.3500")):
        FxRate.objects.create(base="USD", quote=quote, rate=Decimal(rate), source="test",
                              valid_from=timezone.now() - timedelta(hours=age_hours))


def sellable(merchant, handle: str, *, price: str = "20.00", stock: int = 10, hs: str = "04090000",
             tax: str = "agricultural", grams: str = "500", title_zh: str = "蜂蜜"):
    product = save_product(merchant=merchant, fields={"handle": handle, "title_en": handle.replace("-", " ").title(),
                                                      "title_zh_hans": title_zh, "status": "active"})
    variant = save_variant(product=product, data=VariantInput(price_usd=Decimal(price), grams=Decimal(grams),
                                                              hs_code=hs, tax_category=tax, sku=handle.upper()))
    set_stock(variant=variant, warehouse=ensure_default_warehouse(merchant=merchant), on_hand=stock)
    return variant


def two_farms():
    honey_farm = make_merchant(slug="sunflower-honey", state="KS", trading_name="Sunflower Honey")
    cheese_farm = make_merchant(slug="dairy-state-cheese", state="WI", trading_name="Dairy State Cheese")
    honey = sellable(honey_farm, "raw-honey", price="18.00", title_zh="生蜂蜜")
    cheese = sellable(cheese_farm, "aged-cheddar", price="25.00", hs="04069000", tax="food", title_zh="陈年切达奶酪")
    return honey, cheese


def shopper(email: str = "buyer@example.cn"):
    return make_user(email=email)


CONSIGNEE = {"name": "张伟", "phone": "13812345678", "region": "四川省", "city": "成都市", "district": "武侯区",
             "street": "人民南路四段1号", "postcode": "610041"}


def prior_order(user, *, goods: str, status: str = states.PAID, part_status: str | None = None,
                id_number: str = BUYER_ID, number: str = "HLOLD1") -> Order:
    """An order this buyer placed earlier this year (one farm's part), as the database holds it."""
    order = Order.objects.create(
        number=number, user=user, idempotency_key=number, market="CN", currency="CNY", status=status,
        buyer_name=BUYER_NAME, buyer_id_type="cn_resident_id", buyer_id_encrypted=encrypt(id_number),
        buyer_id_hash=lookup_hash(id_number), consignee_name="x", consignee_phone="x", consignee_country="CN",
        consignee_address="x", goods=Decimal(goods), freight=Decimal("0"), total=Decimal(goods),
        paid_at=timezone.now() if status != states.PENDING_PAYMENT else None)
    farm = make_merchant(slug=f"farm-{number.lower()}")
    MerchantOrder.objects.create(order=order, merchant=farm, number=f"{number}-1", goods=Decimal(goods),
                                 total=Decimal(goods), status=part_status or status)
    return order
