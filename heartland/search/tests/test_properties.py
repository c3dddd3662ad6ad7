"""Both index backends implement the same boolean query: whatever database runs this test, its
hits must equal the Python reference evaluation (query.evaluate) over the stored tokens, for
random queries built from the demo catalogue's own vocabulary. Run on SQLite and on
PostgreSQL, this makes the two backends return the same hit sets. (Derandomized: the same
examples every run, so CI does not flake; run with a random seed when changing analysis.)"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartland.core.chinese import to_traditional
from heartland.demo.data import MERCHANTS
from heartland.search import analysis
from heartland.search.models import SearchDocument, SearchText
from heartland.search.query import evaluate
from heartland.search.selectors import autocomplete, search_products


def _vocabulary() -> list[str]:
    words: set[str] = set()
    for merchant in MERCHANTS:
        for product in merchant["products"]:
            for text in (product["title_zh_hans"], product["title_en"], product["tags"]):
                norm = analysis.normalize(text)
                for kind, run in analysis.runs(norm):
                    if kind == "han":
                        for word in analysis.tokenizer().cut(run, HMM=False):
                            words.add(word)
                            words.add(to_traditional(word))
                            py = analysis.pinyin(word)
                            if py:
                                words.add("".join(py))
                                words.add(" ".join(py))
                                words.add("".join(s[0] for s in py))
                        if len(run) >= 3:
                            words.add(run[1:3])  # fragments
                    else:
                        words.update(analysis.words_of(run))
                        if len(run) > 4:
                            words.add(run[1:5])  # word parts ("erry")
    return sorted(w for w in words if w.strip())


VOCAB = _vocabulary()
MARKETS = ["CN", "HK", "JP", "KR", "SG"]


@pytest.fixture
def reference(catalog):
    texts = {t.product_id: t for t in SearchText.objects.all()}
    docs = {d.product_id: d for d in SearchDocument.objects.all()}
    out = {}
    for pid, t in texts.items():
        fields = {"title": t.title_tokens.split(), "tags": t.tags_tokens.split(), "body": t.body_tokens.split(),
                  "extra": t.extra_tokens.split()}
        out[pid] = (fields, t.haystack, docs[pid])
    return out


def _expected(reference, query: str, market: str) -> set[int]:
    parsed = analysis.parse_query(query)
    sellable = {pid for pid, (_, _, d) in reference.items() if d.sellable_in(market)}
    if not parsed.text or parsed.only_stopwords:
        return sellable
    for node in parsed.passes:  # the same passes as the selector: the first that finds anything
        found = {pid for pid in sellable if evaluate(node, reference[pid][0], reference[pid][1])}
        if found:
            return found
    return set()


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3), joiner=st.sampled_from([" ", ""]),
       market=st.sampled_from(MARKETS))
def test_backend_hits_equal_the_reference(reference, words, joiner, market):
    query = joiner.join(words)
    result = search_products(query, market=market, per_page=100, log_zero=False)
    assert result.total <= 100
    assert {h.product_id for h in result.hits} == _expected(reference, query, market), query


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(word=st.sampled_from(VOCAB), cut=st.integers(min_value=1, max_value=6), market=st.sampled_from(MARKETS))
def test_autocomplete_matches_the_reference(reference, word, cut, market):
    prefix = word[:cut]
    parsed = analysis.parse_query(prefix, prefix=True)
    got = {s["product_id"] for s in autocomplete(prefix, market=market, limit=20)}
    if parsed.empty:
        assert got == set()
        return
    allowed = {pid for pid, (fields, hay, d) in reference.items()
               if d.sellable_in(market) and evaluate(parsed.match, fields, hay, columns=("title", "tags"))}
    assert got <= allowed, prefix
    if allowed and len(allowed) <= 5:
        assert got, prefix


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=st.text(max_size=40), market=st.sampled_from(MARKETS + ["XX", ""]),
       page=st.integers(min_value=-3, max_value=50), sort=st.sampled_from(["relevance", "newest", "bogus"]))
def test_search_never_fails_on_any_input(reference, text, market, page, sort):
    result = search_products(text, market=market, page=page, sort=sort, log_zero=False)
    assert "search_error" not in result.notes
    assert result.total >= len(result.hits)
    # Suggestions for anything typed: at most 8 (the default), one per title, each shown by one
    # of its titles, each a product sellable in the market (an unknown one: CN) whose title or
    # tags match what was typed; nothing when nothing searchable was typed.
    suggestions = autocomplete(text, market=market)
    shown = [s["text"] for s in suggestions]
    assert len(shown) == len(set(shown)) <= 8, text
    parsed = analysis.parse_query(text[:100], prefix=True)
    if parsed.empty:
        assert suggestions == [], text
    in_market = market if market in MARKETS else "CN"
    for s in suggestions:
        fields, hay, doc = reference[s["product_id"]]
        assert s["text"] in (s["title_en"], s["title_zh_hans"], s["title_zh_hant"]), text
        assert doc.sellable_in(in_market) and evaluate(parsed.match, fields, hay, columns=("title", "tags")), text


def test_vocabulary_is_rich():
    assert len(VOCAB) > 300
    assert any(re.fullmatch(r"[a-z]+ [a-z]+", w) for w in VOCAB)  # spaced pinyin
