"""The home page's featured farms: ranked by products on sale, the ranking kept a while, the farms
themselves always current."""
from __future__ import annotations

import pytest

from heartland.catalog.tests.factories import make_merchant, make_product
from heartland.merchants.models import Merchant, MerchantStatus
from heartland.storefront import selectors

pytestmark = pytest.mark.django_db


def test_farms_with_most_products_first_and_none_without_products():
    big, small, empty = make_merchant(trading_name="Big Farm"), make_merchant(trading_name="Small Farm"), \
        make_merchant(trading_name="Empty Farm")
    for _ in range(3):
        make_product(merchant=big)
    make_product(merchant=small)
    make_product(merchant=empty, status="draft")
    assert [m.trading_name for m in selectors.featured_merchants()] == ["Big Farm", "Small Farm"]
    assert empty.pk not in [m.pk for m in selectors.featured_merchants()]


def test_a_farm_no_longer_approved_leaves_at_once_even_with_the_ranking_kept():
    big, small = make_merchant(trading_name="Big Farm"), make_merchant(trading_name="Small Farm")
    make_product(merchant=big)
    make_product(merchant=small)
    assert len(selectors.featured_merchants()) == 2  # ranking now kept
    Merchant.objects.filter(pk=big.pk).update(status=MerchantStatus.REJECTED, trading_name="Gone")
    Merchant.objects.filter(pk=small.pk).update(trading_name="Small Farm Renamed")
    assert [m.trading_name for m in selectors.featured_merchants()] == ["Small Farm Renamed"]


def test_the_count_is_not_repeated_on_every_home_page(django_assert_num_queries):
    farm = make_merchant()
    make_product(merchant=farm)
    selectors.featured_merchants()
    with django_assert_num_queries(1):  # the farms themselves, not the count over the catalogue
        assert [m.pk for m in selectors.featured_merchants()] == [farm.pk]
