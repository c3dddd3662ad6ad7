"""An anonymous shopper served a product page from the page cache (no CSRF token inside) can
still add it to the cart and switch market: csrf.js fetches the cookie and fills the forms."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from heartland.checkout.tests.factories import rates, two_farms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_cached_product_page_can_add_to_cart_and_switch_market(browser, live_server, shots, settings):
    settings.HEARTLAND_PAGE_CACHE = True
    rates()
    honey, _cheese = two_farms()
    url = f"{live_server.url}/p/{honey.product.merchant.slug}/{honey.product.handle}/"

    warm = browser.new_context()
    assert warm.new_page().goto(url).headers["x-page-cache"] in ("miss", "hit")
    warm.close()

    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    response = page.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    assert "csrftoken" not in (response.headers.get("set-cookie") or "")
    expect(page.locator("#price-box")).to_have_attribute("data-market", "CN")
    # csrf.js asked for the cookie and filled the add-to-cart form
    expect(page.locator(".add-form [name=csrfmiddlewaretoken]")).not_to_have_value("")
    shots(page, "cached-product")
    page.click("#add-to-cart")
    expect(page.locator(".cart-group").first).to_be_visible()
    shots(page, "cart")

    ctx.close()

    # Another shopper, also served the cached page, switches market from it.
    other = browser.new_context(locale="zh-CN")
    page = other.new_page()
    assert page.goto(url).headers["x-page-cache"] == "hit"
    expect(page.locator(".market-form [name=csrfmiddlewaretoken]")).not_to_have_value("")
    page.select_option("#market-select", "HK")
    expect(page.locator("#price-box")).to_have_attribute("data-market", "HK")
    expect(page.locator("#allin-price")).to_contain_text("HK$")
    shots(page, "switched-to-hk")
    other.close()
