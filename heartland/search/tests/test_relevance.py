"""The relevance set (relevance.yaml) over the demo catalogue, on whichever database is in use."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from heartland.search.selectors import search_products

CASES = yaml.safe_load((Path(__file__).parent / "relevance.yaml").read_text(encoding="utf-8"))["cases"]


def _id(case):
    return f"{case['market']}:{case['query']}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_relevance(catalog, case):
    result = search_products(case["query"], market=case["market"], per_page=100, log_zero=False)
    handles = [h.handle for h in result.hits]
    shown = [(h.handle, round(h.score, 3)) for h in result.hits[:5]]
    if case.get("none"):
        assert handles == [], shown
        return
    assert handles, f"nothing found for {case['query']!r} in {case['market']}"
    if "first" in case:
        assert handles[0] == case["first"], shown
    if "first_of" in case:
        assert handles[0] in case["first_of"], shown
    if "top3" in case:
        assert set(handles[:3]) & set(case["top3"]), shown
    for handle in case.get("not", []):
        assert handle not in handles, shown


def test_the_set_covers_every_kind_of_query():
    queries = [c["query"] for c in CASES]
    assert any("乾" in q or "參" in q or "漿" in q for q in queries)          # Traditional
    assert any(q.isascii() and q.isalpha() and len(q) <= 4 for q in queries)  # initials
    assert any("\uff21" <= ch <= "\uff5a" for q in queries for ch in q)       # full-width Latin
    assert sum(1 for c in CASES if c.get("none")) >= 8
    assert {c["market"] for c in CASES} >= {"CN", "HK"}
