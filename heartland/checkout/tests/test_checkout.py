"""Cart and checkout rules: grouping, live re-pricing, identity, CBEC limits, idempotent submit."""
from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import translation

from heartland.catalog.models import Product
from heartland.checkout import services
from heartland.checkout.models import BuyerIdentity, Cart, CartLine
from heartland.checkout.validation import clean_consignee, clean_identity
from heartland.core.errors import DomainError
from heartland.inventory.models import Reservation, StockLevel
from heartland.markets.models import Market
from heartland.markets.pricing import price_for
from heartland.orders import states
from heartland.orders.models import Order

from .factories import BUYER_ID, BUYER_NAME, CONSIGNEE, OTHER_ID, prior_order, rates, sellable, shopper, two_farms

pytestmark = pytest.mark.django_db


@pytest.fixture
def cn():
    rates()
    return Market.objects.get(code="CN")


def _cart(user, *lines):
    cart = Cart.objects.create(user=user)
    for variant, qty in lines:
        services.add_to_cart(cart=cart, variant=variant, quantity=qty)
    return cart


def _submit(user, cart, market, key="k1", id_number=BUYER_ID, name=BUYER_NAME):
    return services.submit_checkout(user=user, cart=cart, market=market,
                                    consignee=clean_consignee(CONSIGNEE, country="CN"), real_name=name,
                                    id_number=id_number, idempotency_key=key)


def test_submit_locks_the_quote_splits_by_merchant_and_holds_stock(cn):
    honey, cheese = two_farms()
    buyer = shopper()
    cart = _cart(buyer, (honey, 2), (cheese, 1))
    expected = price_for([(honey, 2), (cheese, 1)], cn)
    order = _submit(buyer, cart, cn)
    assert order.status == states.PENDING_PAYMENT and order.total == expected.total and order.currency == "CNY"
    assert (order.goods, order.freight, order.total_tax) == (expected.goods, expected.freight, expected.total_tax)
    assert order.fx_effective == Decimal("7.24200000") and order.quote["fx"]["source"] == "test"
    parts = list(order.merchant_orders.order_by("number"))
    assert [p.merchant.slug for p in parts] == ["sunflower-honey", "dairy-state-cheese"]
    assert sum(p.total for p in parts) == order.total
    assert parts[0].payout_usd == Decimal("36.00") and parts[1].payout_usd == Decimal("25.00")
    # one parcel per farm: each part carries its own shipping
    assert parts[0].freight > 0 and parts[1].freight > 0
    assert StockLevel.objects.get(variant=honey).reserved == 2
    assert Reservation.objects.filter(reference=order.number).count() == 2
    assert not CartLine.objects.filter(cart=cart).exists()
    # the ID number is stored encrypted, never in clear
    raw = Order.objects.filter(pk=order.pk).values_list("buyer_id_encrypted", flat=True).get()
    assert BUYER_ID not in raw and order.buyer_id_masked == "1101**********002X"
    assert BuyerIdentity.objects.get(user=buyer).masked == "1101**********002X"


def test_submitting_twice_creates_one_order(cn):
    honey, _ = two_farms()
    buyer = shopper()
    cart = _cart(buyer, (honey, 1))
    first = _submit(buyer, cart, cn, key="same")
    again = _submit(buyer, cart, cn, key="same")  # the cart is empty now: the key alone answers
    assert first.pk == again.pk and Order.objects.count() == 1
    assert StockLevel.objects.get(variant=honey).reserved == 1


def test_someone_elses_key_is_refused(cn):
    honey, _ = two_farms()
    a, b = shopper("a@example.cn"), shopper("b@example.cn")
    _submit(a, _cart(a, (honey, 1)), cn, key="shared")
    with pytest.raises(DomainError):
        _submit(b, _cart(b, (honey, 1)), cn, key="shared")


