"""From paid to delivered and back, in real Chromium: a shopper in Chengdu pays; the farm accepts
and ships from the portal; the sandbox customs releases the parcel; the sandbox carrier delivers
it; the shopper sees each step on the order page, asks for a return with a photo; the farm accepts
it, the parcel comes back, the farm confirms it, and the refund lands."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from heartland.accounts.models import User
from heartland.checkout.tests.factories import BUYER_ID, BUYER_NAME, CONSIGNEE, rates, two_farms
from heartland.customs.models import CustomsMessage
from heartland.merchants.models import MemberRole, Membership
from heartland.orders.models import MerchantOrder
from heartland.payments.models import Payment
from heartland.sandbox_carrier.carrier import advance_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "locale": "zh-CN"}
PASSWORD = "from-wausau-to-chengdu"


def _sign_in(page, base: str, email: str, *, prefix: str = "") -> None:
    page.goto(f"{base}{prefix}/accounts/login/")
    page.fill("[name=login]", email)
    page.fill("[name=password]", PASSWORD)
    page.click("form button[type=submit]")


def test_paid_accepted_shipped_released_delivered(browser, live_server, shots, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the sandboxes' development keys
    rates()
    honey, _cheese = two_farms()
    User.objects.create_user(email="buyer@example.cn", password=PASSWORD)
    owner = User.objects.create_user(email="owner@sunflower.example", password=PASSWORD)
    Membership.objects.create(user=owner, merchant=honey.product.merchant, role=MemberRole.OWNER)

    shopper = browser.new_context(**PHONE)
    page = shopper.new_page()
    _sign_in(page, live_server.url, "buyer@example.cn")
    page.goto(f"{live_server.url}/p/{honey.product.merchant.slug}/{honey.product.handle}/")
    page.click("#add-to-cart")
    page.click("#go-checkout")
    for name, value in CONSIGNEE.items():
        page.fill(f"[name={name}]", value)
    page.fill("[name=real_name]", BUYER_NAME)
    page.fill("[name=id_number]", BUYER_ID)
    page.check("[name=agree]")
    page.click("#submit-order")
    page.fill("[name=payer_name]", BUYER_NAME)
    page.fill("[name=payer_id_number]", BUYER_ID)
    page.click("button[value=pay]")
    expect(page.locator("#order-status")).to_have_attribute("data-status", "paid", timeout=15000)
    part = MerchantOrder.objects.get()
    order_url = page.url

    farm = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    m = farm.new_page()
    _sign_in(m, live_server.url, "owner@sunflower.example", prefix="/en")
    m.goto(f"{live_server.url}/portal/m/{part.merchant.slug}/orders/{part.number}/")
    m.click("#accept-order")
    expect(m.locator("h1 .badge")).to_contain_text("Accepted")
    m.click("#ship-order")
    m.fill("input[name$='-0-weight_kg']", "1.2")
    shots(m, "farm-ship")
    m.click("#book-shipment")
    expect(m.locator("#waybill")).to_be_visible(timeout=15000)
    shots(m, "farm-shipped")
    part.refresh_from_db()
    # The sandbox customs answered on commit: order, payment and waybill accepted, then the
    # inventory list declared and released.
    kinds = dict(CustomsMessage.objects.filter(merchant_order=part).values_list("kind", "status"))
    assert part.status == "released", (part.status, kinds)
    assert set(kinds) == {"CEB311", "CEB411", "CEB511", "CEB621"}

    page.goto(order_url)
    expect(page.locator(f"#part-{part.number} [data-status]").first).to_have_attribute("data-status", "released")
    expect(page.locator(f"#part-{part.number} .part-timeline")).to_contain_text("海关已放行")
    shots(page, "shopper-released")

    waybill = m.locator("#waybill").inner_text()
    advance_all(tracking_numbers=[waybill], steps=5)  # the carrier's days on the road
    part.refresh_from_db()
    assert part.status == "delivered"
    page.reload()
    expect(page.locator(f"#part-{part.number} [data-status]").first).to_have_attribute("data-status", "delivered")
    shots(page, "shopper-delivered")

    # A return: the shopper asks for one with a photo; the farm accepts; the parcel comes back.
    page.click(f"#return-{part.number}")
    line = part.lines.get()
    page.fill(f"#qty_{line.pk}", "1")
    page.fill("#reason", "罐子在运输中破裂了。")
    page.set_input_files("#photos", files=[{"name": "broken.png", "mimeType": "image/png", "buffer": _png()}])
    page.check("#unused")
    shots(page, "shopper-return-form")
    page.click("#send-return")
    expect(page.locator("#return-status")).to_have_attribute("data-status", "requested", timeout=15000)
    return_url = page.url
    m.goto(f"{live_server.url}/portal/m/{part.merchant.slug}/returns/")
    m.locator("#merchant-returns a").first.click()
    m.click("#accept-return")
    expect(m.locator("#return-waybill")).to_be_visible(timeout=15000)
    advance_all(tracking_numbers=[m.locator("#return-waybill").inner_text()], steps=5)  # back to the farm
    m.reload()
    if m.locator("#mark-received").count():
        m.click("#mark-received")
    m.locator("input[name^='resellable_']").first.fill("1")
    m.click("#confirm-return")
    expect(m.locator("#return-refund")).to_be_visible(timeout=15000)
    shots(m, "farm-return-refunded")
    payment = Payment.objects.get(purpose_reference=part.order.number)
    assert payment.refunded_amount > 0
    page.goto(return_url)
    expect(page.locator("#return-refund")).to_be_visible()
    shots(page, "shopper-refunded")
    shopper.close()
    farm.close()


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()
