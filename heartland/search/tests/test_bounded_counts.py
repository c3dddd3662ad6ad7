"""Bounded counts: exact up to settings.HEARTLAND_SEARCH_EXACT_COUNT_LIMIT matches; above it the
total is a lower bound ("10,000+"), facets count the candidates kept, and the page says so. The
demo catalogue is small, so the tests above the bound lower it."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.template.loader import render_to_string
from django.utils import translation

from heartland.search.selectors import SearchResult, search_products

CASES = yaml.safe_load((Path(__file__).parent / "relevance.yaml").read_text(encoding="utf-8"))["cases"]
QUERIES = [("蜂蜜", "HK"), ("", "HK"), ("fm", "CN"), ("chees", "CN")]


def _facet_sums(result) -> dict[str, int]:
    return {kind: sum(v.count for v in values) for kind, values in result.facets.items()}


@pytest.mark.parametrize("query, market", QUERIES)
def test_below_the_bound_nothing_changes(catalog, settings, query, market):
    settings.HEARTLAND_SEARCH_EXACT_COUNT_LIMIT = 10**9
    unbounded = search_products(query, market=market, per_page=100, log_zero=False)
    settings.HEARTLAND_SEARCH_EXACT_COUNT_LIMIT = 10_000
    bounded = search_products(query, market=market, per_page=100, log_zero=False)
    assert unbounded.total > 3
    assert not bounded.total_is_lower_bound
    assert bounded.total == unbounded.total
    assert bounded.facets == unbounded.facets
    assert [h.handle for h in bounded.hits] == [h.handle for h in unbounded.hits]
    # exactly at the bound is still exact
    settings.HEARTLAND_SEARCH_EXACT_COUNT_LIMIT = unbounded.total
    at = search_products(query, market=market, per_page=100, log_zero=False)
    assert (at.total, at.total_is_lower_bound, at.facets) == (unbounded.total, False, unbounded.facets)


@pytest.mark.parametrize("query, market", QUERIES)
@pytest.mark.parametrize("sort", ["relevance", "price_asc", "newest"])
def test_above_the_bound_the_total_is_a_lower_bound(catalog, settings, query, market, sort):
    exact = search_products(query, market=market, per_page=100, sort=sort, log_zero=False)
    settings.HEARTLAND_SEARCH_EXACT_COUNT_LIMIT = 3
    result = search_products(query, market=market, per_page=2, sort=sort, log_zero=False)
    assert result.total_is_lower_bound
    assert result.total == 3 and result.pages == 2
    sums = _facet_sums(result)
    assert sums["in_stock"] == sums["state"] == 3          # facets count the 3 kept, no more
    assert sums["category"] <= 3 and sums["price"] == 3
    found = {h.handle for h in exact.hits}
    second = search_products(query, market=market, per_page=2, page=2, sort=sort, log_zero=False)
    shown = [h.handle for h in result.hits + second.hits]
    assert len(shown) == 3 and len(set(shown)) == 3 and set(shown) <= found
    last = search_products(query, market=market, per_page=2, page=9, sort=sort, log_zero=False)
    assert last.page == 2 and "page_clamped" in last.notes


def test_above_the_bound_without_facets(catalog, settings):
    settings.HEARTLAND_SEARCH_EXACT_COUNT_LIMIT = 3
    result = search_products("", market="HK", facets=False, log_zero=False)
    assert (result.total, result.total_is_lower_bound) == (3, True)


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("none")], ids=lambda c: f"{c['market']}:{c['query']}")
def test_the_bound_keeps_every_relevance_top_3(catalog, settings, case):
    settings.HEARTLAND_SEARCH_EXACT_COUNT_LIMIT = 10**9
    unbounded = search_products(case["query"], market=case["market"], per_page=3, log_zero=False)
    settings.HEARTLAND_SEARCH_EXACT_COUNT_LIMIT = 10_000
    bounded = search_products(case["query"], market=case["market"], per_page=3, log_zero=False)
    assert [h.handle for h in bounded.hits] == [h.handle for h in unbounded.hits]


def test_the_search_page_says_how_many_and_that_facets_are_partial(client, catalog, settings):
    exact = client.get("/en/search/", {"q": "蜂蜜", "market": "HK"}).content.decode()
    assert "facet-note" not in exact and "+ products" not in exact
    settings.HEARTLAND_SEARCH_EXACT_COUNT_LIMIT = 3
    pages = {prefix: client.get(prefix + "/search/", {"q": "蜂蜜", "market": "HK"}).content.decode()
             for prefix in ("", "/zh-hant", "/en")}
    assert "3+ products" in pages["/en"]
    assert "Counts cover the best-matching results only." in pages["/en"]
    assert "3+ 件商品" in pages[""] and "筛选数量仅统计最相关的结果" in pages[""]
    assert "3+ 件商品" in pages["/zh-hant"] and "篩選數量僅統計最相關的結果" in pages["/zh-hant"]


@pytest.mark.parametrize("language, text", [("en", "10,000+ products"), ("zh-hans", "一万+ 件商品"),
                                            ("zh-hant", "1萬+ 件商品")])
def test_ten_thousand_plus_in_each_language(language, text):
    result = SearchResult(hits=[], total=10_000, facets={}, page=1, pages=417, per_page=24, query="蜂蜜",
                          market="CN", currency="CNY", sort="relevance", total_is_lower_bound=True)
    with translation.override(language):
        html = render_to_string("storefront/_results.html", {"result": result, "cards": []})
    assert text in html
