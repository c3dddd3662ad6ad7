"""The anonymous shoppers' page cache: fresh after every change that matters, never personal."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from heartland.catalog.models import Variant
from heartland.catalog.services import VariantInput, save_product, save_variant
from heartland.catalog.tests.factories import make_merchant, make_user
from heartland.checkout.models import Cart
from heartland.inventory.services import ensure_default_warehouse, reserve, set_stock
from heartland.markets.models import FxRate, PositiveListEdition
from heartland.storefront import pagecache
from heartland.storefront.models import PageGeneration

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(django_capture_on_commit_callbacks, settings):
    settings.HEARTLAND_PAGE_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        for quote, rate in (("CNY", "7.1000"), ("HKD", "7.8000"), ("JPY", "150.00"), ("KRW", "1400.00"),
                            ("SGD", "1.3500")):
            FxRate.objects.create(base="USD", quote=quote, rate=Decimal(rate),
                                  valid_from=timezone.now() - timedelta(hours=1), source="test")
        farm = make_merchant(slug="sunflower-honey", state="KS", trading_name="Sunflower Honey")
        product = save_product(merchant=farm, fields={
            "handle": "raw-honey", "title_en": "Kansas Raw Honey", "title_zh_hans": "堪萨斯生蜂蜜", "status": "active",
            "origin_state": "KS", "option1_name": "Size"})
        variant = save_variant(product=product, data=VariantInput(price_usd=Decimal("12.00"), option1="8 oz",
                                                                  grams=Decimal("250"), hs_code="04090000",
                                                                  tax_category="agricultural"))
        set_stock(variant=variant, warehouse=ensure_default_warehouse(merchant=farm), on_hand=3)
    pagecache.forget_pages()
    return {"farm": farm, "product": product, "variant": variant}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


URL = "/p/sunflower-honey/raw-honey/"


def _price(response) -> str:
    return re.search(r'id="allin-price">([^<]+)<', response.content.decode()).group(1)


def _get(client, url=URL, **headers):
    response = client.get(url, **headers)
    return response


def test_a_second_anonymous_request_is_a_hit_with_validators_and_no_csrf_token(shop):
    first, second = _get(Client()), _get(Client())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert first.content == second.content
    body = second.content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in body and "X-CSRFToken" not in body
    assert not second.cookies and "csrftoken" not in first.cookies
    assert second["ETag"].startswith('"') and second["Last-Modified"]
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    vary = {v.strip() for v in second["Vary"].split(",")}
    assert "Cookie" in vary and "Accept-Language" not in vary
    assert second["X-Frame-Options"] == "DENY"


def test_a_matching_if_none_match_gets_304_and_head_works(shop):
    etag = _get(Client())["ETag"]
    again = Client().get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    other = Client().get(URL, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200
    head = Client().head(URL)
    assert head.status_code == 200 and head["ETag"] == etag and not head.content


def test_a_new_price_shows_on_the_next_request(shop, commit):
    before = _price(_get(Client()))
    with commit():
        variant = Variant.objects.get(pk=shop["variant"].pk)
        variant.price_usd = Decimal("40.00")
        variant.save()
    after = _get(Client())
    assert after["X-Page-Cache"] == "miss" and _price(after) != before


def test_stock_crossing_zero_shows_sold_out_at_once(shop, commit):
    assert "Sold out" not in _get(Client(), "/en" + URL).content.decode()
    with commit():
        reserve(reference="HL-1", lines=[(shop["variant"], 3)])
    assert "Sold out" in _get(Client(), "/en" + URL).content.decode()


def test_a_checkout_that_leaves_stock_retires_nothing(shop, commit):
    _get(Client())
    before = PageGeneration.objects.get().value
    with commit():
        reserve(reference="HL-2", lines=[(shop["variant"], 1)])
    assert PageGeneration.objects.get().value == before


def test_an_unpublished_product_is_gone_at_once(shop, commit):
    assert "raw-honey" in _get(Client(), "/").content.decode()
    _get(Client())
    with commit():
        product = shop["product"]
        product.status = "archived"
        product.save()
    assert _get(Client()).status_code == 404
    assert "raw-honey" not in _get(Client(), "/").content.decode()


def test_a_suspended_merchant_is_gone(shop, commit):
    assert _get(Client(), "/m/sunflower-honey/").status_code == 200
    with commit():
        farm = shop["farm"]
        farm.status = "suspended"
        farm.save()
    assert _get(Client()).status_code == 404
    assert _get(Client(), "/m/sunflower-honey/").status_code == 404
    assert "raw-honey" not in _get(Client(), "/").content.decode()


def test_a_new_fx_rate_changes_the_price(shop, commit):
    before = _price(_get(Client()))
    with commit():
        FxRate.objects.create(base="USD", quote="CNY", rate=Decimal("9.5000"), valid_from=timezone.now(), source="t")
    assert _price(_get(Client())) != before


def test_a_new_rule_edition_retires_every_page(shop, commit):
    _get(Client())
    with commit():
        PositiveListEdition.objects.create(name="2026", content="", lines=0, is_active=False)
    assert _get(Client())["X-Page-Cache"] == "miss"


def test_another_process_bump_is_seen_within_the_check_interval(shop, settings):
    _get(Client())
    PageGeneration.objects.filter(pk=1).update(value=999)  # as another worker would, on commit
    assert _get(Client())["X-Page-Cache"] == "hit"  # within the interval
    settings.HEARTLAND_PAGE_CACHE_CHECK_SECONDS = 0
    assert _get(Client())["X-Page-Cache"] == "miss"


def test_a_cn_page_is_never_served_to_hk_nor_zh_hans_to_en(shop):
    cn = _get(Client())
    hk_client = Client()
    hk_client.cookies["hl_market"] = "HK"
    hk = _get(hk_client)
    assert hk["X-Page-Cache"] == "miss" and 'data-market="HK"' in hk.content.decode()
    assert 'data-market="CN"' in cn.content.decode() and "HK$" in hk.content.decode()
    assert "¥" in _price(cn)
    query = _get(Client(), URL + "?market=HK")
    assert 'data-market="HK"' in query.content.decode()
    en = _get(Client(), "/en" + URL)
    assert en["X-Page-Cache"] == "miss" and 'lang="en"' in en.content.decode()
    assert 'lang="zh-Hans"' in _get(Client()).content.decode()


def test_a_signed_in_shopper_never_gets_the_anonymous_page_nor_leaks_into_it(shop):
    _get(Client())
    shopper = make_user(email="mei@example.com")
    client = Client()
    client.force_login(shopper)
    mine = _get(client)
    assert "X-Page-Cache" not in mine and "public" not in mine.get("Cache-Control", "")
    assert "My orders" in _get(client, "/en" + URL).content.decode()
    token = client.cookies.get("csrftoken")
    anonymous = _get(Client(), "/en" + URL).content.decode()
    assert "My orders" not in anonymous and "Sign in" in anonymous
    assert token is None or token.value not in anonymous


def test_a_shopper_with_a_cart_gets_their_own_page(shop):
    _get(Client())
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("storefront:csrf"))
    token = client.cookies["csrftoken"].value
    added = client.post(reverse("checkout:add"), {"variant": shop["variant"].pk, "quantity": 1},
                        HTTP_X_CSRFTOKEN=token)
    assert added.status_code == 302 and Cart.objects.count() == 1
    page = _get(client)
    assert "X-Page-Cache" not in page and "public" not in page.get("Cache-Control", "")
    assert token not in _get(Client()).content.decode()


def test_two_anonymous_shoppers_add_to_cart_from_a_cached_page_with_javascript(shop):
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        page = _get(client)
        assert 'name="csrfmiddlewaretoken" value=""' in page.content.decode()
        assert client.get(reverse("storefront:csrf")).status_code == 204  # csrf.js: cookie missing
        token = client.cookies["csrftoken"].value
        # csrf.js copies the cookie into the form's field
        added = client.post(reverse("checkout:add"), {"variant": shop["variant"].pk, "quantity": 1,
                                                      "csrfmiddlewaretoken": token})
        assert added.status_code == 302 and added["Location"].endswith(reverse("checkout:cart"))
    assert Cart.objects.count() == 2


def test_without_javascript_the_action_is_offered_again_with_a_fresh_token(shop):
    client = Client(enforce_csrf_checks=True)
    _get(client)
    refused = client.post(reverse("checkout:add"), {"variant": shop["variant"].pk, "quantity": 2,
                                                    "csrfmiddlewaretoken": ""})
    assert refused.status_code == 403
    body = refused.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    assert f'name="variant" value="{shop["variant"].pk}"' in body and 'name="quantity" value="2"' in body
    added = client.post(reverse("checkout:add"), {"variant": shop["variant"].pk, "quantity": 2,
                                                  "csrfmiddlewaretoken": token})
    assert added.status_code == 302 and Cart.objects.get().lines.get().quantity == 2

    switch = Client(enforce_csrf_checks=True)
    refused = switch.post(reverse("storefront:set_market"), {"market": "HK", "next": URL})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', refused.content.decode()).group(1)
    moved = switch.post(reverse("storefront:set_market"), {"market": "HK", "next": URL, "csrfmiddlewaretoken": token})
    assert moved.status_code == 302 and switch.cookies["hl_market"].value == "HK"
    assert 'data-market="HK"' in _get(switch).content.decode()


def test_other_forms_are_not_offered_again(shop):
    refused = Client(enforce_csrf_checks=True).post("/accounts/logout/", {})
    assert refused.status_code == 403 and "csrfmiddlewaretoken" not in refused.content.decode().split("<main")[1]


def test_the_cache_can_be_turned_off(shop, settings):
    settings.HEARTLAND_PAGE_CACHE = False
    _get(Client())
    response = _get(Client())
    assert "X-Page-Cache" not in response and "csrfmiddlewaretoken" in response.content.decode()



def test_a_search_that_finds_something_is_served_from_the_cache(shop, commit):
    url = "/en/search/?q=honey"
    first, second = _get(Client(), url), _get(Client(), url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert "Kansas Raw Honey" in second.content.decode() and 'value="honey"' in second.content.decode()
    # Another query, market or language is another page.
    assert _get(Client(), url + "&market=HK")["X-Page-Cache"] == "miss"
    # A product published later shows at once (the index write retires every page).
    with commit():
        comb = save_product(merchant=shop["farm"], fields={
            "handle": "clover-comb", "title_en": "Clover Honey Comb", "status": "active", "origin_state": "KS"})
        save_variant(product=comb, data=VariantInput(price_usd=Decimal("15.00"), grams=Decimal("300"),
                                                     hs_code="04090000", tax_category="agricultural"))
    assert "Clover Honey Comb" in _get(Client(), url).content.decode()


def test_a_search_that_finds_nothing_is_never_stored_and_each_one_is_logged(shop):
    from heartland.search.models import ZeroResultQuery

    url = "/en/search/?q=unicornmilk"
    first, second = _get(Client(), url), _get(Client(), url)
    assert first["X-Page-Cache"] == "bypass" and second["X-Page-Cache"] == "bypass"
    assert ZeroResultQuery.objects.get(query="unicornmilk").count == 2
