"""Rule data: loading, validation, caching, versions in force, tariff look-up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from heartland.landedcost import (
    PositiveListError,
    RuleDataError,
    clear_rules_cache,
    default_rules,
    load_rules,
)
from heartland.landedcost.rules import DATA_DIR, MARKET_FILES, Rule, Version, in_force

D = Decimal
DAY = date(2026, 1, 15)


def test_shipped_data_loads_and_every_rule_has_source_and_date() -> None:
    rules = load_rules()
    snap = rules.at(DAY)
    seen = 0
    for scope, params in snap.params.items():
        for name, (_, rule) in params.items():
            assert rule.source, (scope, name)
            assert rule.effective_from is not None, (scope, name)
            seen += 1
    for market, entries in rules.tariff_entries.items():
        for entry in entries:
            for name, (_, rule) in entry.fields.items():
                assert rule.source and rule.effective_from, (market, entry.key, name)
                seen += 1
    assert seen > 80


def test_placeholders_and_unconfirmed_facts_are_flagged() -> None:
    rules = load_rules()
    for entries in rules.tariff_entries.values():
        for entry in entries:
            for _, rule in entry.fields.values():
                if "placeholder" in rule.source.lower():
                    assert rule.unconfirmed, rule.id
    snap = rules.at(DAY)
    assert snap.params["CN"]["limit_basis"][1].unconfirmed
    assert not snap.params["CN"]["order_limit"][1].unconfirmed
    assert snap.additional[("CN", "US")].rule.unconfirmed
    assert rules.positive_list_rule.unconfirmed
    assert snap.prohibited["CN"]["12112011"].rule.unconfirmed


def test_loading_is_cached_and_can_be_cleared() -> None:
    first = load_rules()
    assert load_rules() is first
    assert load_rules(DATA_DIR) is first
    assert default_rules() is first
    assert first.at(DAY) is first.at(DAY)
    clear_rules_cache()
    second = load_rules()
    assert second is not first
    assert default_rules() is second


def test_an_operator_positive_list_replaces_the_shipped_one(tmp_path: Path) -> None:
    path = tmp_path / "official.csv"
    path.write_text("# edition: 2022 edition\nhs_code,description,remark\n12345678,test,\n", encoding="utf-8")
    rules = load_rules(positive_list=path)
    assert rules is not load_rules()
    assert list(rules.positive_list.entries) == ["12345678"]
    assert rules.positive_list_rule.name == "CBEC positive list: 2022 edition"
    assert "04090000" in load_rules().positive_list


def test_bad_positive_list_path_and_content(tmp_path: Path) -> None:
    with pytest.raises(RuleDataError, match="positive list not found"):
        load_rules(positive_list=tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("hs_code,description,remark\n1234,short,\n", encoding="utf-8")
    with pytest.raises(PositiveListError, match="bad.csv:2: bad HS code"):
        load_rules(positive_list=bad)


def _set(path: list[Any], value: Any) -> Any:
    def edit(data: Any) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        if value is KeyError:
            del node[path[-1]]
        else:
            node[path[-1]] = value

    return edit


# (file, edit, expected message fragment)
BAD_DATA = [
    (
        "tariff_lines.yaml",
        _set(["markets", "CN", 0, "vat"], 0.13),
        r"tariff_lines.yaml: markets.CN\[0\] \(all categories\).vat: 0.13 is a YAML float",
    ),
    (
        "tariff_lines.yaml",
        _set(["markets", "CN", 0, "vat"], "13%"),
        r"markets.CN\[0\] \(all categories\).vat: not a decimal",
    ),
    ("tariff_lines.yaml", _set(["markets", "CN", 0, "vat"], "13"), r"rate 13 out of range"),
    (
        "tariff_lines.yaml",
        _set(["markets", "CN", 1, "category"], "toys"),
        r"markets.CN\[1\].category: unknown category",
    ),
    ("tariff_lines.yaml", _set(["markets", "CN", 10, "hs"], "040"), r"markets.CN\[10\].hs: HS code/prefix"),
    (
        "tariff_lines.yaml",
        _set(["markets", "CN", 10, "duty_rate"], "0.1"),
        r"markets.CN\[10\]: unknown key\(s\) duty_rate",
    ),
    (
        "tariff_lines.yaml",
        _set(["markets", "CN", 9, "source"], KeyError),
        r"\(HS 0406\).source: expected non-empty text",
    ),
    (
        "tariff_lines.yaml",
        _set(["markets", "CN", 9, "effective_from"], "15/01/2026"),
        r"\(HS 0406\).effective_from: not a date",
    ),
    ("tariff_lines.yaml", _set(["markets", "CN", 5, "ct_threshold"], {"kg": "10"}), r"ct_threshold.kg: unknown unit"),
    (
        "tariff_lines.yaml",
        _set(
            ["markets", "CN", 0],
            {"category": "*", "name": "x", "ct": "0", "source": "s", "effective_from": "2020-01-01"},
        ),
        r"markets.CN: needs a category \"\*\" entry with a vat rate",
    ),
    (
        "cn_cbec.yaml",
        _set(["params", "order_limit", "source"], ""),
        r"cn_cbec.yaml: params.order_limit.source: expected non-empty text",
    ),
    (
        "cn_cbec.yaml",
        _set(["params", "order_limit", "value"], 5000.0),
        r"cn_cbec.yaml: params.order_limit.value: 5000.0 is a YAML float",
    ),
    (
        "cn_cbec.yaml",
        _set(["params", "order_limitt"], {"name": "x"}),
        r"cn_cbec.yaml: params.order_limitt: unknown parameter",
    ),
    (
        "cn_cbec.yaml",
        _set(["params", "annual_limit"], KeyError),
        r"cn_cbec.yaml: params.annual_limit: missing parameter",
    ),
    (
        "cn_cbec.yaml",
        _set(["params", "limit_basis", "value"], "order"),
        r"params.limit_basis.value: expected one of taxable_price, goods",
    ),
    (
        "cn_cbec.yaml",
        _set(["params", "order_limit", "effective_to"], "2010-01-01"),
        r"effective_to: must be after effective_from",
    ),
    ("cn_cbec.yaml", _set(["prohibited", 0, "hs_code"], "1211201"), r"prohibited\[0\].hs_code"),
    ("cn_cbec.yaml", _set(["market"], "HK"), r"cn_cbec.yaml: market: expected 'CN'"),
    (
        "sg.yaml",
        _set(["params", "gst_rate", "versions", 1, "effective_from"], "2023-01-01"),
        r"sg.yaml: params.gst_rate: two versions start on the same date",
    ),
    (
        "jp.yaml",
        _set(["params", "freight_in_customs_value", "value"], "yes"),
        r"jp.yaml: params.freight_in_customs_value.value: expected true or false",
    ),
    (
        "kr.yaml",
        _set(["params", "supplement_max_units", "value"], "6.5"),
        r"supplement_max_units.value: expected a whole number",
    ),
    ("shipping.yaml", _set(["markets", "CN", "economy", "days"], [20, 10]), r"shipping.yaml: markets.CN.economy.days"),
    ("shipping.yaml", _set(["band_g"], "0"), r"shipping.yaml: band_g: must be positive"),
    ("additional_duties.yaml", _set(["entries", 0, "origin"], "usa"), r"additional_duties.yaml: entries\[0\].origin"),
    ("us_export.yaml", _set(["embargoed", 0, "country"], "Cuba"), r"us_export.yaml: embargoed\[0\].country"),
]


@pytest.mark.parametrize("file,edit,message", BAD_DATA, ids=[f"{b[0]}:{b[2][:40]}" for b in BAD_DATA])
def test_bad_data_names_the_file_and_key(data_copy: Any, file: str, edit: Any, message: str) -> None:
    directory = data_copy(file, edit)
    with pytest.raises(RuleDataError, match=message):
        load_rules(directory)


def test_invalid_yaml(data_copy: Any) -> None:
    directory = data_copy("hk.yaml", text="market: HK\n  bad: [indent")
    with pytest.raises(RuleDataError, match="hk.yaml: not valid YAML"):
        load_rules(directory)


def test_missing_file(data_copy: Any) -> None:
    directory = data_copy()
    (directory / "jp.yaml").unlink()
    with pytest.raises(RuleDataError, match="jp.yaml: file not found"):
        load_rules(directory)


def test_versions_in_force() -> None:
    def version(start: str, end: str | None = None) -> Version:
        return Version(start, Rule("x", "x", "s", date.fromisoformat(start), date.fromisoformat(end) if end else None))

    versions = (version("2020-01-01", "2023-01-01"), version("2023-01-01"), version("2025-01-01", "2025-06-01"))
    assert in_force(versions, date(2019, 12, 31)) is None
    assert in_force(versions, date(2022, 12, 31)).value == "2020-01-01"
    assert in_force(versions, date(2023, 1, 1)).value == "2023-01-01"
    assert in_force(versions, date(2025, 3, 1)).value == "2025-01-01"
    assert in_force(versions, date(2025, 6, 1)).value == "2023-01-01"


def test_jp_exemption_lapses_on_2028_04_01() -> None:
    rules = load_rules()
    assert rules.at(date(2028, 3, 31)).param("JP", "small_value_exemption")[0] == D("10000")
    assert rules.at(date(2028, 4, 1)).param("JP", "small_value_exemption") is None


# (market, HS code, category, origin, duty, vat, ct, duty rule id)
LOOKUPS = [
    ("CN", "22083000", "alcohol", "US", "0.10", "0.13", "0.20", "CN.tariff.2208.duty"),  # 4-digit heading
    ("CN", "2208300000", "alcohol", "US", "0.10", "0.13", "0.20", "CN.tariff.2208.duty"),  # 10-digit input
    ("CN", "33049900", "cosmetics", "US", "0.01", "0.13", "0.15", "CN.tariff.330499.duty"),  # 6-digit line
    ("CN", "04069000", "food", "US", "0.08", "0.13", "0", "CN.tariff.04069000.duty"),  # 8 beats 4 per field
    ("CN", "04061000", "food", "US", "0.15", "0.13", "0", "CN.tariff.category.food.duty"),  # category default
    ("CN", "99999999", "agricultural", "US", "0.15", "0.09", "0", "CN.tariff.category.agricultural.duty"),
    ("CN", "08134090", "food", "US", "0.25", "0.09", "0", "CN.tariff.08134090.duty"),  # heading VAT beats category
    ("JP", "04090000", "food", "US", "0.031", "0.08", "0", "JP.tariff.0409.duty_by_origin"),
    ("JP", "04090000", "food", "NZ", "0.255", "0.08", "0", "JP.tariff.0409.duty"),
    ("KR", "22083000", "alcohol", "US", "0", "0.10", "0", "KR.tariff.220830.duty_by_origin"),
    ("KR", "22089000", "alcohol", "US", "0.20", "0.10", "0", "KR.tariff.2208.duty"),  # 2208 has no US rate
    ("KR", "34060000", "general", "US", "0", "0.10", "0", "KR.tariff.category.general.duty_by_origin"),
]


@pytest.mark.parametrize("market,hs,category,origin,duty,vat,ct,rule_id", LOOKUPS)
def test_tariff_lookup_most_specific_first(
    market: str, hs: str, category: str, origin: str, duty: str, vat: str, ct: str, rule_id: str
) -> None:
    tr = load_rules().at(DAY).tariffs[market].treatment(hs, category, origin)
    assert tr.duty_rate == D(duty)
    assert tr.vat_rate == D(vat)
    assert tr.ct_rate == D(ct)
    assert [r.id for r in tr.duty_rules] == [rule_id]


def test_ct_group_comes_from_one_entry() -> None:
    tariff = load_rules().at(DAY).tariffs["CN"]
    spirits = tariff.treatment("22083000", "alcohol", "US")
    assert spirits.ct_specific == (D("0.912"), D("1"))
    assert [r.id for r in spirits.ct_rules] == ["CN.tariff.2208.ct", "CN.tariff.2208.ct_specific"]
    wine = tariff.treatment("22042100", "alcohol", "US")
    assert wine.ct_rate == D("0.10") and wine.ct_specific is None
    gold = tariff.treatment("71131900", "jewelry", "US")
    assert gold.ct_rate == 0 and gold.ct_threshold is None
    watch = tariff.treatment("91021100", "watch", "US")
    assert watch.ct_threshold == {"unit": D("10000")}
    assert [r.unconfirmed for r in watch.ct_rules] == [False, True]


def test_every_market_file_is_listed() -> None:
    for market, file in MARKET_FILES.items():
        data = yaml.safe_load((DATA_DIR / file).read_text(encoding="utf-8"))
        assert data["market"] == market
