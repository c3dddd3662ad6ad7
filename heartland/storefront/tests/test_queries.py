"""A shopper page costs the same number of database queries whether it shows 2 products or 12:
nothing is fetched card by card (images, variants, stock, merchant, category)."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heartland.catalog.models import Category, ProductImage
from heartland.catalog.services import VariantInput, save_product, save_variant
from heartland.catalog.tests.factories import make_merchant
from heartland.inventory.services import ensure_default_warehouse, set_stock
from heartland.markets.models import FxRate

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(settings, django_capture_on_commit_callbacks):
    """A farm selling in one category, and a way to add n more of its products (indexed for search),
    each with three sizes in stock and two pictures, and each from a farm of its own too."""
    settings.HEARTLAND_PAGE_CACHE = False  # the page as rendered, not a cached copy
    FxRate.objects.create(base="USD", quote="CNY", rate=Decimal("7.1000"), valid_from=timezone.now() - timedelta(hours=1),
                          source="test")
    category = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    farm = make_merchant(slug="many-acres", state="IA", trading_name="Many Acres", story="A family farm.")
    made: list = []

    def add(n: int) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(n):
                i = len(made)
                for merchant in (farm, make_merchant(slug=f"farm-{i}", state="WI", trading_name=f"Farm {i}")):
                    product = save_product(merchant=merchant, fields={
                        "handle": f"honey-{i}", "title_en": f"Raw Honey {i}", "title_zh_hans": f"生蜂蜜{i}号",
                        "status": "active", "description_en": "<p>Raw honey.</p>", "origin_state": merchant.state,
                        "category": category, "option1_name": "Size"})
                    warehouse = ensure_default_warehouse(merchant=merchant)
                    for size in range(3):
                        variant = save_variant(product=product, data=VariantInput(
                            price_usd=Decimal(12 + size * 5), option1=f"{8 * (size + 1)} oz",
                            grams=Decimal(250 * (size + 1)), hs_code="04090000", tax_category="agricultural"))
                        set_stock(variant=variant, warehouse=warehouse, on_hand=5)
                    for position in range(2):
                        ProductImage.objects.create(product=product, position=position,
                                                    src_url=f"https://img.example/honey-{i}-{position}.jpg")
                made.append(product)

    return {"add": add, "farm": farm, "category": category, "made": made}


def _queries(client, path: str) -> tuple[int, str]:
    client.get(path)  # warm: the small shared caches (markets, rates, categories) are not the page's own cost
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries), response.content.decode()


def _pages(shop) -> dict[str, str]:
    top = shop["category"].parent or shop["category"]
    first = shop["made"][0]
    return {
        "home": reverse("storefront:home"),
        "category": reverse("storefront:category", args=[top.slug]),
        "merchant": reverse("storefront:merchant", args=[shop["farm"].slug]),
        "search": reverse("storefront:search") + "?q=" + quote("蜂蜜"),
        "product": reverse("storefront:product", args=[first.merchant.slug, first.handle]),
    }


def test_listing_pages_cost_the_same_queries_for_two_products_as_for_twelve(client, shop):
    shop["add"](2)
    few = {name: _queries(client, path) for name, path in _pages(shop).items()}
    shop["add"](10)
    many = {name: _queries(client, path) for name, path in _pages(shop).items()}

    # The pages really show more products the second time (else the comparison proves nothing)…
    for name in ("category", "merchant", "search"):
        assert few[name][1].count('class="card-p"') == 2 * (2 if name != "merchant" else 1)
        assert many[name][1].count('class="card-p"') > few[name][1].count('class="card-p"')
    assert many["home"][1].count('class="card-p"') == 8 and few["home"][1].count('class="card-p"') == 4
    # …each with its picture and its price,
    assert "honey-11-0.jpg" in many["merchant"][1] and "honey-11-1.jpg" not in many["merchant"][1]
    # …for the same number of queries.
    assert {name: n for name, (n, _) in many.items()} == {name: n for name, (n, _) in few.items()}


def test_a_product_page_costs_the_same_queries_whatever_its_sizes_and_pictures(client, shop):
    shop["add"](1)
    product = shop["made"][0]
    path = reverse("storefront:product", args=[product.merchant.slug, product.handle])
    few, body = _queries(client, path)
    assert body.count("8 oz") >= 1 and "24 oz" in body
    warehouse = ensure_default_warehouse(merchant=product.merchant)
    for size in range(3, 9):
        variant = save_variant(product=product, data=VariantInput(
            price_usd=Decimal(12 + size * 5), option1=f"{8 * (size + 1)} oz", grams=Decimal(250 * (size + 1)),
            hs_code="04090000", tax_category="agricultural"))
        set_stock(variant=variant, warehouse=warehouse, on_hand=5)
        ProductImage.objects.create(product=product, position=size, src_url=f"https://img.example/more-{size}.jpg")
    many, body = _queries(client, path)
    assert "72 oz" in body and "more-8.jpg" in body
    assert many == few
