"""Hypothesis properties: parts add up, nothing negative, amounts rounded to the currency, tax never
falls when a price rises under the same rules, verdicts stable and independent of line order."""
from __future__ import annotations

import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartland.landedcost import apportion, case_from_json, case_to_json, load_rules, quote
from heartland.landedcost.money import minor_units, quantum
from heartland.landedcost.rules import DATA_DIR

from .helpers import DAY, FX, TEST_LIST

D = Decimal
_LIST = Path(tempfile.mkdtemp(prefix="heartland-lc-")) / "list.csv"
_LIST.write_text(TEST_LIST, encoding="utf-8")
RULES = load_rules(DATA_DIR, positive_list=_LIST)

MARKET_CURRENCY = {"CN": "CNY", "HK": "HKD", "JP": "JPY", "KR": "KRW", "SG": "SGD"}
PRODUCTS: list[tuple[str, str, dict[str, Any]]] = [
    ("33049900", "cosmetics", {"unit_content": "20", "unit_content_uom": "g"}),
    ("33049900", "cosmetics", {"unit_content": "10", "unit_content_uom": "piece"}),
    ("04069000", "food", {}),
    ("04090000", "agricultural", {}),
    ("08134090", "agricultural", {}),
    ("21069090", "supplement", {}),
    ("22083000", "alcohol", {"unit_content": "750", "unit_content_uom": "ml", "abv": "45"}),
    ("22042100", "alcohol", {"unit_content": "750", "unit_content_uom": "ml", "abv": "13.5"}),
    ("22030000", "alcohol", {"unit_content": "330", "unit_content_uom": "ml", "abv": "5"}),
    ("71171900", "jewelry", {}),
    ("91021100", "watch", {}),
    ("34060000", "general", {}),
    ("17022000", "food", {"unit_weight_g": "500"}),
]
AMOUNTS = ("goods", "freight", "insurance", "customs_value", "duty", "vat", "consumption_tax", "total_tax", "total")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def money(currency: str, high: int) -> st.SearchStrategy[str]:
    places = minor_units(currency)
    return st.integers(min_value=0, max_value=high * 10**places).map(lambda n: f"{D(n).scaleb(-places):f}")


@st.composite
def lines(draw: Any, currency: str, price_high: int) -> dict[str, Any]:
    hs, category, extra = draw(st.sampled_from(PRODUCTS))
    return {"hs_code": hs, "tax_category": category, "unit_price": draw(money(currency, price_high)),
            "quantity": draw(st.integers(1, 4)), "origin": draw(st.sampled_from(["US", "US", "FR", "NZ"])), **extra}


@st.composite
def cases(draw: Any, max_lines: int = 5) -> dict[str, Any]:
    market = draw(st.sampled_from(sorted(MARKET_CURRENCY)))
    currency = draw(st.sampled_from([MARKET_CURRENCY[market], "USD"]))
    price_high = {"USD": 1500, "CNY": 8000, "HKD": 8000, "SGD": 1500, "JPY": 200000, "KRW": 2000000}[currency]
    return {
        "market": market, "currency": currency, "date": draw(st.sampled_from([DAY, "2024-06-30", "2028-06-01"])),
        "mode": draw(st.sampled_from(["9610", "1210"])),
        "freight": draw(money(currency, price_high // 20)), "insurance": draw(money(currency, price_high // 200)),
        "annual_used": draw(money("CNY", 30000)),
        "lines": draw(st.lists(lines(currency, price_high), min_size=1, max_size=max_lines)),
    }


def run(obj: dict[str, Any]) -> Any:
    return quote(case_from_json(obj), rules=RULES, fx=FX)


@SETTINGS
@given(cases())
def test_parts_add_up_and_amounts_are_rounded_and_non_negative(obj: dict[str, Any]) -> None:
    q = run(obj)
    assert q.lines, q.reasons  # every currency in the strategy has a rate
    exponent = -minor_units(q.currency)
    for line in q.lines:
        assert line.total_tax == line.duty + line.vat + line.consumption_tax
        assert line.total == line.goods + line.freight + line.insurance + line.total_tax
        for name in AMOUNTS:
            value = getattr(line, name)
            assert value >= 0, (name, value)
            assert value.as_tuple().exponent == exponent, (name, value)
    for name in AMOUNTS:
        value = getattr(q, name)
        assert value >= 0 and value.as_tuple().exponent == exponent, (name, value)
        if name not in ("freight", "insurance", "goods"):
            assert value == sum((getattr(line, name) for line in q.lines), D(0)), name
    assert q.goods == sum(line.goods for line in q.lines)
    assert q.freight == sum(line.freight for line in q.lines)
    assert q.insurance == sum(line.insurance for line in q.lines)
    assert q.total_tax == q.duty + q.vat + q.consumption_tax
    assert q.total == q.goods + q.freight + q.insurance + q.total_tax
    assert q.allowed == (not q.reasons)


def _rule_ids(q: Any) -> tuple[Any, ...]:
    return tuple(tuple(r.id for r in group) for line in q.lines for group in line.rules.values())


@SETTINGS
@given(cases(max_lines=1), st.integers(min_value=1, max_value=500_000))
def test_tax_never_decreases_when_the_price_rises_under_the_same_rules(obj: dict[str, Any], bump: int) -> None:
    currency = obj["currency"]
    cheaper = run(obj)
    dearer_obj = dict(obj, lines=[dict(obj["lines"][0])])
    price = D(obj["lines"][0]["unit_price"]) + D(bump) * quantum(currency)
    dearer_obj["lines"][0]["unit_price"] = f"{price:f}"
    dearer = run(dearer_obj)
    if _rule_ids(cheaper) == _rule_ids(dearer):
        assert dearer.total_tax >= cheaper.total_tax
        for before, after in zip(cheaper.lines, dearer.lines, strict=False):
            for name in ("duty", "vat", "consumption_tax"):
                assert getattr(after, name) >= getattr(before, name), name


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_refusals_are_stable_and_line_order_does_not_change_the_verdict(obj: dict[str, Any], rnd: Any) -> None:
    first = run(obj)
    assert run(obj) == first  # same input → same quote, same reasons
    shuffled = dict(obj, lines=list(obj["lines"]))
    rnd.shuffle(shuffled["lines"])
    other = run(shuffled)
    assert other.allowed == first.allowed
    assert Counter(r.code for r in other.reasons) == Counter(r.code for r in first.reasons)
    assert (other.goods, other.freight, other.insurance) == (first.goods, first.freight, first.insurance)


@SETTINGS
@given(
    st.integers(min_value=0, max_value=10**7),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12),
    st.sampled_from(["CNY", "JPY"]),
)
def test_apportion_adds_up_exactly_and_stays_within_one_minor_unit(total_units: int, weights_units: list[int],
                                                                   currency: str) -> None:
    q = quantum(currency)
    total = D(total_units) * q
    weights = [D(w) * q for w in weights_units]
    shares = apportion(total, weights, q)
    assert sum(shares, D(0)) == total
    whole = sum(weights)
    for share, weight in zip(shares, weights, strict=False):
        assert share >= 0 and share.as_tuple().exponent == q.as_tuple().exponent
        exact = total * weight / whole if whole else total / len(weights)
        assert abs(share - exact) < q


@SETTINGS
@given(cases())
def test_case_json_round_trip(obj: dict[str, Any]) -> None:
    parsed = case_from_json(obj)
    assert case_from_json(case_to_json(parsed)) == parsed
