"""The JSON case and quote formats, CaseError messages and per-case isolation."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from heartland.landedcost import (
    Case,
    CaseError,
    Line,
    case_from_json,
    case_to_json,
    fx_lookup,
    quote,
    quote_to_json,
    run_cases,
)

from .helpers import FX, case, line

D = Decimal
GOOD = case("CN", "CNY", [line("04069000", "food", "100")])


def with_line(**changes: Any) -> dict[str, Any]:
    item = dict(line("04069000", "food", "100"))
    for key, value in changes.items():
        if value is KeyError:
            item.pop(key, None)
        else:
            item[key] = value
    return case("CN", "CNY", [item])


# (case, field, message fragment)
BAD_CASES = [
    ([], "", "a case must be a JSON object"),
    ({"currency": "CNY", "lines": []}, "market", "required"),
    (case("US", "USD", [line("04069000", "food", "1")]), "market", "unknown market 'US'"),
    (case("CN", "RMB", [line("04069000", "food", "1")]), "currency", "unknown currency 'RMB'"),
    (case("CN", "CNY", []), "lines", "must be a non-empty list"),
    (dict(GOOD, colour="red"), "colour", "unknown field"),
    (dict(GOOD, mode="9710"), "mode", "must be one of 9610, 1210"),
    (dict(GOOD, date="15/01/2026"), "date", "must be a date YYYY-MM-DD"),
    (dict(GOOD, freight="-1"), "freight", "must not be negative"),
    (dict(GOOD, freight=12.5), "freight", "binary float"),
    (dict(GOOD, insurance="1.005"), "insurance", "more decimal places than CNY has (2)"),
    (dict(GOOD, annual_used="lots"), "annual_used", "not a decimal number"),
    (dict(GOOD, fx_rate="0"), "fx_rate", "must be positive"),
    (dict(GOOD, cap_used={"1702": "1"}), "cap_used.1702", "keys must be 8-digit HS codes"),
    (with_line(unit_price="abc"), "lines[0].unit_price", "not a decimal number ('abc')"),
    (with_line(unit_price=9.99), "lines[0].unit_price", "not a decimal number: JSON number 9.99 is a binary float"),
    (with_line(unit_price="NaN"), "lines[0].unit_price", "not a decimal number"),
    (with_line(unit_price="1e3"), "lines[0].unit_price", "not a decimal number"),
    (with_line(unit_price="1,000"), "lines[0].unit_price", "not a decimal number"),
    (with_line(unit_price=True), "lines[0].unit_price", "not a decimal number"),
    (with_line(unit_price="10.001"), "lines[0].unit_price", "more decimal places than CNY"),
    (with_line(unit_price=KeyError), "lines[0].unit_price", "required"),
    (with_line(quantity=0), "lines[0].quantity", "whole number from 1"),
    (with_line(quantity="2"), "lines[0].quantity", "whole number"),
    (with_line(quantity=1.0), "lines[0].quantity", "whole number"),
    (with_line(hs_code="0409"), "lines[0].hs_code", "6 to 10 digits"),
    (with_line(hs_code=4090000), "lines[0].hs_code", "as a string"),
    (with_line(tax_category="toys"), "lines[0].tax_category", "unknown category 'toys'"),
    (with_line(origin="USA"), "lines[0].origin", "alpha-2"),
    (with_line(unit_content="20"), "lines[0].unit_content_uom", "go together"),
    (with_line(unit_content="20", unit_content_uom="oz"), "lines[0].unit_content_uom", "must be one of g, ml, piece"),
    (with_line(unit_content="0", unit_content_uom="g"), "lines[0].unit_content", "must be positive"),
    (with_line(abv="101"), "lines[0].abv", "0 to 100"),
    (with_line(unit_weight_g="-5"), "lines[0].unit_weight_g", "must not be negative"),
    (with_line(colour="red"), "lines[0].colour", "unknown field"),
]


@pytest.mark.parametrize("obj,field,fragment", BAD_CASES, ids=[f"{b[1] or 'root'}:{b[2][:30]}" for b in BAD_CASES])
def test_case_errors_name_the_field(obj: Any, field: str, fragment: str) -> None:
    with pytest.raises(CaseError) as info:
        case_from_json(obj)
    assert info.value.field == field
    assert fragment in str(info.value)
    if field:
        assert str(info.value).startswith(f"{field}: ")


def test_defaults_and_normalization() -> None:
    parsed = case_from_json(
        {
            "market": "CN",
            "currency": "USD",
            "mode": 1210,
            "lines": [
                {
                    "hs_code": "3304.99.00",
                    "tax_category": "cosmetics",
                    "unit_price": 12,
                    "quantity": 1,
                    "origin": "us",
                    "unit_weight_g": 50,
                }
            ],
        }
    )
    assert parsed.mode == "1210"
    assert parsed.freight == parsed.insurance == parsed.annual_used == 0
    assert parsed.date is None
    [item] = parsed.lines
    assert (item.hs_code, item.origin, item.unit_price, item.unit_weight_g) == ("33049900", "US", D(12), D(50))


def test_case_round_trip() -> None:
    obj = case(
        "CN",
        "USD",
        [
            line(
                "22083000",
                "alcohol",
                "45.50",
                quantity=2,
                unit_content="750",
                unit_content_uom="ml",
                abv="45",
                unit_weight_g="1400",
                sku="BOURBON-750",
            )
        ],
        freight="12.00",
        insurance="0.50",
        annual_used="1000",
        mode="1210",
        fx_rate="7.10",
        cap_used={"17022000": "500"},
    )
    parsed = case_from_json(obj)
    assert case_from_json(case_to_json(parsed)) == parsed
    assert case_to_json(parsed)["lines"][0]["unit_price"] == "45.50"


def test_quote_json_is_json_and_has_no_floats() -> None:
    result = quote_to_json(quote(case_from_json(case("JP", "USD", [line("04090000", "food", "150")])), fx=FX))
    text = json.dumps(result, ensure_ascii=False)
    decoded = json.loads(text, parse_float=lambda s: pytest.fail(f"float in output: {s}"))
    assert decoded["currency"] == "JPY"
    assert decoded["total"] == "24033"  # JPY: no decimals
    assert decoded["fx"] == {"base": "USD", "quote": "JPY", "rate": "150"}
    assert set(decoded) >= {
        "allowed",
        "reasons",
        "warnings",
        "currency",
        "customs_value",
        "duty",
        "vat",
        "consumption_tax",
        "total_tax",
        "total",
        "lines",
        "rules",
        "unconfirmed",
    }
    [item] = decoded["lines"]
    assert set(item["rules"]) == {"customs_value", "duty", "vat", "consumption_tax"}
    for rule in decoded["rules"]:
        assert set(rule) == {"id", "name", "source", "effective_from", "effective_to", "unconfirmed", "value", "note"}


def test_reasons_have_code_line_and_two_languages() -> None:
    [result] = run_cases([case("CN", "CNY", [line("91021100", "watch", "10")])])
    [reason] = result["reasons"]
    assert set(reason) == {"code", "line", "message_en", "message_zh"}
    assert reason["code"] == "not_on_positive_list" and reason["line"] == 0
    assert "positive list" in reason["message_en"] and "正面清单" not in reason["message_en"]
    assert "清单" in reason["message_zh"]


def test_run_cases_isolates_errors() -> None:
    good = case("HK", "HKD", [line("04069000", "food", "100")])
    results = run_cases([good, with_line(unit_price="abc"), "not even an object", good], fx=FX)
    assert results[0]["allowed"] and results[3]["allowed"]
    assert results[1] == {"error": "lines[0].unit_price: not a decimal number ('abc')"}
    assert results[2] == {"error": "a case must be a JSON object"}


def test_run_cases_isolates_a_broken_fx_source() -> None:
    def flaky(base: str, quote_currency: str) -> Any:
        if base == "EUR":
            raise RuntimeError("rates service down")
        return FX.get((base, quote_currency))

    results = run_cases(
        [case("CN", "EUR", [line("04069000", "food", "1")]), case("CN", "USD", [line("04069000", "food", "1")])],
        fx=flaky,
    )
    assert results[0]["error"].startswith("internal error: RuntimeError")
    assert "error" not in results[1]


def test_fx_sources() -> None:
    table = fx_lookup({("USD", "CNY"): D("7.1"), "EUR/CNY": "7.8"})
    assert table("USD", "CNY") == D("7.1") and table("EUR", "CNY") == D("7.8")
    assert table("CNY", "USD") is None  # never inverted
    assert table("CNY", "CNY") == 1

    class Rates:
        def rate(self, base: str, quote_currency: str) -> Decimal | None:
            return D("0.14") if (base, quote_currency) == ("CNY", "USD") else None

    assert fx_lookup(Rates())("CNY", "USD") == D("0.14")
    assert fx_lookup(lambda b, q: 7)("USD", "CNY") == D(7)
    with pytest.raises(TypeError, match="float"):
        fx_lookup(lambda b, q: 7.1)("USD", "CNY")
    with pytest.raises(ValueError, match="positive"):
        fx_lookup(lambda b, q: D(0))("USD", "CNY")
    with pytest.raises(TypeError):
        fx_lookup(42)


def test_quote_rejects_cases_no_market_can_price() -> None:
    item = Line("04069000", "food", D("1"), 1)
    with pytest.raises(CaseError, match="market"):
        quote(Case("XX", "CNY", (item,)))
    with pytest.raises(CaseError, match="lines"):
        quote(Case("CN", "CNY", ()))
    with pytest.raises(CaseError, match="date"):
        quote(Case("CN", "CNY", (item,), date=date(2010, 1, 1)))


def test_default_date_is_today() -> None:
    result = quote(case_from_json({"market": "HK", "currency": "HKD", "lines": [line("04069000", "food", "1")]}))
    assert result.date == date.today()
