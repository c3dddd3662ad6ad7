"""Japan, personal-use imports.

customs value (per line) = goods × 0.6 (rounded to the yen) + freight + insurance (configurable);
if the parcel's total customs value ≤ ¥10,000 (while that exemption is in force, to 2028-04-01),
no duty and no consumption tax, except for excluded goods (leather, knitwear, footwear, rice, dairy);
otherwise duty = customs value × rate (by HS, US preferential rates where given, else category) and
consumption tax = (customs value + duty) × 10% (8% for food, not alcohol) — reported as ``vat``.
Liquor tax is not computed (warning ``excise_not_included``). Japan's truncation of the tax base to
¥1,000 and of tax to ¥100 is not modelled: amounts are rounded to the yen (slightly high).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .common import HALF_UP, ZERO, MarketResult, Prepared, duty_and_vat, is_alcohol
from .reasons import make_reason
from .rules import Snapshot, Tariff, Treatment
from .types import Case, LineQuote, Reason, Rule

__all__ = ["JpConfig", "compute", "prepare"]


@dataclass(slots=True)
class JpConfig:
    value_factor: Decimal
    freight_in_value: bool
    exemption: Decimal | None
    excluded: tuple[str, ...]
    tariff: Tariff
    value_rules: tuple[Rule, ...]
    exemption_rule: Rule | None
    excluded_rule: Rule


def prepare(snap: Snapshot) -> JpConfig:
    factor, factor_rule = snap.require("JP", "personal_use_value_factor")
    freight_in, freight_rule = snap.require("JP", "freight_in_customs_value")
    exemption = snap.param("JP", "small_value_exemption")
    excluded, excluded_rule = snap.require("JP", "exemption_excluded_hs_prefixes")
    return JpConfig(
        value_factor=factor,
        freight_in_value=freight_in,
        exemption=exemption[0] if exemption is not None else None,
        excluded=excluded,
        tariff=snap.tariffs["JP"],
        value_rules=(factor_rule, freight_rule),
        exemption_rule=exemption[1] if exemption is not None else None,
        excluded_rule=excluded_rule,
    )


def _rules(cfg: JpConfig, tr: Treatment, state: str) -> Any:
    found = tr.cache.get(state)
    if found is None:
        if state == "exempt":
            exempt = (cfg.exemption_rule,) if cfg.exemption_rule is not None else ()
            found = MappingProxyType({"customs_value": cfg.value_rules, "duty": exempt, "vat": exempt,
                                      "consumption_tax": ()})
        else:
            lead = (cfg.excluded_rule,) if state == "excluded" else ()
            found = MappingProxyType({"customs_value": cfg.value_rules, "duty": (*lead, *tr.duty_rules),
                                      "vat": (*lead, *tr.vat_rules), "consumption_tax": ()})
        tr.cache[state] = found
    return found


def compute(cfg: JpConfig, case: Case, prep: Prepared) -> MarketResult:
    q = prep.quantum
    zero = ZERO.quantize(q)
    reasons: list[Reason] = []
    warnings: list[Reason] = []
    values: list[Decimal] = []
    for i in range(len(case.lines)):
        value = (prep.goods[i] * cfg.value_factor).quantize(q, HALF_UP)
        if cfg.freight_in_value:
            value += prep.freight[i] + prep.insurance[i]
        values.append(value)
    exempt = cfg.exemption is not None and sum(values, zero) <= cfg.exemption
    out: list[LineQuote] = []
    alcohol = False
    for i, line in enumerate(case.lines):
        goods, fr, ins, value = prep.goods[i], prep.freight[i], prep.insurance[i], values[i]
        tr = cfg.tariff.treatment(line.hs_code, line.tax_category, line.origin)
        excluded = line.hs_code.startswith(cfg.excluded)
        if is_alcohol(line):
            alcohol = True
        if exempt and not excluded:
            duty = vat = zero
            rules = _rules(cfg, tr, "exempt")
        else:
            duty, vat = duty_and_vat(value, tr, q, i, line, "JP", reasons)
            rules = _rules(cfg, tr, "excluded" if exempt else "taxed")
        tax = duty + vat
        out.append(LineQuote(i, line.hs_code, line.tax_category, goods, fr, ins, value, duty, vat, zero, tax,
                             goods + fr + ins + tax, rules))
    if alcohol:
        warnings.append(make_reason("excise_not_included", None, market="Japan"))
    order_rules = (cfg.exemption_rule,) if cfg.exemption_rule is not None else ()
    return MarketResult(out, reasons, warnings, order_rules)