@pytest.mark.django_db(transaction=True)
def test_two_tabs_racing_with_the_same_key_make_one_order():
    rates()
    cn = Market.objects.get(code="CN")
    honey, _ = two_farms()
    buyer = shopper()
    cart = _cart(buyer, (honey, 1))
    results, barrier = [], threading.Barrier(4)

    def tab():
        close_old_connections()
        try:
            barrier.wait()
            results.append(_submit(buyer, Cart.objects.get(pk=cart.pk), cn, key="double-click").pk)
        except Exception as exc:  # a tab that found the cart already emptied
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=tab) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert Order.objects.count() == 1
    order_ids = {r for r in results if isinstance(r, int)}
    assert len(order_ids) == 1
    assert StockLevel.objects.get(variant=honey).reserved == 1


def _in_each_language(exc: DomainError) -> dict[str, str]:
    """What the shopper reads, in each language the storefront speaks."""
    out = {}
    for lang in ("zh-hans", "zh-hant", "en"):
        with translation.override(lang):
            out[lang] = str(exc.message)
    return out


@pytest.mark.parametrize("name, number, en, zh_hans, zh_hant", [
    ("张伟", "110105194912310021", "check digit", "校验位不正确", "校驗位不正確"),
    ("张伟", "110105194902300020", "birth date", "出生日期或地区无效", "出生日期或地區無效"),
    ("张伟", "1101051949", "18-character", "18位居民身份证号码", "18位居民身份證號碼"),
    ("1", BUYER_ID, "real name", "订购人真实姓名", "訂購人真實姓名"),
])
def test_identity_is_validated(name, number, en, zh_hans, zh_hant):
    with pytest.raises(DomainError) as exc:
        clean_identity(name, number)
    said = _in_each_language(exc.value)
    assert en in said["en"] and zh_hans in said["zh-hans"] and zh_hant in said["zh-hant"], said


@pytest.mark.parametrize("field, value, en, zh_hans, zh_hant", [
    ("phone", "02112345678", "A mainland mobile number is needed for delivery.", "请填写中国大陆手机号码。",
     "請填寫中國大陸手機號碼。"),
    ("phone", "12345", "Enter a valid CN phone number.", "请输入有效的手机号码。", "請輸入有效的手機號碼。"),
    ("postcode", "6100", "That postcode does not look right.", "邮政编码格式不正确。", "郵政編碼格式不正確。"),
    ("district", "", "District is required.", "请填写完整地址。", "請填寫完整地址。"),
])
def test_mainland_consignee_is_validated(field, value, en, zh_hans, zh_hant):
    with pytest.raises(DomainError) as exc:
        clean_consignee({**CONSIGNEE, field: value}, country="CN")
    assert exc.value.field == field
    assert _in_each_language(exc.value) == {"en": en, "zh-hans": zh_hans, "zh-hant": zh_hant}


def test_order_over_the_per_order_limit_is_refused_with_what_to_change(cn):
    honey, cheese = two_farms()
    honey.price_usd = Decimal("400.00")
    honey.save()
    buyer = shopper()
    with pytest.raises(services.CheckoutRefused) as exc, translation.override("en"):
        _submit(buyer, _cart(buyer, (honey, 2), (cheese, 1)), cn)
    assert exc.value.code == "over_order_limit" and "5,000" in exc.value.message
    assert Order.objects.count() == 0 and StockLevel.objects.get(variant=honey).reserved == 0


def test_single_item_over_the_limit_goes_through_with_full_tax(cn):
    honey, _ = two_farms()
    honey.price_usd = Decimal("800.00")
    honey.save()
    buyer = shopper()
    order = _submit(buyer, _cart(buyer, (honey, 1)), cn)
    assert order.total > Decimal("5000") and order.duty > 0


def test_annual_quota_counts_paid_orders_by_id_across_accounts(cn):
    honey, _ = two_farms()
    other_account = shopper("same.person@example.cn")
    prior_order(other_account, goods="25800.00")
    buyer = shopper()
    with pytest.raises(services.CheckoutRefused) as exc:
        _submit(buyer, _cart(buyer, (honey, 2)), cn)
    assert exc.value.code == "over_annual_limit"
    # Someone else's ID has its own quota.
    order = _submit(buyer, Cart.objects.get(user=buyer), cn, key="k2", id_number=OTHER_ID, name="李娜")
    assert order.status == states.PENDING_PAYMENT


