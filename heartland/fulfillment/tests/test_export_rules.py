"""The US export rules at shipment (pure): EEI over USD 2,500 per HS subheading or with a licence
needs an ITN; embargoes and missing HS codes refuse. Properties checked with hypothesis."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from heartland.fulfillment.rules.export import (
    ExportLine,
    ExportRules,
    Source,
    check_export,
    normalize_itn,
    rules_from,
)
from heartland.landedcost import default_rules

RULES = rules_from(default_rules().at(date(2026, 3, 1)))
LIMIT = Decimal("2500")
CODES = ["04090000", "04069000", "04069010", "21069090", "3406000000", "0802990000"]

lines = st.lists(st.builds(
    ExportLine, description=st.just("Goods"), hs_code=st.sampled_from(CODES),
    value_usd=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("3000"), places=2),
    quantity=st.integers(1, 5)), min_size=1, max_size=8)


def totals(items):
    out: dict[str, Decimal] = {}
    for line in items:
        out[line.hs_code[:6]] = out.get(line.hs_code[:6], Decimal(0)) + line.value_usd
    return out


def test_the_data_in_force_is_the_landed_cost_engines():
    assert RULES.eei_threshold_usd == LIMIT and "30.37(a)" in RULES.threshold.source
    assert {"CU", "IR", "KP", "SY"} <= set(RULES.embargoed) and RULES.exemption_legend == "NOEEI §30.37(a)"


@settings(max_examples=300, derandomize=True, deadline=None)
@given(lines)
def test_an_itn_is_needed_exactly_when_one_subheading_is_over_the_threshold(items):
    verdict = check_export(destination="JP", lines=items, rules=RULES)
    over = {code for code, value in totals(items).items() if value > LIMIT}
    assert {f.hs6 for f in verdict.filings} == over
    assert verdict.needs_itn == bool(over) and verdict.ok == (not over)
    assert verdict.legend == ("" if over else "NOEEI §30.37(a)")
    with_itn = check_export(destination="JP", lines=items, rules=RULES, itn="X20260301000001")
    assert with_itn.ok and with_itn.itn == "X20260301000001"


@settings(max_examples=200, derandomize=True, deadline=None)
@given(lines, st.randoms(use_true_random=False))
def test_splitting_or_reordering_lines_never_changes_the_verdict(items, rnd):
    split = []
    for line in items:
        half = (line.value_usd / 2).quantize(Decimal("0.01"))
        split += [ExportLine(line.description, line.hs_code, half), ExportLine(line.description, line.hs_code,
                                                                               line.value_usd - half)]
    rnd.shuffle(split)
    a = check_export(destination="KR", lines=items, rules=RULES)
    b = check_export(destination="KR", lines=split, rules=RULES)
    assert [(f.hs6, f.value_usd) for f in a.filings] == [(f.hs6, f.value_usd) for f in b.filings]


@settings(max_examples=100, derandomize=True, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000"), places=2))
def test_the_threshold_itself_needs_no_itn_one_cent_more_does(value):
    at = check_export(destination="SG", lines=[ExportLine("Honey", "04090000", value)], rules=RULES)
    assert at.needs_itn == (value > LIMIT)
    edge = check_export(destination="SG", lines=[ExportLine("Honey", "04090000", LIMIT)], rules=RULES)
    assert not edge.needs_itn
    assert check_export(destination="SG", lines=[ExportLine("Honey", "04090000", LIMIT + Decimal("0.01"))],
                        rules=RULES).needs_itn


@given(st.text(max_size=20))
def test_an_itn_is_x_and_14_digits(text):
    normalized = normalize_itn(text)
    if normalized is not None:
        assert len(normalized) == 15 and normalized[0] == "X" and normalized[1:].isdigit()
    assert normalize_itn("x 2026 0301 000001") == "X20260301000001"
    assert normalize_itn("X2026030100000") is None and normalize_itn("Y20260301000001") is None


def test_a_licence_needs_eei_whatever_the_value():
    rules = ExportRules(eei_threshold_usd=LIMIT, threshold=None, embargoed={},
                        licence_required={"121120": Source("American ginseng (CITES)", "test source", None)})
    verdict = check_export(destination="CN", lines=[ExportLine("Ginseng", "1211201100", Decimal("40"))], rules=rules)
    assert verdict.needs_itn and verdict.filings[0].reason == "licence" and "CITES" in verdict.itn_problem.message


def test_embargo_and_missing_codes_are_refusals_not_warnings():
    verdict = check_export(destination="ir", lines=[ExportLine("Jam", "", Decimal("5"))], rules=RULES,
                           itn="X20260301000001")
    assert [p.code for p in verdict.refusals] == ["embargoed_destination", "hs_code_missing"]
    assert not verdict.ok and "Iran" in verdict.refusals[0].message and "15 CFR part 746" in verdict.refusals[0].message


def test_no_threshold_in_force_stops_shipping():
    rules = ExportRules(eei_threshold_usd=None, threshold=None, embargoed={})
    assert check_export(destination="HK", lines=[ExportLine("Honey", "04090000", Decimal("1"))],
                        rules=rules).refusals[0].code == "export_rules_missing"
