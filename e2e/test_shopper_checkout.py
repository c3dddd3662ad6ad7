"""A shopper on a phone fills a cart from two farms, enters consignee and ID, pays in the
sandbox cashier and sees the order paid; a payer who is not the buyer ends refunded with
the reason shown; the merchant sees its part in the portal."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from heartland.accounts.models import User
from heartland.checkout.tests.factories import BUYER_ID, BUYER_NAME, CONSIGNEE, OTHER_ID, rates, two_farms
from heartland.merchants.models import MemberRole, Membership
from heartland.orders.models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "locale": "zh-CN"}
PASSWORD = "shop-in-chengdu-2026"


def _buy(page, live_server, honey, cheese, *, payer_name, payer_id, shots, tag):
    for variant in (honey, cheese):
        page.goto(f"{live_server.url}/p/{variant.product.merchant.slug}/{variant.product.handle}/")
        page.click("#add-to-cart")
        expect(page.locator(".messages")).to_contain_text("已加入购物车")
    expect(page.locator(".cart-group")).to_have_count(2)
    shots(page, f"{tag}-cart")
    page.click("#go-checkout")
    for name, value in CONSIGNEE.items():
        page.fill(f"[name={name}]", value)
    page.fill("[name=real_name]", BUYER_NAME)
    page.fill("[name=id_number]", BUYER_ID)
    page.check("[name=agree]")
    shots(page, f"{tag}-checkout")
    page.click("#submit-order")
    expect(page.locator("[name=payer_name]")).to_be_visible()
    page.fill("[name=payer_name]", payer_name)
    page.fill("[name=payer_id_number]", payer_id)
    shots(page, f"{tag}-cashier")
    page.click("button[value=pay]")
    expect(page.locator("#order-status")).to_be_visible(timeout=15000)


def test_pay_for_two_farms_then_a_wrong_payer_is_refunded(browser, live_server, shots):
    rates()
    honey, cheese = two_farms()
    User.objects.create_user(email="buyer@example.cn", password=PASSWORD)
    owner = User.objects.create_user(email="owner@sunflower.example", password=PASSWORD)
    Membership.objects.create(user=owner, merchant=honey.product.merchant, role=MemberRole.OWNER)

    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("[name=login]", "buyer@example.cn")
    page.fill("[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    _buy(page, live_server, honey, cheese, payer_name=BUYER_NAME, payer_id=BUYER_ID, shots=shots, tag="paid")
    expect(page.locator("#order-status")).to_have_attribute("data-status", "paid", timeout=15000)
    expect(page.locator("#order-status")).to_contain_text("已付款")
    shots(page, "paid-order")

    _buy(page, live_server, honey, cheese, payer_name="李娜", payer_id=OTHER_ID, shots=shots, tag="wrong-payer")
    page.reload()
    expect(page.locator("#order-status")).to_have_attribute("data-status", "refunded", timeout=15000)
    expect(page.locator("#order-reason")).to_contain_text("支付人与订购人不一致")
    shots(page, "refunded-order")
    ctx.close()

    merchant = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    m = merchant.new_page()
    m.goto(f"{live_server.url}/en/accounts/login/?next=/portal/")
    m.fill("[name=login]", "owner@sunflower.example")
    m.fill("[name=password]", PASSWORD)
    m.click("form button[type=submit]")
    m.click("text=Orders")
    rows = m.locator("#merchant-orders tbody tr")
    expect(rows).to_have_count(2)
    expect(m.locator("#merchant-orders")).to_contain_text("Raw Honey")
    expect(m.locator("#merchant-orders")).not_to_contain_text("Aged Cheddar")
    shots(m, "merchant-inbox")
    paid = Order.objects.filter(status="paid").get()
    m.click(f"text={paid.merchant_orders.get(merchant__slug='sunflower-honey').number}")
    expect(m.locator("body")).not_to_contain_text(BUYER_ID)
    m.click("#accept-order")
    expect(m.locator("h1 .badge")).to_contain_text("Accepted")
    shots(m, "merchant-accepted")
    merchant.close()
