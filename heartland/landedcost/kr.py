"""South Korea, personal parcels.

If every line is US-origin and the goods total ≤ USD 200 (other origins: USD 150, unconfirmed),
converted at the day's USD/KRW rate, no duty and no VAT. Above it the whole value is taxed:
duty = CIF × rate (KORUS rate for US origin where the data has one), VAT = 10% × (CIF + duty),
each rounded to the won. Health foods: at most 6 units per order. Liquor and education taxes on
alcohol are not computed (warning ``excise_not_included``).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .common import ZERO, MarketResult, Prepared, duty_and_vat, is_alcohol
from .reasons import make_reason
from .rules import Snapshot, Tariff, Treatment
from .types import Case, LineQuote, Reason, Rule

__all__ = ["KrConfig", "compute", "prepare"]


@dataclass(slots=True)
class KrConfig:
    us_threshold: Decimal
    other_threshold: Decimal
    basis_taxable: bool
    supplement_max: int
    tariff: Tariff
    us_rule: Rule
    other_rule: Rule
    basis_rule: Rule
    value_rule: Rule
    supplement_rule: Rule


def prepare(snap: Snapshot) -> KrConfig:
    us, us_rule = snap.require("KR", "us_threshold_usd")
    other, other_rule = snap.require("KR", "other_threshold_usd")
    basis, basis_rule = snap.require("KR", "threshold_basis")
    _, value_rule = snap.require("KR", "customs_value")
    supplement_max, supplement_rule = snap.require("KR", "supplement_max_units")
    return KrConfig(us, other, basis == "taxable_price", supplement_max, snap.tariffs["KR"],
                    us_rule, other_rule, basis_rule, value_rule, supplement_rule)


def _rules(cfg: KrConfig, tr: Treatment, threshold_rule: Rule, exempt: bool) -> Any:
    key = (threshold_rule.id, exempt)
    found = tr.cache.get(key)
    if found is None:
        lead = (threshold_rule, cfg.basis_rule)
        if exempt:
            found = MappingProxyType({"customs_value": (cfg.value_rule,), "duty": lead, "vat": lead,
                                      "consumption_tax": ()})
        else:
            found = MappingProxyType({"customs_value": (cfg.value_rule,), "duty": (*tr.duty_rules, threshold_rule),
                                      "vat": (*tr.vat_rules, threshold_rule), "consumption_tax": ()})
        tr.cache[key] = found
    return found


def compute(cfg: KrConfig, case: Case, prep: Prepared) -> MarketResult:
    lines = case.lines
    all_us = all(line.origin == "US" for line in lines)
    threshold = cfg.us_threshold if all_us else cfg.other_threshold
    threshold_rule = cfg.us_rule if all_us else cfg.other_rule
    if case.currency == "USD":
        basis_usd = sum((line.unit_price * line.quantity for line in lines), ZERO)
        if cfg.basis_taxable:
            basis_usd += case.freight + case.insurance
        exempt = basis_usd <= threshold
    else:
        rate = prep.fx("USD", prep.currency)
        if rate is None:
            return MarketResult([], [make_reason("no_fx_rate", None, base="USD", quote=prep.currency)],
                                computed=False)
        basis = prep.goods_total
        if cfg.basis_taxable:
            basis += prep.freight_total + prep.insurance_total
        exempt = basis <= threshold * rate

    reasons: list[Reason] = []
    warnings: list[Reason] = []
    supplements = sum(line.quantity for line in lines if line.tax_category == "supplement")
    if supplements > cfg.supplement_max:
        first = next(i for i, line in enumerate(lines) if line.tax_category == "supplement")
        reasons.append(make_reason("quantity_cap", first, "kr_supplement", limit=cfg.supplement_max, count=supplements))

    q = prep.quantum
    zero = ZERO.quantize(q)
    out: list[LineQuote] = []
    alcohol = False
    for i, line in enumerate(lines):
        goods, fr, ins = prep.goods[i], prep.freight[i], prep.insurance[i]
        cif = goods + fr + ins
        tr = cfg.tariff.treatment(line.hs_code, line.tax_category, line.origin)
        if is_alcohol(line):
            alcohol = True
        if exempt:
            duty = vat = zero
        else:
            duty, vat = duty_and_vat(cif, tr, q, i, line, "KR", reasons)
        tax = duty + vat
        out.append(LineQuote(i, line.hs_code, line.tax_category, goods, fr, ins, cif, duty, vat, zero, tax,
                             cif + tax, _rules(cfg, tr, threshold_rule, exempt)))
    if alcohol:
        warnings.append(make_reason("excise_not_included", None, market="Korea"))
    order_rules = (threshold_rule, cfg.basis_rule) + ((cfg.supplement_rule,) if supplements else ())
    return MarketResult(out, reasons, warnings, order_rules)
