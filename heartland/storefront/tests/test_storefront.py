"""The consumer storefront as a shopper (and a search engine) sees it."""
from __future__ import annotations

import json
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from heartland.catalog.services import VariantInput, save_product, save_variant
from heartland.catalog.tests.factories import make_merchant
from heartland.inventory.services import ensure_default_warehouse, set_stock
from heartland.markets.models import FxRate

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates():
    for quote, rate in (("CNY", "7.1000"), ("HKD", "7.8000"), ("JPY", "150.00"), ("KRW", "1400.00"), ("SGD", "1.3500")):
        FxRate.objects.create(base="USD", quote=quote, rate=Decimal(rate), valid_from=timezone.now() - timedelta(hours=1),
                              source="test")


def _product(merchant, handle, title_en, title_zh, hs, tax, price="12.00", status="active", stock=10, grams="250",
             options=("8 oz",)):
    product = save_product(merchant=merchant, fields={
        "handle": handle, "title_en": title_en, "title_zh_hans": title_zh, "status": status,
        "description_en": f"<p>{title_en} from {merchant.state}.</p>", "description_zh_hans": f"<p>{title_zh}，产自美国。</p>",
        "origin_state": merchant.state, "option1_name": "Size", "tags": f"{title_en.lower()}, {title_zh}"})
    wh = ensure_default_warehouse(merchant=merchant)
    for i, opt in enumerate(options):
        v = save_variant(product=product, data=VariantInput(price_usd=Decimal(price) + i * 8, option1=opt,
                                                            grams=Decimal(grams) * (i + 1), hs_code=hs, tax_category=tax))
        set_stock(variant=v, warehouse=wh, on_hand=stock)
    return product


