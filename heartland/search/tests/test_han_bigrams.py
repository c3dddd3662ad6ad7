"""Chinese recall when jieba splits a title one way and a query another: 大豆蜡烛 is cut
大豆蜡 / 烛, so the word 蜡烛 is not among the title's words, yet a shopper who types 蜡烛 must
find the candle (the title's bigrams are indexed too, see analysis.split_tokens)."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartland.demo.data import MERCHANTS
from heartland.search import analysis
from heartland.search.models import SearchDocument, SearchText
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


def test_an_index_written_before_bigrams_is_brought_up_to_date_by_reindex(
        catalog, django_capture_on_commit_callbacks, monkeypatch):
    """Documents written by the earlier analysis (no bigrams) are what an existing index holds
    after an upgrade: `manage.py reindex` rewrites them (their tokens differ), and the candle is
    found."""
    with monkeypatch.context() as m:
        m.setattr(analysis, "split_tokens", lambda *texts: [])   # the analysis as it was
        with django_capture_on_commit_callbacks(execute=True):
            make_listed_product(handle="test-soy-candle", title_en="Hand-poured Soy Candle", title_zh="手工大豆蜡烛",
                                category_slug=None)
        call_command("reindex", stdout=io.StringIO())   # … the old analysis writes the same again
    assert "test-soy-candle" not in handles("蜡烛")
    before = SearchText.objects.get(handle="test-soy-candle").extra_tokens
    call_command("reindex", stdout=io.StringIO())
    assert SearchText.objects.get(handle="test-soy-candle").extra_tokens != before
    assert "test-soy-candle" in handles("蜡烛")


# --- every dictionary word in a title finds its product -------------------------------------------
def _title_words() -> list[tuple[str, str]]:
    """(handle, s) for every product of the demo catalogue and every s defined in
    test_every_dictionary_word_in_a_title_finds_the_product."""
    tk = analysis.tokenizer()
    out: set[tuple[str, str]] = set()
    for merchant in MERCHANTS:
        for product in merchant["products"]:
            for kind, run in analysis.runs(analysis.normalize(product["title_zh_hans"])):
                if kind != "han":
                    continue
                for n in (2, 3, 4):
                    for i in range(len(run) - n + 1):
                        s = run[i:i + n]
                        if tk.FREQ.get(s, 0) > 0 and s not in analysis.QUERY_STOPWORDS:
                            out.add((product["handle"], s))
    return sorted(out)


TITLE_WORDS = _title_words()


@pytest.fixture
def listed(catalog):
    """handle → (a market the product is sold in, or None if not listed)."""
    out = {}
    for text in SearchText.objects.all():
        doc = SearchDocument.objects.get(pk=text.product_id)
        out[text.handle] = next((m for m in ("CN", "HK", "JP", "KR", "SG") if doc.sellable_in(m)), None)
    return out


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=st.sampled_from(TITLE_WORDS))
def test_every_dictionary_word_in_a_title_finds_the_product(listed, case):
    """For every listed product of the demo catalogue (heartland/demo/data.py) and every s that is

    * a substring of 2 to 4 characters of one Han run of its Simplified Chinese title, normalized
      as the index normalizes it (`analysis.runs(analysis.normalize(title))`: a run is a stretch
      of Han characters with no space or punctuation in it),
    * a word of jieba's dictionary as search loads it — `analysis.tokenizer().FREQ[s] > 0`, the
      main dictionary plus data/userdict.txt — whether or not jieba's cut of that title yields it
      (大豆蜡烛 is cut 大豆蜡 / 烛, and 蜡烛 counts),
    * and not one of the words queries drop (`analysis.QUERY_STOPWORDS`: 美国, 进口 …),

    searching s in a market the product is sold in finds it among the first 10 hits — or, when
    more products have s in their titles than a page of 10 holds, after 10 of those only.
    """
    handle, word = case
    market = listed.get(handle)
    if market is None:   # a draft or archived product, or one sold nowhere: never found
        return
    result = search_products(word, market=market, per_page=100, log_zero=False)
    found = [h.handle for h in result.hits]
    assert handle in found, (word, market, found[:10])
    ahead = result.hits[:found.index(handle)]
    assert len(ahead) < 10 or sum(word in analysis.normalize(h.title_zh_hans) for h in ahead) >= 10, (
        word, market, found[:12])


def test_the_title_words_include_what_jieba_cuts_otherwise():
    assert len(TITLE_WORDS) > 300
    assert ("autumn-apple-orchard-candle", "蜡烛") in TITLE_WORDS   # 秋日苹果园 大豆蜡烛: cut 大豆蜡 / 烛
    assert ("iowa-beef-jerky-original", "核桃木") in TITLE_WORDS   # 山核桃木烟熏: cut 山核桃 / 木
