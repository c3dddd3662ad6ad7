"""Signed-in shoppers and shoppers with a cart share the product page (fragments.py): the same
prices, stock and market as everyone, but their own CSRF token, "My orders" link and market."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from heartland.catalog.models import Product, Variant
from heartland.catalog.services import save_product
from heartland.catalog.tests.factories import make_user
from heartland.checkout.models import Cart
from heartland.inventory.services import reserve
from heartland.storefront import fragments

from . import test_page_cache
from .test_page_cache import URL, _price

pytestmark = pytest.mark.django_db
shop = test_page_cache.shop  # the same catalogue fixture


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _signed_in(email: str, *, csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf_checks)
    client.force_login(make_user(email=email))
    return client


def _form_token(body: str) -> str:
    form = body[body.index('class="add-form"'):]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', form).group(1)


def test_the_second_signed_in_shopper_gets_the_page_without_reading_the_product(shop):
    first = _signed_in("mei@example.com")
    page = first.get(URL)
    assert page.status_code == 200 and "堪萨斯生蜂蜜" in page.content.decode()
    second = _signed_in("lei@example.com")
    second.get("/en/orders/")  # session and user loaded once; what follows is the page alone
    with CaptureQueriesContext(connection) as queries:
        again = second.get(URL)
    assert again.status_code == 200 and _price(again) == _price(page)
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "catalog_product" not in tables and "catalog_variant" not in tables and "inventory_stocklevel" not in tables


def test_each_shopper_gets_their_own_working_csrf_token_and_never_the_marker(shop):
    tokens = []
    for email in ("mei@example.com", "lei@example.com"):
        client = _signed_in(email, csrf_checks=True)
        body = client.get(URL).content.decode()
        assert fragments.marker() not in body and "hl-csrf-" not in body
        token = _form_token(body)
        assert token  # filled in without JavaScript
        tokens.append(token)
        added = client.post(reverse("checkout:add"), {"variant": shop["variant"].pk, "quantity": 1,
                                                      "csrfmiddlewaretoken": token})
        assert added.status_code == 302, added.content[:300]
    assert tokens[0] != tokens[1]
    page = client.get(URL).content.decode()  # the market form and htmx's header carry it too
    assert "hl-csrf-" not in page and page.count(_form_token(page)) >= 2
    assert Cart.objects.count() == 2
    # The shopper with a cart (a session, not signed in) shares the body too, with their own token.
    guest = Client(enforce_csrf_checks=True)
    guest.get(reverse("storefront:csrf"))
    guest.post(reverse("checkout:add"), {"variant": shop["variant"].pk, "quantity": 1},
               HTTP_X_CSRFTOKEN=guest.cookies["csrftoken"].value)
    body = guest.get(URL).content.decode()
    assert _form_token(body) not in tokens and "hl-csrf-" not in body


def test_messages_waiting_are_shown_once_and_the_page_is_not_stored(shop):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    client = _signed_in("mei@example.com")
    client.get(URL)  # stored
    cookie = CookieStorage(RequestFactory().get("/"))._encode([Message(constants.INFO, "Only for Mei")])
    client.cookies[CookieStorage.cookie_name] = cookie
    first = client.get(URL).content.decode()
    second = client.get(URL).content.decode()
    assert "Only for Mei" in first and "Only for Mei" not in second
    assert "Only for Mei" not in _signed_in("lei@example.com").get(URL).content.decode()


def test_the_frame_stays_the_shoppers_own(shop):
    _signed_in("mei@example.com").get("/en" + URL)
    anonymous_with_cart = Client()
    anonymous_with_cart.get(reverse("storefront:csrf"))
    anonymous_with_cart.post(reverse("checkout:add"), {"variant": shop["variant"].pk, "quantity": 1})
    body = anonymous_with_cart.get("/en" + URL).content.decode()
    assert "Sign in" in body and "My orders" not in body
    assert "My orders" in _signed_in("lei@example.com").get("/en" + URL).content.decode()


def test_a_new_price_and_stock_reach_signed_in_shoppers_at_once(shop, commit):
    client = _signed_in("mei@example.com")
    before = _price(client.get("/en" + URL))
    with commit():
        variant = Variant.objects.get(pk=shop["variant"].pk)
        variant.price_usd = Decimal("40.00")
        variant.save()
    assert _price(client.get("/en" + URL)) != before
    with commit():
        reserve(reference="HL-1", lines=[(shop["variant"], 3)])
    assert "Sold out" in client.get("/en" + URL).content.decode()


def test_an_unpublished_product_is_gone_for_signed_in_shoppers(shop, commit):
    client = _signed_in("mei@example.com")
    assert client.get(URL).status_code == 200
    with commit():
        save_product(merchant=shop["farm"], product=Product.objects.get(pk=shop["product"].pk),
                     fields={"status": "draft"})
    assert client.get(URL).status_code == 404


def test_the_market_and_language_are_the_shoppers(shop):
    cn = _signed_in("mei@example.com")
    assert "¥" in _price(cn.get(URL))
    hk = _signed_in("lei@example.com")
    hk.post(reverse("storefront:set_market"), {"market": "HK", "next": URL})
    page = hk.get(URL).content.decode()
    assert 'data-market="HK"' in page and "HK$" in page
    assert 'data-market="CN"' in cn.get(URL).content.decode()
    en = cn.get("/en" + URL).content.decode()
    assert "All-in price" in en and 'lang="en"' in en


def test_a_title_cannot_close_the_structured_data_script(shop, commit):
    with commit():
        save_product(merchant=shop["farm"], product=Product.objects.get(pk=shop["product"].pk),
                     fields={"title_zh_hans": "蜂蜜</script><script>alert(1)</script>"})
    for client in (Client(), _signed_in("mei@example.com")):
        body = client.get(URL).content.decode()
        head = body[:body.index("</head>")]
        assert "<script>alert(1)" not in head and "\\u003c/script\\u003e" in head
        assert "&lt;/script&gt;&lt;script&gt;alert(1)" in body  # the title shown, escaped