def test_stale_rate_refuses_checkout(cn):
    from heartland.markets.models import FxRate

    FxRate.objects.all().delete()
    rates(age_hours=100)
    honey, _ = two_farms()
    buyer = shopper()
    with pytest.raises(services.CheckoutRefused) as exc:
        _submit(buyer, _cart(buyer, (honey, 1)), cn)
    assert exc.value.code == "stale_rate"


def test_lines_that_became_unsellable_are_flagged_not_dropped(cn, client):
    honey, cheese = two_farms()
    buyer = shopper()
    cart = _cart(buyer, (honey, 1), (cheese, 3))
    Product.objects.filter(pk=honey.product_id).update(status="draft")
    StockLevel.objects.filter(variant=cheese).update(on_hand=2)
    client.force_login(buyer)
    body = client.get(reverse("checkout:cart")).content.decode()
    assert "该商品已下架" in body and "仅剩 2 件" in body and 'id="go-checkout"' not in body
    assert CartLine.objects.filter(cart=cart).count() == 2
    with pytest.raises(services.CheckoutRefused) as exc:
        _submit(buyer, cart, cn)
    assert {p.variant_id for p in exc.value.lines} == {honey.pk, cheese.pk}


def test_positive_list_refusal_names_the_line(cn):
    farm = two_farms()[0].product.merchant
    ginseng = sellable(farm, "ginseng-slices", hs="12112011", title_zh="花旗参")
    buyer = shopper()
    with pytest.raises(services.CheckoutRefused) as exc:
        _submit(buyer, _cart(buyer, (ginseng, 1)), cn)
    assert exc.value.code == "prohibited" and exc.value.lines[0].variant_id == ginseng.pk


def test_anonymous_cart_merges_into_the_account_on_sign_in(client, cn):
    honey, cheese = two_farms()
    buyer = shopper()
    buyer.set_password("pw-for-the-test-2026")
    buyer.save()
    _cart(buyer, (honey, 1))
    client.post(reverse("checkout:add"), {"variant": honey.pk, "quantity": 2})
    client.post(reverse("checkout:add"), {"variant": cheese.pk, "quantity": 1})
    assert Cart.objects.filter(user__isnull=True).count() == 1
    client.post(reverse("account_login"), {"login": buyer.email, "password": "pw-for-the-test-2026"})
    cart = Cart.objects.get(user=buyer)
    assert dict(cart.lines.values_list("variant_id", "quantity")) == {honey.pk: 3, cheese.pk: 1}
    assert not Cart.objects.filter(user__isnull=True).exists()


def test_cart_page_groups_by_merchant_and_reprices_in_the_market(client, cn):
    honey, cheese = two_farms()
    client.post(reverse("checkout:add"), {"variant": honey.pk, "quantity": 1})
    client.post(reverse("checkout:add"), {"variant": cheese.pk, "quantity": 1})
    body = client.get(reverse("checkout:cart")).content.decode()
    assert body.index("Sunflower Honey") < body.index("Dairy State Cheese")
    assert "¥" in body.split('id="cart-total">')[1][:20]
    client.post(reverse("storefront:set_market"), {"market": "HK", "next": "/cart/"})
    assert "HK$" in client.get(reverse("checkout:cart")).content.decode().split('id="cart-total">')[1][:20]


def test_quantity_rules(cn, client):
    honey, _ = two_farms()
    r = client.post(reverse("checkout:add"), {"variant": honey.pk, "quantity": 500}, follow=True)
    assert "1至99" in r.content.decode()
    assert not CartLine.objects.exists()


def test_adding_the_same_item_again_adds_up_to_the_line_limit(cn):
    honey, cheese = two_farms()
    buyer = shopper()
    cart = _cart(buyer, (honey, 2), (cheese, 1), (honey, 3))
    assert {(line.variant_id, line.quantity) for line in cart.lines.all()} == {(honey.pk, 5), (cheese.pk, 1)}
    services.add_to_cart(cart=cart, variant=honey, quantity=98)
    assert cart.lines.get(variant=honey).quantity == 99  # never past the limit, one line per variant
    with pytest.raises(DomainError):
        services.add_to_cart(cart=cart, variant=cheese, quantity=0)
    assert cart.lines.count() == 2 and cart.lines.get(variant=cheese).quantity == 1
