"""The demo seed (`seed_demo`) and the benchmark seed (`seed_bulk`)."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import phonenumbers
import pytest
from django.core.management import call_command
from PIL import Image
from stdnum.us import ein

from heartland.catalog.categories import CATEGORY_TREE
from heartland.catalog.field_rules import TAX_CATEGORIES, parse_hs_code
from heartland.demo.data import DEFAULT_PASSWORD, MERCHANTS, OPERATOR_EMAIL, PASSWORD_ENV

CJK = re.compile(r"[\u4e00-\u9fff]")
CATEGORY_SLUGS = {slug for slug, _, _, children in CATEGORY_TREE} | {
    child[0] for *_, children in CATEGORY_TREE for child in children
}
# First three digits of the ZIP codes each state uses.
ZIP_PREFIXES = {
    "WI": range(530, 550), "IA": range(500, 529), "MI": range(480, 500), "MN": range(550, 568),
    "OH": range(430, 460), "KS": range(660, 680), "NE": range(680, 694), "MO": range(630, 659),
    "IL": range(600, 630), "IN": range(460, 480), "KY": range(400, 428),
}
# HS chapter/heading → the tax category a product under it must carry.
TAX_BY_HS_PREFIX = {
    "2204": "alcohol", "2206": "alcohol", "2208": "alcohol", "3304": "cosmetics", "2106": "supplement",
    "0409": "agricultural", "0802": "agricultural", "0813": "agricultural", "1005": "agricultural",
    "1008": "agricultural", "1211": "agricultural", "0406": "food", "1602": "food", "1702": "food",
    "3406": "general", "9404": "general",
}


def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the data module, no database ------------------------------------------------------------
def test_demo_data_is_believable_and_valid():
    assert len(MERCHANTS) >= 12
    assert sum(len(m["products"]) for m in MERCHANTS) >= 60
    assert len({m["slug"] for m in MERCHANTS}) == len(MERCHANTS)
    for m in MERCHANTS:
        assert ein.is_valid(m["ein"]), m["ein"]
        number = phonenumbers.parse(m["contact_phone"], "US")
        assert phonenumbers.is_valid_number(number), m["contact_phone"]
        assert int(m["zip_code"][:3]) in ZIP_PREFIXES[m["state"]], (m["slug"], m["zip_code"])
        assert m["kind"] in {"farm", "food_maker", "craft", "services"}
        assert CJK.search(m["story_zh_hans"]) and len(m["story"]) > 100
        assert 4 <= len(m["products"]) <= 7, m["slug"]
        handles, skus = set(), set()
        for p in m["products"]:
            where = f"{m['slug']}/{p['handle']}"
            assert p["handle"] not in handles, where
            handles.add(p["handle"])
            assert CJK.search(p["title_zh_hans"]) and CJK.search(p["description_zh_hans"]), where
            assert p["description_en"].startswith("<p>") and p["tags"], where
            assert p["category"] in CATEGORY_SLUGS, where
            assert p["tax_category"] in TAX_CATEGORIES, where
            assert 1 <= len(p["variants"]) <= 3, where
            service = p.get("kind") == "service"
            if service:
                assert not p.get("hs_code") and p["tax_category"] == "general", where
            else:
                assert parse_hs_code(p["hs_code"]) == p["hs_code"], where
                expected = TAX_BY_HS_PREFIX.get(p["hs_code"][:4])
                assert expected in (None, p["tax_category"]), (where, p["hs_code"], p["tax_category"])
            for v in p["variants"]:
                assert v.sku not in skus, (where, v.sku)
                skus.add(v.sku)
                assert Decimal(v.price) > 0 and v.stock >= 0
                assert (v.grams == 0) if service else (v.grams > 0), where
                if v.compare_at:
                    assert Decimal(v.compare_at) > Decimal(v.price), where


def test_demo_password_comes_from_the_environment(monkeypatch):
    from heartland.demo.management.commands.seed_demo import demo_password

    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    assert demo_password() == DEFAULT_PASSWORD
    monkeypatch.setenv(PASSWORD_ENV, "another-demo-pass")
    assert demo_password() == "another-demo-pass"


# --- seed_demo -------------------------------------------------------------------------------
def _counts():
    from heartland.accounts.models import User
    from heartland.catalog.models import Product, ProductImage, Variant
    from heartland.inventory.models import StockLevel, Warehouse
    from heartland.merchants.models import Membership, Merchant, MerchantStatusChange

    models = (User, Merchant, Membership, MerchantStatusChange, Warehouse, Product, Variant, StockLevel, ProductImage)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db(transaction=True)  # commits as `make demo` does: the sandboxes answer on commit
def test_seed_demo_builds_a_marketplace_and_is_idempotent(settings, tmp_path, client, monkeypatch):
    from heartland.accounts.models import User
    from heartland.catalog.models import Product, ProductKind, Variant
    from heartland.merchants.models import Merchant, MerchantStatus

    settings.MEDIA_ROOT = tmp_path
    _fast_passwords(settings)
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    out = io.StringIO()
    settings.VAR_DIR = tmp_path  # the sandboxes' development keys
    call_command("seed_demo", stdout=out)

    assert Merchant.objects.filter(status=MerchantStatus.APPROVED).count() >= 12
    products = list(Product.objects.select_related("merchant", "category").prefetch_related(
        "variants__stock_levels", "images"))
    assert len(products) >= 60
    assert sum(p.status == "active" for p in products) >= 55
    for p in products:
        assert CJK.search(p.title_zh_hans), p.handle
        assert p.title_zh_hant and p.description_zh_hant, p.handle  # derived by the service (OpenCC)
        assert p.category is not None and p.origin_state == p.merchant.state
        variants = list(p.variants.all())
        assert 1 <= len(variants) <= 3
        for v in variants:
            assert v.tax_category in TAX_CATEGORIES and v.country_of_origin == "US"
            assert len(v.stock_levels.all()) == 1, v.sku
            if p.kind == ProductKind.PHYSICAL:
                assert v.hs_code and v.requires_shipping and v.grams > 0, v.sku
            else:
                assert not v.requires_shipping and v.grams == 0, v.sku
        images = list(p.images.all())
        assert 1 <= len(images) <= 2, p.handle
    with_image = products[0].images.first()
    with with_image.image.open("rb") as fh:
        picture = Image.open(fh)
        picture.load()
        assert picture.size == (800, 800)
    assert Variant.objects.filter(stock_levels__on_hand=0).exists()
    assert Product.objects.filter(kind=ProductKind.SERVICE).exists()
    assert Product.objects.exclude(status="active").exists()
    assert Variant.objects.filter(tax_category="alcohol", hs_code__startswith="2208").exists()
    text = out.getvalue()
    assert OPERATOR_EMAIL in text and "http://127.0.0.1:8000/portal/" in text and "/admin/" in text

    # Today's demo rates are loaded, so every market shows an all-in price.
    from heartland.markets.models import FxRate
    from heartland.markets.pricing import price_for

    assert FxRate.objects.count() == 5
    honey = next(p for p in products if p.variants.filter(hs_code="04090000").exists())
    for code in ("CN", "HK", "JP", "KR", "SG"):
        quote = price_for(honey, code)
        assert quote.available and quote.total > 0, code

    # Orders along the whole path, made through the sandboxes: a newcomer sees every state.
    from heartland.customs.models import CustomsMessage
    from heartland.demo.orders import SHOPPER_EMAIL
    from heartland.orders.models import MerchantOrder

    parts = {(m.order.market, m.status) for m in MerchantOrder.objects.filter(order__user__email=SHOPPER_EMAIL)
             .select_related("order")}
    assert parts >= {("CN", "pending_payment"), ("CN", "paid"), ("CN", "accepted"), ("CN", "released"),
                     ("CN", "delivered"), ("CN", "refunded"), ("HK", "delivered")}, parts
    released = MerchantOrder.objects.get(order__user__email=SHOPPER_EMAIL, status="released")
    assert set(CustomsMessage.objects.filter(merchant_order=released).values_list("kind", flat=True)) == {
        "CEB311", "CEB411", "CEB511", "CEB621"}
    assert SHOPPER_EMAIL in text
    orders_before = MerchantOrder.objects.count()

    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before and FxRate.objects.count() == 5 and MerchantOrder.objects.count() == orders_before

    operator = User.objects.get(email=OPERATOR_EMAIL)
    assert operator.is_staff and operator.is_superuser
    assert client.login(email=OPERATOR_EMAIL, password=DEFAULT_PASSWORD)
    client.logout()
    owner = f"owner@{MERCHANTS[0]['slug']}.example"
    assert client.login(email=owner, password=DEFAULT_PASSWORD)
    assert Merchant.objects.get(slug=MERCHANTS[0]["slug"]).members.filter(email=owner).exists()


# --- seed_bulk -------------------------------------------------------------------------------
def _bulk_snapshot(seed: int):
    from heartland.catalog.models import Product

    rows = []
    qs = Product.objects.filter(merchant__slug__startswith=f"bulk-{seed}-").select_related("merchant")
    for p in qs.prefetch_related("variants__stock_levels").order_by("handle"):
        variants = tuple(
            (v.sku, v.option1, v.price_usd, v.compare_at_price_usd, v.grams, v.hs_code, v.tax_category,
             v.stock_levels.get().on_hand)
            for v in p.variants.order_by("position")
        )
        rows.append((p.handle, p.merchant.slug, p.title_en, p.title_zh_hans, p.title_zh_hant, p.status, p.tags,
                     p.category_id, variants))
    return rows


@pytest.mark.django_db
def test_seed_bulk_makes_varied_products_deterministically():
    from heartland.catalog.models import Product
    from heartland.core.chinese import to_traditional
    from heartland.merchants.models import Merchant

    call_command("seed_bulk", "--products", "300", "--seed", "7", stdout=io.StringIO())
    products = Product.objects.filter(merchant__slug__startswith="bulk-7-")
    assert products.count() == 300
    assert Merchant.objects.filter(slug__startswith="bulk-7-", status="approved").count() == 10
    first = _bulk_snapshot(7)
    assert all(1 <= len(row[-1]) <= 3 for row in first)
    assert len({row[3] for row in first}) >= 150  # varied Chinese titles
    assert len({row[7] for row in first}) >= 15  # many categories
    assert all(CJK.search(row[3]) for row in first)
    assert all(row[4] == to_traditional(row[3]) for row in first[:50])
    statuses = [row[5] for row in first]
    assert statuses.count("active") >= 240 and len(set(statuses)) >= 2

    # Running it again adds nothing.
    call_command("seed_bulk", "--products", "300", "--seed", "7", stdout=io.StringIO())
    assert products.count() == 300

    # The same seed on a clean slate writes the same rows.
    Merchant.objects.filter(slug__startswith="bulk-7-").delete()
    call_command("seed_bulk", "--products", "300", "--seed", "7", stdout=io.StringIO())
    assert _bulk_snapshot(7) == first

    # A larger N tops up; another seed is a different set.
    call_command("seed_bulk", "--products", "320", "--seed", "7", stdout=io.StringIO())
    assert products.count() == 320
    call_command("seed_bulk", "--products", "30", "--seed", "8", "--merchants", "3", stdout=io.StringIO())
    other = _bulk_snapshot(8)
    assert len(other) == 30 and len({row[1] for row in other}) == 3
    assert [row[3] for row in other] != [row[3] for row in first[:30]]