@pytest.fixture
def catalog(rates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        iowa = make_merchant(slug="prairie-smokehouse", state="IA", trading_name="Prairie Smokehouse",
                             story="Smoked the slow way since 1952.", story_zh_hans="自1952年起坚持慢火烟熏。")
        wis = make_merchant(slug="marathon-ginseng", state="WI", trading_name="Marathon Ginseng")
        kansas = make_merchant(slug="sunflower-honey", state="KS", trading_name="Sunflower Honey")
        hidden = make_merchant(slug="not-approved", state="OH")
        jerky = _product(iowa, "beef-jerky", "Iowa Beef Jerky", "爱荷华牛肉干", "02102000", "food",
                         options=("4 oz", "8 oz"))
        ginseng = _product(wis, "ginseng-roots", "Wisconsin Ginseng Roots", "威斯康星花旗参", "12112011", "agricultural",
                           price="60.00")
        honey = _product(kansas, "raw-honey", "Kansas Raw Honey", "堪萨斯生蜂蜜", "04090000", "agricultural")
        _product(kansas, "old-honey", "Old Honey", "旧蜂蜜", "04090000", "agricultural", status="archived")
        _product(iowa, "draft-jerky", "Draft Jerky", "草稿牛肉干", "02102000", "food", status="draft")
        _product(hidden, "secret-syrup", "Secret Syrup", "秘密枫糖浆", "17022000", "food")
        hidden.status = "submitted"  # approval withdrawn after it published
        hidden.save()
    return {"jerky": jerky, "ginseng": ginseng, "honey": honey}


def _product_url(p, lang=""):
    url = reverse("storefront:product", args=[p.merchant.slug, p.handle])
    return f"/{lang}{url}" if lang else url


def test_home_is_simplified_chinese_by_default_with_farms_and_new_arrivals(client, catalog):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="zh-Hans">' in body
    assert "美国中西部农场直供" in body and "爱荷华牛肉干" in body and "Prairie Smokehouse" in body
    assert "Secret Syrup" not in body and "草稿牛肉干" not in body and "秘密枫糖浆" not in body


def test_traditional_and_english_are_one_tap_away(client, catalog):
    url = _product_url(catalog["jerky"])
    hant = client.get("/zh-hant" + url).content.decode()
    assert "愛荷華牛肉乾" in hant and "到手價" in hant and '<html lang="zh-Hant">' in hant
    en = client.get("/en" + url).content.decode()
    assert "Iowa Beef Jerky" in en and "All-in price" in en


def test_product_page_shows_all_in_price_tax_breakdown_delivery_and_risk_notice(client, catalog):
    body = client.get(_product_url(catalog["jerky"])).content.decode()
    assert "到手价" in body and "含跨境综合税" in body and "跨境综合税" in body
    price = re.search(r'id="allin-price">([^<]+)<', body).group(1)
    assert price.startswith("¥")
    assert "标准" in body and "天送达" in body          # delivery estimate per service level
    assert "跨境购物风险告知" in body and "不得再次销售" in body  # the CBEC risk notice
    assert "自1952年起坚持慢火烟熏" in body            # the merchant's story, in Chinese


def test_variant_picker_reprices_in_place(client, catalog):
    jerky = catalog["jerky"]
    small, big = jerky.variants.order_by("price_usd")
    r = client.get(_product_url(jerky), {"variant": big.pk}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="price-box")
    fragment = r.content.decode()
    assert fragment.lstrip().startswith('<div id="price-box"') and "<html" not in fragment
    small_page = client.get(_product_url(jerky), {"variant": small.pk}).content.decode()
    get = lambda text: re.search(r'id="allin-price">([^<]+)<', text).group(1)  # noqa: E731
    assert get(fragment) != get(small_page)


def test_market_switch_changes_currency_and_is_remembered(client, catalog):
    url = _product_url(catalog["honey"])
    r = client.post(reverse("storefront:set_market"), {"market": "HK", "next": url})
    assert r.status_code == 302 and r["Location"] == url
    body = client.get(url).content.decode()
    assert re.search(r'id="allin-price">HK\$', body)
    assert "跨境购物风险告知" not in body or 'data-market="HK"' in body
    client.post(reverse("storefront:set_market"), {"market": "JP", "next": "https://evil.example/"})
    assert client.cookies["hl_market"].value == "JP"
    assert "￥" in client.get(url).content.decode() or "¥" in client.get(url).content.decode()


def test_unsellable_product_shows_the_reason_and_no_buying(client, catalog):
    body = client.get(_product_url(catalog["ginseng"])).content.decode()
    assert 'id="not-sellable"' in body and "CITES" not in body.split('id="not-sellable"')[0][-50:]
    assert "无法销往中国大陆" in body and "disabled" in body
    client.post(reverse("storefront:set_market"), {"market": "HK", "next": "/"})
    hk = client.get(_product_url(catalog["ginseng"])).content.decode()
    assert 'id="not-sellable"' not in hk and "HK$" in hk


def test_drafts_archived_and_unapproved_merchants_never_appear(client, catalog):
    for merchant, handle in (("prairie-smokehouse", "draft-jerky"), ("sunflower-honey", "old-honey"),
                             ("not-approved", "secret-syrup")):
        assert client.get(reverse("storefront:product", args=[merchant, handle])).status_code == 404
    assert client.get(reverse("storefront:merchant", args=["not-approved"])).status_code == 404


def test_search_page_finds_by_pinyin_and_filters_by_state(client, catalog):
    body = client.get(reverse("storefront:search"), {"q": "niurougan"}).content.decode()
    assert "爱荷华牛肉干" in body
    body = client.get(reverse("storefront:search"), {"q": "", "state": "KS"}).content.decode()
    assert "堪萨斯生蜂蜜" in body and "爱荷华牛肉干" not in body
    r = client.get(reverse("storefront:search"), {"q": "蜂蜜", "sort": "price_desc", "page": "x", "min": "-5"},
                   HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert r.status_code == 200 and "<html" not in r.content.decode()


def test_category_page_and_merchant_page(client, catalog):
    from heartland.catalog.models import Category

    cat = Category.objects.get(slug="honey")
    catalog["honey"].category = cat
    catalog["honey"].save()
    body = client.get(reverse("storefront:merchant", args=["sunflower-honey"])).content.decode()
    assert "Sunflower Honey" in body and "堪萨斯生蜂蜜" in body and ">KS<" in body
    assert client.get(reverse("storefront:category", args=["no-such-thing"])).status_code == 404


def test_autocomplete_by_chinese_and_pinyin_prefix(client, catalog):
    data = client.get(reverse("storefront:suggest"), {"q": "牛肉"}).json()
    assert any("牛肉干" in s["title"] for s in data["suggestions"])
    data = client.get(reverse("storefront:suggest"), {"q": "niur"}).json()
    assert any("牛肉干" in s["title"] for s in data["suggestions"])


def test_seo_title_description_canonical_hreflang_and_structured_data(client, catalog):
    body = client.get(_product_url(catalog["jerky"])).content.decode()
    assert re.search(r"<title>爱荷华牛肉干 · Prairie Smokehouse · Heartland</title>", body)
    assert '<meta name="description" content="爱荷华牛肉干，产自美国。">' in body
    assert f'<link rel="canonical" href="http://testserver{_product_url(catalog["jerky"])}">' in body
    for lang, prefix in (("zh-Hans", ""), ("zh-Hant", "/zh-hant"), ("en", "/en")):
        assert f'hreflang="{lang}" href="http://testserver{prefix}{_product_url(catalog["jerky"])}"' in body
    data = json.loads(re.search(r'<script type="application/ld\+json">(.+?)</script>', body, re.S).group(1))
    assert data["@type"] == "Product" and data["offers"]["priceCurrency"] == "CNY"
    assert Decimal(data["offers"]["price"]) > 0 and data["offers"]["availability"].endswith("InStock")


def test_no_fx_rate_shows_why_instead_of_prices(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        m = make_merchant(state="MN")
        p = _product(m, "wild-rice", "Wild Rice", "明尼苏达野米", "10089000", "agricultural")
    url = _product_url(p)
    body = client.get(url).content.decode()
    assert "暂无CNY汇率，无法显示价格。" in body and 'id="allin-price"' not in body
    assert "暫無CNY匯率，無法顯示價格。" in client.get("/zh-hant" + url).content.decode()
    en = client.get("/en" + url).content.decode()
    assert "Prices in CNY are not available yet: no exchange rate has been set." in en


def test_closed_market_says_so_in_the_shoppers_language(client, catalog):
    from heartland.markets.models import Market

    Market.objects.filter(code="CN").update(is_open=False)
    url = _product_url(catalog["honey"])
    said = {prefix: client.get(prefix + url).content.decode() for prefix in ("", "/zh-hant", "/en")}
    assert "Heartland 暂不向中国大陆销售。" in said[""] and "暂不向中国大陆销售。" in said[""]
    assert "Heartland 暫不向中國大陸銷售。" in said["/zh-hant"]
    assert "Heartland is not selling to Mainland China at the moment." in said["/en"]
    assert "Not selling to Mainland China." in said["/en"]
    assert all('id="add-to-cart"' not in body for body in said.values())


def test_translations_are_complete_and_compiled():
    """Every entry of the .po files translated (no fuzzy), and the committed .mo files say the same."""
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2] / "locale"
    key = lambda m: tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id  # noqa: E731 (plurals)
    text = lambda m: tuple(m.string) if isinstance(m.string, (list, tuple)) else m.string  # noqa: E731
    for lang in ("zh_Hans", "zh_Hant"):
        with open(root / lang / "LC_MESSAGES" / "django.po", "rb") as f:
            po = read_po(f)
        untranslated = [m.id for m in po if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
        assert untranslated == [], lang
        assert [m.id for m in po if m.id and m.fuzzy] == [], f"{lang}: fuzzy entries are not compiled"
        with open(root / lang / "LC_MESSAGES" / "django.mo", "rb") as f:
            mo = read_mo(f)
        compiled = {key(m): text(m) for m in mo if m.id}
        stale = sorted(str(key(m)) for m in po if m.id and compiled.get(key(m)) != text(m))
        assert stale == [], f"{lang}: run compilemessages"
