"""Chinese recall when jieba splits a title one way and a query another: 大豆蜡烛 is cut
大豆蜡 / 烛, so the word 蜡烛 is not among the title's words, yet a shopper who types 蜡烛 must
find the candle."""
from __future__ import annotations

from heartland.search.selectors import search_products

from .conftest import make_listed_product


def handles(query: str, market: str = "HK") -> list[str]:
    return [h.handle for h in search_products(query, market=market, per_page=100, log_zero=False).hits]


def test_a_word_jieba_splits_differently_in_the_title_still_finds_the_product(
        catalog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_listed_product(handle="test-soy-candle", title_en="Hand-poured Soy Candle", title_zh="手工大豆蜡烛",
                            category_slug=None)
    assert "test-soy-candle" in handles("大豆")   # listed and indexed
    for market in ("CN", "HK"):
        assert "test-soy-candle" in handles("蜡烛", market), market
        assert "test-soy-candle" in handles("蠟燭", market), market   # Traditional, as Hong Kong types it
    assert "test-soy-candle" in handles("大豆蜡烛")
    assert "test-soy-candle" in handles("手工蜡烛")
