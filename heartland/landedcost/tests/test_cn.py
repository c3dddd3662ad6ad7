"""Mainland China CBEC: worked examples (table-driven) and refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from heartland.landedcost import case_from_json, quote, quote_to_json, run_cases
from heartland.landedcost.rules import RuleSet

from .helpers import DAY, FX, TEST_LIST, case, codes, line

D = Decimal


@pytest.fixture
def rules(rules_with_list: Any) -> RuleSet:
    return rules_with_list(TEST_LIST)


def priced(rules: RuleSet, obj: dict[str, Any]) -> dict[str, Any]:
    [result] = run_cases([obj], fx=FX, rules=rules)
    assert "error" not in result, result
    return result


def test_the_issue_example_exactly() -> None:
    """The case and result quoted in the issue, with the shipped data."""
    obj = {
        "market": "CN",
        "currency": "CNY",
        "freight": "0",
        "insurance": "0",
        "annual_used": "0",
        "mode": "9610",
        "lines": [
            {
                "hs_code": "33049900",
                "tax_category": "cosmetics",
                "unit_price": "425",
                "quantity": 1,
                "unit_weight_g": 50,
                "unit_content": "20",
                "unit_content_uom": "g",
            }
        ],
    }
    result = quote_to_json(quote(case_from_json(obj)))
    assert result["allowed"] is True
    assert result["reasons"] == []
    assert {
        k: result[k] for k in ("currency", "customs_value", "duty", "vat", "consumption_tax", "total_tax", "total")
    } == {
        "currency": "CNY",
        "customs_value": "425.00",
        "duty": "0.00",
        "vat": "45.50",
        "consumption_tax": "52.50",
        "total_tax": "98.00",
        "total": "523.00",
    }
    rule_ids = {r["id"] for r in result["rules"]}
    assert {"CN.tax_factor", "CN.tariff.330499.ct", "CN.tariff.330499.ct_threshold", "CN.tariff.330499.vat"} <= rule_ids
    for rule in result["rules"]:
        assert rule["source"] and rule["name"]


# (name, line, extra case fields, expected customs_value, duty, vat, consumption_tax, total_tax, total)
WORKED = [
    (
        "skincare high-end 21.25/g (domain notes)",
        line("33049900", "cosmetics", "425", unit_content="20", unit_content_uom="g"),
        {},
        "425.00",
        "0.00",
        "45.50",
        "52.50",
        "98.00",
        "523.00",
    ),
    (
        "skincare 7.50/g is not high-end: VAT only (9.1%)",
        line("33049900", "cosmetics", "150", unit_content="20", unit_content_uom="g"),
        {},
        "150.00",
        "0.00",
        "13.65",
        "0.00",
        "13.65",
        "163.65",
    ),
    (
        "skincare exactly 10/g is high-end (≥)",
        line("33049900", "cosmetics", "200", unit_content="20", unit_content_uom="g"),
        {},
        "200.00",
        "0.00",
        "21.41",
        "24.71",
        "46.12",
        "246.12",
    ),
    (
        "serum 10/ml high-end",
        line("33049900", "cosmetics", "300", unit_content="30", unit_content_uom="ml"),
        {},
        "300.00",
        "0.00",
        "32.12",
        "37.06",
        "69.18",
        "369.18",
    ),
    (
        "masks 12/piece below 15/piece",
        line("33049900", "cosmetics", "120", unit_content="10", unit_content_uom="piece"),
        {},
        "120.00",
        "0.00",
        "10.92",
        "0.00",
        "10.92",
        "130.92",
    ),
    (
        "masks 20/piece high-end",
        line("33049900", "cosmetics", "200", unit_content="10", unit_content_uom="piece"),
        {},
        "200.00",
        "0.00",
        "21.41",
        "24.71",
        "46.12",
        "246.12",
    ),
    (
        "freight counts toward the per-unit threshold (9.50 + 0.60 freight per g)",
        line("33049900", "cosmetics", "190", unit_content="20", unit_content_uom="g"),
        {"freight": "12.00"},
        "202.00",
        "0.00",
        "21.63",
        "24.95",
        "46.58",
        "248.58",
    ),
    (
        "cheese: ordinary goods 13% × 70% = 9.1%",
        line("04069000", "food", "100"),
        {},
        "100.00",
        "0.00",
        "9.10",
        "0.00",
        "9.10",
        "109.10",
    ),
    (
        "honey: agricultural 9% × 70% = 6.3%",
        line("04090000", "agricultural", "100"),
        {},
        "100.00",
        "0.00",
        "6.30",
        "0.00",
        "6.30",
        "106.30",
    ),
    (
        "pecans: HS 0802 VAT 9% beats the 'food' category's 13%",
        line("08029090", "food", "100"),
        {},
        "100.00",
        "0.00",
        "6.30",
        "0.00",
        "6.30",
        "106.30",
    ),
    (
        "supplement capsules 9.1%",
        line("21069090", "supplement", "100", quantity=2),
        {},
        "200.00",
        "0.00",
        "18.20",
        "0.00",
        "18.20",
        "218.20",
    ),
    (
        "whiskey: CT 20% + ¥0.912/L, VAT on price + full CT",
        line("22083000", "alcohol", "399", unit_content="750", unit_content_uom="ml", abv="45"),
        {},
        "399.00",
        "0.00",
        "45.46",
        "70.42",
        "115.88",
        "514.88",
    ),
    (
        "wine: CT 10%",
        line("22042100", "alcohol", "300", unit_content="750", unit_content_uom="ml"),
        {},
        "300.00",
        "0.00",
        "30.33",
        "23.33",
        "53.66",
        "353.66",
    ),
    (
        "beer: specific CT only, RMB 250 per 988 L",
        line("22030000", "alcohol", "30", quantity=6, unit_content="330", unit_content_uom="ml"),
        {},
        "180.00",
        "0.00",
        "16.43",
        "0.35",
        "16.78",
        "196.78",
    ),
    (
        "imitation jewelry: CT 10%",
        line("71171900", "jewelry", "200"),
        {},
        "200.00",
        "0.00",
        "20.22",
        "15.56",
        "35.78",
        "235.78",
    ),
    (
        "gold jewelry: CT at retail, not import",
        line("71131900", "jewelry", "2000"),
        {},
        "2000.00",
        "0.00",
        "182.00",
        "0.00",
        "182.00",
        "2182.00",
    ),
    (
        "single item over RMB 5,000 taxed in full: MFN 8% + US additional 10%",
        line("04069000", "food", "6000"),
        {},
        "6000.00",
        "1080.00",
        "920.40",
        "0.00",
        "2000.40",
        "8000.40",
    ),
    (
        "single item over RMB 5,000 from France: MFN 8% only",
        line("04069000", "food", "6000", origin="FR"),
        {},
        "6000.00",
        "480.00",
        "842.40",
        "0.00",
        "1322.40",
        "7322.40",
    ),
    (
        "watch under RMB 10,000: no CT; single item so full duty (placeholder 10%) + VAT",
        line("91021100", "watch", "8000", origin="CH"),
        {},
        "8000.00",
        "800.00",
        "1144.00",
        "0.00",
        "1944.00",
        "9944.00",
    ),
    (
        "high-end watch RMB 12,000: CT 20% on price + duty",
        line("91021100", "watch", "12000", origin="CH"),
        {},
        "12000.00",
        "1200.00",
        "2145.00",
        "3300.00",
        "6645.00",
        "18645.00",
    ),
    (
        "USD prices converted at 7.10 before tax",
        line("04069000", "food", "14.99"),
        {"currency": "USD"},
        "106.43",
        "0.00",
        "9.69",
        "0.00",
        "9.69",
        "116.12",
    ),
]


@pytest.mark.parametrize("name,item,extra,customs,duty,vat,ct,tax,total", WORKED, ids=[w[0] for w in WORKED])
def test_worked_examples(
    rules: RuleSet,
    name: str,
    item: dict[str, Any],
    extra: dict[str, Any],
    customs: str,
    duty: str,
    vat: str,
    ct: str,
    tax: str,
    total: str,
) -> None:
    fields = {k: v for k, v in extra.items() if k != "currency"}
    result = priced(rules, case("CN", extra.get("currency", "CNY"), [item], **fields))
    assert result["allowed"], result["reasons"]
    got = [result[k] for k in ("customs_value", "duty", "vat", "consumption_tax", "total_tax", "total")]
    assert got == [customs, duty, vat, ct, tax, total]
    [single] = result["lines"]
    assert [single[k] for k in ("customs_value", "duty", "vat", "consumption_tax", "total_tax", "total")] == got


def test_freight_and_insurance_apportioned_by_value_largest_remainder(rules: RuleSet) -> None:
    result = priced(
        rules,
        case(
            "CN",
            "CNY",
            [line("04069000", "food", "100"), line("04090000", "agricultural", "200")],
            freight="10.00",
            insurance="0.01",
        ),
    )
    first, second = result["lines"]
    assert (first["freight"], second["freight"]) == (
        "3.33",
        "6.67",
    )  # 3.333… / 6.666…: the larger remainder wins the cent
    assert (first["insurance"], second["insurance"]) == ("0.00", "0.01")
    assert (first["customs_value"], second["customs_value"]) == ("103.33", "206.68")
    assert (first["vat"], second["vat"]) == ("9.40", "13.02")
    assert result["customs_value"] == "310.01"
    assert result["total"] == "332.43"


def test_ct_threshold_basis_goods_only(data_copy: Any, tmp_path: Any) -> None:
    def to_goods(data: dict[str, Any]) -> None:
        data["params"]["ct_threshold_basis"]["value"] = "goods"

    from heartland.landedcost import load_rules

    path = tmp_path / "list.csv"
    path.write_text(TEST_LIST, encoding="utf-8")
    rules = load_rules(data_copy("cn_cbec.yaml", to_goods), positive_list=path)
    result = priced(
        rules,
        case(
            "CN",
            "CNY",
            [line("33049900", "cosmetics", "190", unit_content="20", unit_content_uom="g")],
            freight="12.00",
        ),
    )
    assert result["consumption_tax"] == "0.00"  # 9.50/g on goods alone


# ---------------------------------------------------------------------------------------------- refusals


def test_over_order_limit_needs_a_single_item(rules: RuleSet) -> None:
    two = priced(rules, case("CN", "CNY", [line("04069000", "food", "3000", quantity=2)]))
    assert codes(two) == ["over_order_limit"]
    assert two["reasons"][0]["line"] is None
    assert "5,000" in two["reasons"][0]["message_en"] and "5,000" in two["reasons"][0]["message_zh"]
    mixed = priced(
        rules, case("CN", "CNY", [line("04069000", "food", "4900"), line("04090000", "agricultural", "200")])
    )
    assert codes(mixed) == ["over_order_limit"]


def test_order_limit_compares_taxable_price_including_freight(rules: RuleSet) -> None:
    at_limit = priced(rules, case("CN", "CNY", [line("04069000", "food", "2495", quantity=2)], freight="10.00"))
    assert at_limit["allowed"]
    over = priced(rules, case("CN", "CNY", [line("04069000", "food", "2495", quantity=2)], freight="10.01"))
    assert codes(over) == ["over_order_limit"]


def test_order_limit_basis_goods_is_configurable(data_copy: Any, tmp_path: Any) -> None:
    from heartland.landedcost import load_rules

    def to_goods(data: dict[str, Any]) -> None:
        data["params"]["limit_basis"]["value"] = "goods"

    path = tmp_path / "list.csv"
    path.write_text(TEST_LIST, encoding="utf-8")
    rules = load_rules(data_copy("cn_cbec.yaml", to_goods), positive_list=path)
    result = priced(rules, case("CN", "CNY", [line("04069000", "food", "2495", quantity=2)], freight="50.00"))
    assert result["allowed"]


def test_annual_limit(rules: RuleSet) -> None:
    ok = priced(rules, case("CN", "CNY", [line("04069000", "food", "1000")], annual_used="25000"))
    assert ok["allowed"]
    over = priced(rules, case("CN", "CNY", [line("04069000", "food", "1000.01")], annual_used="25000"))
    assert codes(over) == ["over_annual_limit"]
    assert "26,000" in over["reasons"][0]["message_en"]
    single_big = priced(rules, case("CN", "CNY", [line("04069000", "food", "6000")], annual_used="21000"))
    assert codes(single_big) == ["over_annual_limit"]  # the single-item exception still counts toward the year


def test_not_on_positive_list_and_short_codes(rules: RuleSet) -> None:
    result = priced(
        rules,
        case(
            "CN",
            "CNY",
            [
                line("34060000", "general", "50"),
                line("330499", "cosmetics", "50", unit_content="50", unit_content_uom="g"),
            ],
        ),
    )
    assert codes(result) == ["not_on_positive_list", "not_on_positive_list"]
    assert [r["line"] for r in result["reasons"]] == [0, 1]
    assert "8" in result["reasons"][1]["message_en"]
    # amounts are still shown for information
    assert result["total"] is not None


def test_american_ginseng_is_refused_as_prohibited_with_an_explanation() -> None:
    result = run_cases([case("CN", "USD", [line("12112011", "agricultural", "80")])], fx=FX)[0]
    assert result["allowed"] is False
    assert codes(result) == ["prohibited"]
    reason = result["reasons"][0]
    assert "CITES" in reason["message_en"] and "CITES" in reason["message_zh"]
    assert "general trade" in reason["message_en"]
    assert "西洋参" in reason["message_zh"]
    assert any(r["id"] == "CN.prohibited.12112011" and r["unconfirmed"] for r in result["rules"])


def test_ginseng_prohibited_even_if_an_operator_lists_it(rules_with_list: Any) -> None:
    rules = rules_with_list(TEST_LIST + "12112011,American ginseng,\n")
    result = priced(rules, case("CN", "CNY", [line("12112011", "agricultural", "500")]))
    assert codes(result) == ["prohibited"]


def test_bonded_only_lines_need_mode_1210(rules: RuleSet) -> None:
    direct = priced(rules, case("CN", "CNY", [line("03061100", "food", "300")], mode="9610"))
    assert codes(direct) == ["bonded_only"]
    bonded = priced(rules, case("CN", "CNY", [line("03061100", "food", "300")], mode="1210"))
    assert bonded["allowed"]


def test_yearly_quantity_cap_by_weight(rules: RuleSet) -> None:
    maple = line("17022000", "food", "80", quantity=2, unit_weight_g="1000")
    assert priced(rules, case("CN", "CNY", [maple]))["allowed"]  # 2 kg = the cap
    three = dict(maple, quantity=3)
    result = priced(rules, case("CN", "CNY", [three]))
    assert codes(result) == ["quantity_cap"]
    assert "2 kg" in result["reasons"][0]["message_en"]
    used = priced(rules, case("CN", "CNY", [dict(maple, quantity=1)], cap_used={"17022000": "1500"}))
    assert codes(used) == ["quantity_cap"]
    net = priced(rules, case("CN", "CNY", [dict(maple, quantity=3, unit_content="500", unit_content_uom="g")]))
    assert net["allowed"]  # net contents (1.5 kg) beat the gross shipping weight


def test_quantity_cap_spread_over_lines_and_by_pieces(rules: RuleSet) -> None:
    a = line("17022000", "food", "80", unit_weight_g="1200")
    b = line("17022000", "food", "90", unit_weight_g="1200", sku="dark")
    assert codes(priced(rules, case("CN", "CNY", [a, b]))) == ["quantity_cap"]
    biscuits = line("19053100", "food", "20", quantity=7)
    assert codes(priced(rules, case("CN", "CNY", [biscuits]))) == ["quantity_cap"]


def test_cap_needs_the_weight(rules: RuleSet) -> None:
    result = priced(rules, case("CN", "CNY", [line("17022000", "food", "80")]))
    assert codes(result) == ["missing_unit_weight"]


def test_combined_remarks(rules: RuleSet) -> None:
    rice = line("10063020", "agricultural", "100", quantity=3, unit_weight_g="10000")
    assert codes(priced(rules, case("CN", "CNY", [rice], mode="9610"))) == ["bonded_only", "quantity_cap"]
    assert codes(priced(rules, case("CN", "CNY", [rice], mode="1210"))) == ["quantity_cap"]


def test_cosmetics_without_content_are_refused_but_priced_as_high_end(rules: RuleSet) -> None:
    result = priced(rules, case("CN", "CNY", [line("33049900", "cosmetics", "425")]))
    assert codes(result) == ["missing_unit_content"]
    assert result["consumption_tax"] == "52.50"


def test_spirits_without_volume_are_refused(rules: RuleSet) -> None:
    result = priced(rules, case("CN", "CNY", [line("22083000", "alcohol", "399")]))
    assert codes(result) == ["missing_unit_content"]


def test_no_fx_rate_is_a_refusal_not_an_exception(rules: RuleSet) -> None:
    result = priced(rules, case("CN", "EUR", [line("04069000", "food", "10")]))
    assert result["allowed"] is False
    assert codes(result) == ["no_fx_rate"]
    assert result["total"] is None and result["lines"] == []
    assert "EUR" in result["reasons"][0]["message_en"]


def test_case_fx_rate_overrides_the_source(rules: RuleSet) -> None:
    result = priced(rules, case("CN", "EUR", [line("04069000", "food", "10")], fx_rate="7.80"))
    assert result["allowed"]
    assert result["fx"] == {"base": "EUR", "quote": "CNY", "rate": "7.80"}
    assert result["goods"] == "78.00"


def test_additional_duty_within_limits_is_a_data_switch(data_copy: Any, tmp_path: Any) -> None:
    from heartland.landedcost import load_rules

    def switch_on(data: dict[str, Any]) -> None:
        data["entries"][0]["applies_within_cbec_limits"] = True

    path = tmp_path / "list.csv"
    path.write_text(TEST_LIST, encoding="utf-8")
    rules = load_rules(data_copy("additional_duties.yaml", switch_on), positive_list=path)
    us = priced(rules, case("CN", "CNY", [line("04069000", "food", "100")]))
    assert us["duty"] == "10.00"
    assert us["vat"] == "10.01"  # (100 + 10) × 13% × 70%
    assert "CN.additional.US" in us["lines"][0]["rules"]["duty"]
    fr = priced(rules, case("CN", "CNY", [line("04069000", "food", "100", origin="FR")]))
    assert fr["duty"] == "0.00"


def test_additional_duty_is_not_in_force_before_its_date(rules: RuleSet) -> None:
    result = priced(rules, case("CN", "CNY", [line("04069000", "food", "6000")], date="2025-06-01"))
    assert result["duty"] == "480.00"  # MFN/provisional 8% only


def test_every_figure_names_its_rules(rules: RuleSet) -> None:
    result = priced(
        rules, case("CN", "CNY", [line("33049900", "cosmetics", "425", unit_content="20", unit_content_uom="g")])
    )
    listed = {r["id"] for r in result["rules"]}
    for part in ("customs_value", "duty", "vat", "consumption_tax"):
        ids = result["lines"][0]["rules"][part]
        assert ids, part
        assert set(ids) <= listed
    for rule in result["rules"]:
        assert rule["effective_from"] is not None


def test_rules_by_date_sg_gst_versions() -> None:
    old, new = run_cases([case("SG", "SGD", [line("34060000", "general", "100")], date=d) for d in ("2023-06-01", DAY)])
    assert (old["vat"], new["vat"]) == ("8.00", "9.00")
