"""Checkout per market: each market's shoppers fill in the form its customs and carriers need —
CN the orderer's resident ID, KR the recipient's customs clearance code, HK/JP/SG no ID at all —
with the delivery options the market offers, and pay."""
from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from heartland.checkout.models import BuyerIdentity
from heartland.checkout.validation import clean_consignee, clean_customs_code
from heartland.core.crypto import decrypt
from heartland.core.errors import DomainError
from heartland.markets.models import Market
from heartland.orders import states
from heartland.orders.models import Order
from heartland.payments.models import Payment

from .factories import rates, shopper, two_farms

pytestmark = pytest.mark.django_db

PCCC = "P123456789012"
ADDRESSES = {
    "HK": {"name": "Chan Tai Man", "phone": "9123 4567", "region": "Kowloon", "district": "Mong Kok",
           "street": "Flat 5A, 12 Argyle Street"},
    "KR": {"name": "김민준", "phone": "010-1234-5678", "postcode": "06236", "region": "서울특별시",
           "city": "강남구", "street": "테헤란로 152", "customs_code": PCCC},
    "JP": {"name": "山田 花子", "phone": "090-1234-5678", "postcode": "1500001", "region": "東京都",
           "city": "渋谷区", "street": "神宮前1-2-3"},
    "SG": {"name": "Tan Wei Ling", "phone": "9123 4567", "street": "10 Anson Road #12-01", "postcode": "079903"},
}


@pytest.fixture
def world():
    rates()
    honey, cheese = two_farms()
    return {"honey": honey, "cheese": cheese, "buyer": shopper()}


def _page(client, world, market: str) -> str:
    client.cookies["hl_market"] = market
    client.force_login(world["buyer"])
    client.post(reverse("checkout:add"), {"variant": world["honey"].pk, "quantity": 1})
    return client.get(reverse("checkout:checkout")).content.decode()


def _submit(client, page: str, data: dict):
    key = page.split('name="key" value="')[1].split('"')[0]
    return client.post(reverse("checkout:checkout"), {"key": key, "service_level": "standard", "agree": "on", **data})


@pytest.mark.parametrize("market, asks, never", [
    ("CN", ["id_number", "real_name", "district", "postcode"], ["customs_code"]),
    ("KR", ["customs_code", "postcode", "city"], ["id_number", "real_name"]),
    ("HK", ["region", "district"], ["id_number", "customs_code", "postcode"]),
    ("JP", ["postcode", "region", "city"], ["id_number", "customs_code", "district"]),
    ("SG", ["postcode", "street"], ["id_number", "customs_code", "region", "city"]),
])
def test_each_market_asks_for_what_its_customs_and_carriers_need(client, world, market, asks, never):
    page = _page(client, world, market)
    for field in asks:
        assert f'name="{field}"' in page, field
    for field in never:
        assert f'name="{field}"' not in page, field


@pytest.mark.parametrize("market", ["HK", "JP", "SG"])
def test_shoppers_outside_the_mainland_buy_without_any_identity_number(client, world, market,
                                                                       django_capture_on_commit_callbacks):
    response = _submit(client, _page(client, world, market), ADDRESSES[market])
    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get()
    assert (order.market, order.buyer_id_type, order.buyer_id_encrypted) == (market, "", "")
    assert order.consignee_country == market and order.buyer_name == ADDRESSES[market]["name"]
    # The payment names no orderer: whoever pays (a card, a local wallet) is fine.
    cashier = client.get(response["Location"])["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        paid = client.post(cashier, {"action": "pay", "payer_name": "Someone Else"})
    assert paid.status_code == 302
    order.refresh_from_db()
    assert order.status == states.PAID
    assert Payment.objects.get(purpose_reference=order.number).orderer_id_number_encrypted == ""


def test_a_japanese_postcode_is_written_the_japanese_way(client, world):
    _submit(client, _page(client, world, "JP"), ADDRESSES["JP"])
    assert Order.objects.get().consignee_postcode == "150-0001"


def test_korea_needs_the_recipients_customs_code_stored_encrypted_and_shown_masked(client, world):
    page = _page(client, world, "KR")
    missing = _submit(client, page, {**ADDRESSES["KR"], "customs_code": "P12345"})
    assert missing.status_code == 200 and "请输入个人通关号码" in missing.content.decode()
    assert not Order.objects.exists()
    response = _submit(client, page, {**ADDRESSES["KR"], "customs_code": "p 1234-5678-9012"})
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.buyer_id_type == "kr_pccc" and decrypt(order.buyer_id_encrypted) == PCCC
    assert PCCC not in order.buyer_id_encrypted
    saved = BuyerIdentity.objects.get(user=world["buyer"])
    assert saved.id_type == "kr_pccc" and PCCC not in saved.id_number_encrypted
    detail = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert PCCC not in detail and "P123*****9012" in detail


def test_delivery_choices_come_from_the_market(client, world):
    hk = Market.objects.get(code="HK")
    hk.service_levels = ["express"]
    hk.save()
    page = _page(client, world, "HK")
    assert 'value="express"' in page and 'value="standard"' not in page and 'value="economy"' not in page
    refused = _submit(client, page, {**ADDRESSES["HK"], "service_level": "economy"})
    assert refused.status_code == 200 and not Order.objects.exists()
    done = _submit(client, page, {**ADDRESSES["HK"], "service_level": "express"})
    assert done.status_code == 302 and Order.objects.get().service_level == "express"


@pytest.mark.parametrize("market, field, value", [
    ("HK", "phone", "090-1234-5678"),      # a Japanese number on a Hong Kong address
    ("KR", "phone", "9123 4567"),
    ("KR", "postcode", "1234"),
    ("SG", "postcode", "07990"),
    ("JP", "postcode", "15000011"),
    ("JP", "region", ""),
    ("HK", "street", ""),
    ("SG", "name", "X"),
])
def test_each_markets_address_is_checked_in_its_own_shape(market, field, value):
    with pytest.raises(DomainError) as exc:
        clean_consignee({**ADDRESSES[market], field: value}, country=market)
    assert exc.value.field in (field, "name")


def test_names_in_any_script_are_names():
    for market in ("KR", "JP", "HK"):
        assert clean_consignee(ADDRESSES[market], country=market).name == " ".join(ADDRESSES[market]["name"].split())
    with pytest.raises(DomainError):
        clean_consignee({**ADDRESSES["HK"], "name": "Chan <script>"}, country="HK")


@given(digits=st.text(alphabet="0123456789", min_size=12, max_size=12), lower=st.booleans(),
       separator=st.sampled_from(["", " ", "-"]))
def test_a_customs_code_is_p_and_twelve_digits_however_it_is_typed(digits, lower, separator):
    typed = ("p" if lower else "P") + separator.join([digits[:4], digits[4:8], digits[8:]])
    assert clean_customs_code(typed) == "P" + digits


@given(st.text(max_size=20))
def test_anything_else_is_not_a_customs_code(text):
    compact = "".join(text.split()).replace("-", "").upper()
    if len(compact) == 13 and compact[0] == "P" and compact[1:].isascii() and compact[1:].isdigit():
        return
    with pytest.raises(DomainError):
        clean_customs_code(text)
