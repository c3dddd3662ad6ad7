"""US export checks (EEI flag, embargo) and the shipping tariff."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from heartland.landedcost import ShippingError, load_rules, run_cases, service_levels, shipping_quote

from .helpers import FX, case, codes, line

D = Decimal


def only(obj: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    [result] = run_cases([obj], **{"fx": FX, **kwargs})
    assert "error" not in result, result
    return result


# (name, case, flagged HS6 codes)
EEI = [
    ("USD 2,600 under one HS6", case("HK", "USD", [line("34060000", "general", "1300", quantity=2)]), ["340600"]),
    ("exactly USD 2,500: no EEI", case("HK", "USD", [line("34060000", "general", "1250", quantity=2)]), []),
    ("two 8-digit lines of one HS6 add up",
     case("HK", "USD", [line("22083000", "alcohol", "1300", abv="40"), line("22083090", "alcohol", "1300", abv="40")]),
     ["220830"]),
    ("different HS6 codes are separate",
     case("HK", "USD", [line("22083000", "alcohol", "1300", abv="40"), line("22084000", "alcohol", "1300", abv="40")]),
     []),
    ("CNY prices converted to USD", case("HK", "CNY", [line("04069000", "food", "20000")], fx_rate="1.08"), ["040690"]),
]


@pytest.mark.parametrize("name,obj,flagged", EEI, ids=[e[0] for e in EEI])
def test_eei_flag_per_hs6(name: str, obj: dict[str, Any], flagged: list[str]) -> None:
    result = only(obj)
    assert result["eei_required_hs6"] == flagged
    assert [w for w in codes(result, "warnings") if w.startswith("eei")] == ["eei_required"] * len(flagged)
    assert result["allowed"]  # a flag, never a refusal
    if flagged:
        assert "US.eei_threshold_usd" in {r["id"] for r in result["rules"]}
        assert "30.37(a)" in result["warnings"][0]["message_en"]


def test_eei_unchecked_without_a_usd_rate() -> None:
    result = only(case("HK", "HKD", [line("04069000", "food", "100")]))
    assert codes(result, "warnings") == ["eei_unchecked"]
    assert result["allowed"]


def test_embargoed_destination_is_refused(data_copy: Any) -> None:
    def embargo_hk(data: dict[str, Any]) -> None:
        data["embargoed"].append({"country": "HK", "name": "test", "source": "test", "effective_from": "2020-01-01"})

    rules = load_rules(data_copy("us_export.yaml", embargo_hk))
    result = only(case("HK", "USD", [line("04069000", "food", "10")]), rules=rules)
    assert codes(result) == ["embargoed_destination"]
    assert "US.embargo.HK" in {r["id"] for r in result["rules"]}
    assert only(case("JP", "USD", [line("04069000", "food", "10")]), rules=rules)["allowed"]


def test_shipped_embargo_list() -> None:
    snap = load_rules().at(date(2026, 1, 15))
    assert {"CU", "IR", "KP", "SY"} <= set(snap.embargoed)


# ---------------------------------------------------------------------------------------------- shipping

# (market, level, weight g, dims cm, amount, chargeable g, bands)
SHIPPING = [
    ("CN", "standard", 0, None, "22.00", "0", 1),
    ("CN", "standard", 500, None, "22.00", "500", 1),
    ("CN", "standard", 501, None, "28.50", "501", 2),
    ("CN", "standard", 1200, None, "35.00", "1200", 3),
    ("CN", "economy", "2500", None, "32.00", "2500", 5),
    ("CN", "express", 400, (30, 20, 15), "57.00", "1500", 3),  # volumetric 30×20×15/6000 = 1.5 kg
    ("JP", "standard", 2000, (10, 10, 10), "40.50", "2000", 4),  # actual beats volumetric (167 g)
    ("KR", "economy", D("499.5"), None, "13.00", "499.5", 1),
]


@pytest.mark.parametrize("market,level,weight,dims,amount,chargeable,bands", SHIPPING)
def test_shipping_quote(market: str, level: str, weight: Any, dims: Any, amount: str, chargeable: str,
                        bands: int) -> None:
    result = shipping_quote(market, level, weight, dims)
    assert result.amount == D(amount)
    assert result.currency == "USD"
    assert result.chargeable_g == D(chargeable)
    assert result.bands == bands
    assert result.days_min <= result.days_max
    assert "Heartland" in result.rules[0].source


@pytest.mark.parametrize("args,message", [
    (("XX", "standard", 100), "no shipping rates"),
    (("CN", "overnight", 100), "no 'overnight' service"),
    (("CN", "economy", 20001), "over the 20000 g limit"),
    (("CN", "standard", 1.5), "float"),
    (("CN", "standard", -1), "negative"),
    (("CN", "standard", "1e3"), "not a decimal"),
    (("CN", "standard", 100, (10, 10)), "length, width, height"),
])
def test_shipping_errors(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ShippingError, match=message):
        shipping_quote(*args)


def test_service_levels() -> None:
    levels = service_levels("CN")
    assert set(levels) == {"economy", "standard", "express"}
    assert levels["express"][1] < levels["economy"][0]
    assert service_levels("XX") == {}
