"""Builders shared by the landed-cost tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

D = Decimal

#: Rates used across the tests (never floats).
FX = {
    ("USD", "CNY"): D("7.10"),
    ("USD", "HKD"): D("7.80"),
    ("USD", "JPY"): D("150"),
    ("USD", "KRW"): D("1400"),
    ("USD", "SGD"): D("1.35"),
    ("CNY", "USD"): D("0.1408"),
}

#: Every case is pinned to a date so that the rule versions in force are stable.
DAY = "2026-01-15"


def case(
    market: str = "CN", currency: str = "CNY", lines: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    obj: dict[str, Any] = {"market": market, "currency": currency, "date": DAY, "lines": lines or []}
    obj.update(extra)
    return obj


def line(hs_code: str, tax_category: str, unit_price: str, quantity: int = 1, **extra: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "hs_code": hs_code,
        "tax_category": tax_category,
        "unit_price": unit_price,
        "quantity": quantity,
    }
    obj.update(extra)
    return obj


def codes(result: dict[str, Any], key: str = "reasons") -> list[str]:
    return [item["code"] for item in result[key]]


#: An operator positive list covering every line the CN tests price (plus remark examples).
TEST_LIST = """# edition: test list
# source: tests
# effective_from: 2022-03-01
hs_code,description,remark
33049900,skin care,
04069000,cheese,
04090000,honey,
08029090,pecans,
08134090,dried cranberries,
21069090,supplements,
22083000,whiskies,
22042100,wine,
22030000,beer,
71171900,imitation jewelry,
71131900,gold jewelry,
91021100,wrist watches,
17022000,maple syrup,cap_per_person_year=2kg
03061100,frozen rock lobster,bonded_only
10063020,long-grain rice,bonded_only;cap_per_person_year=20kg
19053100,biscuits,cap_per_person_year=6pcs
"""
