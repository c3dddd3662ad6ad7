"""prices_for (a page of product cards priced at once) says exactly what price_for says of each."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartland.catalog.models import Product
from heartland.catalog.services import VariantInput, save_variant
from heartland.catalog.tests.factories import make_merchant, make_product
from heartland.markets.models import FxRate, Market
from heartland.markets.pricing import price_for, prices_for, rate_for

pytestmark = pytest.mark.django_db

HS = ["04090000", "02102000", "12112011", "22083000", ""]  # honey, jerky, ginseng, bourbon, none given


def _seen(q) -> tuple:
    """What a shopper sees of a quote."""
    return (q.available, q.unavailable.code if q.unavailable else None, str(q.unavailable.message) if q.unavailable
            else None, q.allowed, tuple(r.code for r in q.reasons), q.freight, q.goods, q.total_tax, q.total,
            dict(q.shown), q.service_level, tuple((p.variant.pk, p.unit_price) for p in q.lines))


@pytest.fixture
def shelf():
    FxRate.objects.create(base="USD", quote="CNY", rate=Decimal("7.1000"),
                          valid_from=timezone.now() - timedelta(hours=1), source="test")
    FxRate.objects.create(base="USD", quote="JPY", rate=Decimal("150.00"),
                          valid_from=timezone.now() - timedelta(hours=1), source="test")
    return make_merchant()


products = st.lists(st.lists(st.tuples(st.decimals(min_value=Decimal("0.50"), max_value=Decimal("2500"), places=2),
                                       st.sampled_from(["100", "250", "250", "900", "31000"]),
                                       st.sampled_from(HS)), max_size=3), min_size=1, max_size=6)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=products, code=st.sampled_from(["CN", "JP", "KR"]))
def test_a_page_priced_at_once_shows_each_card_the_price_it_would_have_alone(shelf, specs, code):
    made = []
    for variants in specs:
        product = make_product(merchant=shelf, title_en="Raw Honey")
        product.variants.all().delete()
        for i, (price, grams, hs) in enumerate(variants):
            save_variant(product=product, data=VariantInput(price_usd=price, grams=Decimal(grams), hs_code=hs,
                                                            tax_category="agricultural", option1=f"size {i}"))
        made.append(product)
    market = Market.objects.get(code=code)  # KR has no rate here: "not available yet"
    loaded = list(Product.objects.filter(pk__in=[p.pk for p in made]).prefetch_related("variants").order_by("pk"))
    alone = [_seen(price_for(p, market)) for p in loaded]
    assert [_seen(q) for q in prices_for(loaded, market, rate=rate_for(market))] == alone
    assert [_seen(q) for q in prices_for(loaded, market)] == alone


def test_a_closed_market_prices_no_card(shelf):
    FxRate.objects.filter(quote="CNY").delete()
    product = make_product(merchant=shelf)
    market = Market.objects.get(code="CN")
    assert [q.unavailable.code for q in prices_for([product, product], market)] == ["no_fx_rate", "no_fx_rate"]
    market.is_open = False
    assert [q.unavailable.code for q in prices_for([product], market)] == ["market_closed"]
