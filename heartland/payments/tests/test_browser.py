"""The sandbox cashier in a real phone-sized headless Chromium (skipped without a browser)."""
import os
import shutil
from pathlib import Path

import pytest

from heartland.payments.models import Payment

from .helpers import NAME, VALID_ID, start

CHROMIUM = os.environ.get("HEARTLAND_CHROMIUM", "/usr/bin/chromium")
OUT = Path(__file__).resolve().parents[3] / "test-results" / "e2e" / "payments"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("HEARTLAND_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    pw_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with pw_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                               args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield b
        b.close()


def test_pay_on_a_phone(browser, live_server, received):
    OUT.mkdir(parents=True, exist_ok=True)
    begun = start(subject="Heartland 订单 · 威斯康星牛肉干 ×2")
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="zh-CN")
    page.goto(live_server.url + begun.action.url)
    assert "/pay/sandbox/cashier/" in page.url
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    page.screenshot(path=str(OUT / "01-cashier.png"), full_page=True)
    page.fill("input[name=payer_id_number]", "110105194912310021")  # wrong check digit
    page.fill("input[name=payer_name]", NAME)
    page.click("button[value=pay]")
    assert page.locator(".errorlist").count() == 1
    page.screenshot(path=str(OUT / "02-bad-id.png"), full_page=True)
    page.fill("input[name=payer_id_number]", VALID_ID)
    page.click("button[value=pay]")
    page.wait_for_url("**/pay/return/**")
    assert "支付成功" in page.content()
    page.screenshot(path=str(OUT / "03-return.png"), full_page=True)
    assert Payment.objects.get(pk=begun.payment.pk).status == "paid"
    assert received.names() == ["payment_succeeded"]
    page.close()
