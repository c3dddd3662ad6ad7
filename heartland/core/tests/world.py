"""A small marketplace with two of everything, for the authorization matrix and the fuzz tests.

Shopper A has a cart, an address, a buyer identity and an order (with its payment opened at the
sandbox cashier); merchant A (owner + one staff member) has products, a draft only its members
may see, an image, an import job with a rejected row and its part of A's order. B's side has its
own shopper, merchant and owner. The operator is a Django superuser.

Strings marked SECRET appear only on pages of A's own people: a B-role response must never
contain them.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import RequestFactory, override_settings

from heartland.catalog.models import ImportJob, ImportRowError, ProductImage
from heartland.catalog.services import VariantInput, save_variant
from heartland.catalog.tests.factories import make_merchant, make_product, make_user
from heartland.checkout import services as checkout_services
from heartland.checkout.models import Address, BuyerIdentity, Cart, CartLine
from heartland.checkout.tests.factories import BUYER_ID, OTHER_ID, rates, sellable
from heartland.checkout.validation import clean_consignee
from heartland.core import crypto
from heartland.inventory.models import StockLevel, Warehouse
from heartland.markets.models import FxRate, Market
from heartland.merchants.models import MemberRole, Membership, MerchantStatusChange
from heartland.payments import signing
from heartland.payments.models import Payment
from heartland.payments.tests.conftest import FERNET_KEY, GATEWAY_KEY, PLATFORM_KEY
from heartland.payments.tests.helpers import query_params

ROLES = ("anonymous", "shopper_a", "shopper_b", "owner_a", "owner_b", "staff_a", "operator")
PASSWORD = "correct horse battery"

# What only A's people may see.
CONSIGNEE_A = "司马相如"          # shopper A's consignee and real name
STREET_A = "秘密大道八十八号"       # shopper A's street
DRAFT_TITLE_A = "Secret Draft Smoked Trout"  # merchant A's unpublished product
IMPORT_NAME_A = "a-farm-secret-catalogue.csv"
ROW_ERROR_A = "Secret rejected row reason"
CONSIGNEE_B = "欧阳娜娜"

CONSIGNEE_A_DATA = {"name": CONSIGNEE_A, "phone": "13812345678", "region": "四川省", "city": "成都市",
                    "district": "武侯区", "street": STREET_A, "postcode": "610041"}
CONSIGNEE_B_DATA = {**CONSIGNEE_A_DATA, "name": CONSIGNEE_B, "phone": "13912345678", "street": "人民南路四段1号"}


def payment_settings():
    """The sandbox switched on with the payments tests' keys (the same the cashier signs with)."""
    return override_settings(
        HEARTLAND_FERNET_KEYS=[FERNET_KEY], HEARTLAND_SANDBOX_ENABLED=True,
        HEARTLAND_SANDBOX_PLATFORM_PRIVATE_KEY=signing.private_key_to_pem(PLATFORM_KEY),
        HEARTLAND_SANDBOX_PLATFORM_PUBLIC_KEY="",
        HEARTLAND_SANDBOX_GATEWAY_PRIVATE_KEY=signing.private_key_to_pem(GATEWAY_KEY),
        HEARTLAND_SANDBOX_GATEWAY_PUBLIC_KEY="", HEARTLAND_SANDBOX_NOTIFY_URL="", HEARTLAND_SANDBOX_GATEWAY_URL="",
        HEARTLAND_SANDBOX_APP_ID="heartland-sandbox", HEARTLAND_PAYMENT_PROVIDERS={},
    )


@dataclass
class World:
    users: dict
    merchant_a: object
    merchant_b: object
    product_a: object          # active, on sale
    draft_a: object            # draft: members of A only
    variant_a: object
    image_a: object
    job_a: object
    row_error_a: object
    product_b: object
    cart_a: object
    cart_line_a: object
    address_a: object
    identity_a: object
    order_a: object
    merchant_order_a: object
    payment_a: object
    trade_a: object
    cart_b: object
    warehouse_a: object
    stock_a: object
    group: object
    email_a: object
    status_change_a: object
    fx_rate: object

    @property
    def secrets(self) -> list[str]:
        """Text of A's that no one outside A's people may be shown."""
        return [CONSIGNEE_A, STREET_A, DRAFT_TITLE_A, IMPORT_NAME_A, ROW_ERROR_A, self.order_a.number,
                self.merchant_order_a.number, self.identity_a.masked]


def _place_order(user, variant, consignee_data, id_number, key):
    cn = Market.objects.get(code="CN")
    cart = Cart.objects.get_or_create(user=user)[0]
    checkout_services.add_to_cart(cart=cart, variant=variant, quantity=1)
    return checkout_services.submit_checkout(
        user=user, cart=cart, market=cn, consignee=clean_consignee(consignee_data, country="CN"),
        real_name=consignee_data["name"], id_number=id_number, idempotency_key=key)


