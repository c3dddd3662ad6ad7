"""A shopper on a phone finds beef jerky by typing pinyin, filters by state, opens it,
switches to Traditional Chinese and to Hong Kong, and sees the price in HK$."""
from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "locale": "zh-CN", "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"}


def test_niurougan_to_hong_kong_dollars(browser, live_server, shots):
    call_command("seed_demo", "--no-images", verbosity=0)
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("美国中西部农场直供")
    shots(page, "home")
    page.fill("#q", "niurougan")
    page.press("#q", "Enter")
    expect(page.locator("#results .card-p").first).to_contain_text("牛肉干")
    shots(page, "search-niurougan")
    page.select_option("#facet-state", "IA")
    expect(page).to_have_url(re.compile(r"state=IA"))
    cards = page.locator("#results .card-p")
    expect(cards.first).to_contain_text("IA")
    shots(page, "filtered-iowa")
    cards.first.locator("a").first.click()
    expect(page.locator("#product-title")).to_contain_text("牛肉干")
    expect(page.locator("#allin-price")).to_contain_text("¥")
    shots(page, "product-cn")
    page.click("a.lang-link[data-lang='zh-hant']")
    expect(page.locator("#product-title")).to_contain_text("牛肉乾")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    shots(page, "product-hant")
    page.select_option("#market-select", "HK")
    expect(page.locator("#allin-price")).to_contain_text("HK$")
    expect(page.locator("#product-title")).to_contain_text("牛肉乾")
    shots(page, "product-hk")
    ctx.close()
