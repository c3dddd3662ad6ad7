"""Shoppers outside the mainland buy on a phone: Hong Kong with a local address and no ID at all,
Korea with the recipient's Personal Customs Clearance Code; each pays in the sandbox cashier
(no resident ID asked) and sees the order paid, in the market's currency."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from heartland.accounts.models import User
from heartland.checkout.tests.factories import rates, two_farms
from heartland.core.crypto import decrypt
from heartland.orders.models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "shop-in-kowloon-2026"
FORMS = {
    "HK": {"locale": "zh-HK", "currency": "HKD", "fields": {
        "name": "Chan Tai Man", "phone": "9123 4567", "region": "Kowloon", "district": "Mong Kok",
        "street": "Flat 5A, 12 Argyle Street"}},
    "KR": {"locale": "ko-KR", "currency": "KRW", "fields": {
        "name": "김민준", "phone": "010-1234-5678", "postcode": "06236", "region": "서울특별시", "city": "강남구",
        "street": "테헤란로 152, 3층", "customs_code": "P123456789012"}},
}


@pytest.mark.parametrize("market", ["HK", "KR"])
def test_buy_and_pay_outside_the_mainland(browser, live_server, shots, market):
    rates()
    honey, cheese = two_farms()
    email = f"buyer-{market.lower()}@example.com"
    User.objects.create_user(email=email, password=PASSWORD)
    spec = FORMS[market]
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                              has_touch=True, locale=spec["locale"])
    ctx.add_cookies([{"name": "hl_market", "value": market, "url": live_server.url}])
    page = ctx.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=login]", email)
    page.fill("[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    for variant in (honey, cheese):
        page.goto(f"{live_server.url}/p/{variant.product.merchant.slug}/{variant.product.handle}/")
        page.click("#add-to-cart")
        expect(page.locator(".cart-group").first).to_be_visible()
    expect(page.locator(".cart-group")).to_have_count(2)
    page.click("#go-checkout")
    # The market's own form: no resident ID, and Korea's customs code only in Korea.
    expect(page.locator("[name=id_number]")).to_have_count(0)
    expect(page.locator("[name=customs_code]")).to_have_count(1 if market == "KR" else 0)
    expect(page.locator("[name=postcode]")).to_have_count(0 if market == "HK" else 1)
    for name, value in spec["fields"].items():
        page.fill(f"[name={name}]", value)
    page.check("[name=agree]")
    shots(page, f"{market}-checkout")
    page.click("#submit-order")
    expect(page.locator("[name=payer_name]")).to_be_visible()
    expect(page.locator("body")).to_contain_text(spec["currency"])
    page.fill("[name=payer_name]", spec["fields"]["name"])
    shots(page, f"{market}-cashier")
    page.click("button[value=pay]")
    expect(page.locator("#order-status")).to_have_attribute("data-status", "paid", timeout=15000)
    shots(page, f"{market}-paid")
    order = Order.objects.get()
    assert (order.market, order.currency, order.status) == (market, spec["currency"], "paid")
    assert order.consignee_country == market and order.consignee_name == spec["fields"]["name"]
    if market == "KR":
        assert order.buyer_id_type == "kr_pccc" and decrypt(order.buyer_id_encrypted) == "P123456789012"
        expect(page.locator("body")).not_to_contain_text("P123456789012")
    else:
        assert order.buyer_id_type == "" and order.buyer_id_encrypted == ""
    ctx.close()
