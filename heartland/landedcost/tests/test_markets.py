"""Hong Kong, Japan, Korea, Singapore: worked examples and refusals."""
from __future__ import annotations

from typing import Any

import pytest

from heartland.landedcost import run_cases

from .helpers import FX, case, codes, line

AMOUNTS = ("customs_value", "duty", "vat", "consumption_tax", "total_tax", "total")


def priced(obj: dict[str, Any], fx: Any = FX) -> dict[str, Any]:
    [result] = run_cases([obj], fx=fx)
    assert "error" not in result, result
    return result


def amounts(result: dict[str, Any]) -> list[str]:
    return [result[k] for k in AMOUNTS]


# (name, case, allowed, reason codes, warning codes, customs_value, duty, vat, consumption_tax, total_tax, total)
WORKED = [
    # Hong Kong
    ("HK bourbon 45% ABV: 100% liquor duty",
     case("HK", "USD", [line("22083000", "alcohol", "60", abv="45")]), True, [], [],
     ["468.00", "468.00", "0.00", "0.00", "468.00", "936.00"]),
    ("HK liquor at exactly 30% ABV: no duty",
     case("HK", "HKD", [line("22089000", "alcohol", "300", abv="30")]), True, [], [],
     ["300.00", "0.00", "0.00", "0.00", "0.00", "300.00"]),
    ("HK wine needs no ABV",
     case("HK", "HKD", [line("22042100", "alcohol", "200")], freight="40"), True, [], [],
     ["240.00", "0.00", "0.00", "0.00", "0.00", "240.00"]),
    ("HK whiskey without ABV is refused",
     case("HK", "HKD", [line("22083000", "alcohol", "300")]), False, ["missing_abv"], [],
     ["300.00", "0.00", "0.00", "0.00", "0.00", "300.00"]),
    ("HK cheese: free port",
     case("HK", "HKD", [line("04069000", "food", "150", quantity=2)], freight="35.50"), True, [], [],
     ["335.50", "0.00", "0.00", "0.00", "0.00", "335.50"]),
    # Japan
    ("JP honey $50: customs value ¥4,500 ≤ ¥10,000 — exempt",
     case("JP", "USD", [line("04090000", "food", "50")]), True, [], [],
     ["4500", "0", "0", "0", "0", "7500"]),
    ("JP honey $150 from the US: Japan–US TA 3.1% + consumption tax 8% on 60%",
     case("JP", "USD", [line("04090000", "food", "150")]), True, [], [],
     ["13500", "419", "1114", "0", "1533", "24033"]),
    ("JP honey $150 from New Zealand: WTO 25.5%",
     case("JP", "USD", [line("04090000", "food", "150", origin="NZ")]), True, [], [],
     ["13500", "3443", "1355", "0", "4798", "27298"]),
    ("JP cheese is taxed even under ¥10,000 (dairy excluded)",
     case("JP", "USD", [line("04069000", "food", "50")]), True, [], [],
     ["4500", "1341", "467", "0", "1808", "9308"]),
    ("JP candles ¥20,000: general goods, consumption tax 10%",
     case("JP", "JPY", [line("34060000", "general", "20000")]), True, [], [],
     ["12000", "600", "1260", "0", "1860", "21860"]),
    ("JP customs value exactly ¥10,000 with freight: exempt",
     case("JP", "JPY", [line("34060000", "general", "15000")], freight="1000"), True, [], [],
     ["10000", "0", "0", "0", "0", "16000"]),
    ("JP ¥1 more of freight: taxed",
     case("JP", "JPY", [line("34060000", "general", "15000")], freight="1001"), True, [], [],
     ["10001", "500", "1050", "0", "1550", "17551"]),
    ("JP wine: exempt but liquor tax not included (warning)",
     case("JP", "USD", [line("22042100", "alcohol", "60")]), True, [], ["excise_not_included"],
     ["5400", "0", "0", "0", "0", "9000"]),
    ("JP exemption ends 2028-04-01",
     case("JP", "USD", [line("04090000", "food", "50")], date="2028-04-01"), True, [], [],
     ["4500", "140", "371", "0", "511", "8011"]),
    # Korea
    ("KR bourbon $150 from the US: under USD 200 — exempt",
     case("KR", "USD", [line("22083000", "alcohol", "150")]), True, [], ["excise_not_included"],
     ["210000", "0", "0", "0", "0", "210000"]),
    ("KR exactly USD 200: exempt",
     case("KR", "USD", [line("33049900", "cosmetics", "200")]), True, [], [],
     ["280000", "0", "0", "0", "0", "280000"]),
    ("KR USD 200.01: the whole value is taxed (KORUS 0% duty, VAT 10%)",
     case("KR", "USD", [line("33049900", "cosmetics", "200.01")]), True, [], [],
     ["280014", "0", "28001", "0", "28001", "308015"]),
    ("KR French cream $160: over USD 150, duty 6.5% then VAT on CIF + duty",
     case("KR", "USD", [line("33049900", "cosmetics", "160", origin="FR")]), True, [], [],
     ["224000", "14560", "23856", "0", "38416", "262416"]),
    ("KR US honey $250: 243% out-of-quota duty",
     case("KR", "USD", [line("04090000", "food", "250")]), True, [], [],
     ["350000", "850500", "120050", "0", "970550", "1320550"]),
    ("KR priced in KRW at the USD 200 line: exempt with the USD/KRW rate",
     case("KR", "KRW", [line("33049900", "cosmetics", "280000")]), True, [], [],
     ["280000", "0", "0", "0", "0", "280000"]),
    ("KR 7 bottles of supplements: over the 6-bottle limit",
     case("KR", "USD", [line("21069090", "supplement", "20", quantity=7)]), False, ["quantity_cap"], [],
     ["196000", "0", "0", "0", "0", "196000"]),
    # Singapore
    ("SG candles S$60 + S$10 freight: GST 9% at checkout",
     case("SG", "SGD", [line("34060000", "general", "30", quantity=2)], freight="10"), True, [], [],
     ["70.00", "0.00", "6.30", "0.00", "6.30", "76.30"]),
    ("SG over S$400: GST at import, same rate",
     case("SG", "USD", [line("34060000", "general", "300")]), True, [], [],
     ["405.00", "0.00", "36.45", "0.00", "36.45", "441.45"]),
    ("SG wine: GST, liquor duty not included (warning)",
     case("SG", "SGD", [line("22042100", "alcohol", "40")]), True, [], ["excise_not_included"],
     ["40.00", "0.00", "3.60", "0.00", "3.60", "43.60"]),
]