def build_world() -> World:
    from allauth.account.models import EmailAddress

    from heartland.orders.billing import start_payment

    crypto._fernet.cache_clear()
    rates()
    users = {role: make_user(email=f"{role.replace('_', '-')}@authz.example") for role in ROLES if role != "anonymous"}
    operator = users["operator"]
    operator.is_staff = operator.is_superuser = True
    operator.save(update_fields=["is_staff", "is_superuser"])

    merchant_a = make_merchant(slug="a-farm", trading_name="A Farm", owner=users["owner_a"])
    Membership.objects.create(user=users["staff_a"], merchant=merchant_a, role=MemberRole.STAFF)
    merchant_b = make_merchant(slug="b-farm", trading_name="B Farm", owner=users["owner_b"])

    variant_a = sellable(merchant_a, "a-honey", price="18.00", title_zh="蜂蜜甲")
    product_a = variant_a.product
    draft_a = make_product(merchant=merchant_a, handle="a-draft", title_en=DRAFT_TITLE_A, status="draft", sku="A-DRAFT")
    save_variant(product=draft_a, data=VariantInput(price_usd=Decimal("9.00"), sku="A-DRAFT-2", option1="Large"))
    image_a = ProductImage.objects.create(product=product_a, src_url="https://cdn.example.com/a-honey.jpg")
    job_a = ImportJob(merchant=merchant_a, created_by=users["owner_a"], original_name=IMPORT_NAME_A, size_bytes=20)
    job_a.file.save("a-farm-import.csv", ContentFile(b"Handle,Title\nx,Secret\n"), save=False)
    job_a.status = "done"
    job_a.save()
    row_error_a = ImportRowError.objects.create(job=job_a, row_number=2, column="Variant Price", value="abc",
                                                reason=ROW_ERROR_A, handle="x",
                                                row={"handle": "x", "title": "X", "price": "abc"})
    variant_b = sellable(merchant_b, "b-cheese", price="25.00", hs="04069000", tax="food", title_zh="奶酪乙")

    order_a = _place_order(users["shopper_a"], variant_a, CONSIGNEE_A_DATA, BUYER_ID, "authz-order-a")
    _place_order(users["shopper_b"], variant_b, CONSIGNEE_B_DATA, OTHER_ID, "authz-order-b")
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    url = start_payment(order_a, request=request)
    order_a.refresh_from_db()
    payment_a = Payment.objects.get(reference=order_a.payment_reference)
    from heartland.sandbox_payments import gateway

    trade_a = gateway.open_page_pay(query_params(url))

    cart_a = Cart.objects.get(user=users["shopper_a"])
    checkout_services.add_to_cart(cart=cart_a, variant=variant_a, quantity=2)
    cart_b = Cart.objects.get(user=users["shopper_b"])
    checkout_services.add_to_cart(cart=cart_b, variant=variant_b, quantity=1)

    warehouse_a = Warehouse.objects.filter(merchant=merchant_a).first()
    status_change_a = MerchantStatusChange.objects.create(merchant=merchant_a, from_status="submitted",
                                                          to_status="approved", event="operator", by=operator)
    return World(
        users=users, merchant_a=merchant_a, merchant_b=merchant_b, product_a=product_a, draft_a=draft_a,
        variant_a=variant_a, image_a=image_a, job_a=job_a, row_error_a=row_error_a, product_b=variant_b.product,
        cart_a=cart_a, cart_line_a=CartLine.objects.get(cart=cart_a), cart_b=cart_b,
        address_a=Address.objects.get(user=users["shopper_a"]),
        identity_a=BuyerIdentity.objects.get(user=users["shopper_a"]),
        order_a=order_a, merchant_order_a=order_a.merchant_orders.get(), payment_a=payment_a, trade_a=trade_a,
        warehouse_a=warehouse_a, stock_a=StockLevel.objects.get(variant=variant_a),
        group=Group.objects.create(name="authz-group"),
        email_a=EmailAddress.objects.create(user=users["shopper_a"], email=users["shopper_a"].email, verified=True,
                                            primary=True),
        status_change_a=status_change_a, fx_rate=FxRate.objects.first(),
    )


@pytest.fixture(scope="module", name="world")
def world_fixture(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once per test module inside a transaction rolled back at its end; each
    test (and each request or example within it that takes a savepoint) runs on top of it."""
    media = tmp_path_factory.mktemp("world-media")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with payment_settings(), override_settings(MEDIA_ROOT=media):
                built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(name="w")
def w_fixture(world, db, settings):
    """The world for one test, with A's uploaded import file in this test's media folder."""
    target = settings.MEDIA_ROOT / world.job_a.file.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"Handle,Title\nx,Secret\n")
    return world