@pytest.mark.parametrize("name,obj,allowed,reasons,warnings,expected", WORKED, ids=[w[0] for w in WORKED])
def test_worked_examples(name: str, obj: dict[str, Any], allowed: bool, reasons: list[str], warnings: list[str],
                         expected: list[str]) -> None:
    result = priced(obj)
    assert result["allowed"] is allowed
    assert codes(result) == reasons
    assert [c for c in codes(result, "warnings") if c != "eei_unchecked"] == warnings
    assert amounts(result) == expected


def test_kr_needs_a_usd_rate_when_not_priced_in_usd() -> None:
    result = priced(case("KR", "KRW", [line("33049900", "cosmetics", "280000")]), fx={})
    assert codes(result) == ["no_fx_rate"]
    assert "USD" in result["reasons"][0]["message_en"]
    assert result["total"] is None


def test_jp_rules_name_the_exemption() -> None:
    exempt = priced(case("JP", "USD", [line("04090000", "food", "50")]))
    assert exempt["lines"][0]["rules"]["duty"] == ["JP.small_value_exemption"]
    taxed = priced(case("JP", "USD", [line("04090000", "food", "150")]))
    assert taxed["lines"][0]["rules"]["duty"] == ["JP.tariff.0409.duty_by_origin"]
    assert taxed["lines"][0]["rules"]["vat"] == ["JP.tariff.category.food.vat"]


def test_sg_lvg_rule_only_under_the_threshold() -> None:
    small = priced(case("SG", "SGD", [line("34060000", "general", "100")]))
    big = priced(case("SG", "SGD", [line("34060000", "general", "401")]))
    assert "SG.lvg_threshold" in small["lines"][0]["rules"]["vat"]
    assert "SG.lvg_threshold" not in big["lines"][0]["rules"]["vat"]


def test_kr_other_origin_threshold_applies_to_mixed_carts() -> None:
    cart = case("KR", "USD", [line("33049900", "cosmetics", "90"), line("33049900", "cosmetics", "90", origin="FR")])
    result = priced(cart)
    assert result["duty"] != "0"
    assert "KR.other_threshold_usd" in result["lines"][0]["rules"]["duty"]


def test_a_missing_duty_rate_refuses_instead_of_guessing(data_copy: Any) -> None:
    from heartland.landedcost import load_rules

    def drop_general_duty(data: dict[str, Any]) -> None:
        for entry in data["markets"]["JP"]:
            if entry.get("category") == "general":
                entry.pop("duty")
                entry["vat"] = "0.10"

    rules = load_rules(data_copy("tariff_lines.yaml", drop_general_duty))
    [result] = run_cases([case("JP", "JPY", [line("34060000", "general", "20000")])], rules=rules)
    assert codes(result) == ["no_duty_rate"]
    assert result["duty"] == "0"
