"""Mainland China, cross-border e-commerce retail import (CBEC, customs modes 9610 and 1210).

Per line, with T = goods + apportioned freight + insurance (the taxable price), B = T + duty,
r = consumption-tax rate, S = specific consumption tax (e.g. ¥0.912 per litre of spirits),
v = VAT rate and f = 0.7 within the CBEC limits (1 for a single item taxed in full):

    CT  = (B·r + S) / (1 − r) · f          i.e. (B + S)/(1 − r)·r + S, times f
    VAT = (B + S) / (1 − r) · v · f        i.e. (B + CT before the factor)·v, times f

each rounded once, ROUND_HALF_UP, to 0.01 CNY. Within limits duty is 0; a single item over the
per-order limit pays duty T × (MFN rate + additional duty where it applies) and the full taxes.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .common import HALF_UP, ONE, ZERO, MarketResult, Prepared
from .positive_list import PositiveList
from .reasons import make_reason, money_text
from .rules import AdditionalDuty, Prohibition, Snapshot, Tariff, Treatment
from .types import Case, LineQuote, Reason, Rule

__all__ = ["CnConfig", "compute", "prepare"]

_THOUSAND = Decimal(1000)


@dataclass(slots=True)
class CnConfig:
    currency: str
    order_limit: Decimal
    annual_limit: Decimal
    factor: Decimal
    duty_within: Decimal
    single_item: bool
    limit_on_taxable: bool
    ct_basis_taxable: bool
    tariff: Tariff
    plist: PositiveList
    plist_entries: Any
    prohibited: dict[str, Prohibition]
    additional_within: dict[str, AdditionalDuty]
    additional_above: dict[str, AdditionalDuty]
    customs_rules: tuple[Rule, ...]
    duty_within_rule: Rule
    factor_rule: Rule
    single_rule: Rule
    order_rules: tuple[Rule, ...]


def prepare(snap: Snapshot) -> CnConfig:
    """Resolve the CN parameters in force into plain attributes (once per snapshot)."""
    get = snap.require
    order_limit, order_rule = get("CN", "order_limit")
    annual_limit, annual_rule = get("CN", "annual_limit")
    factor, factor_rule = get("CN", "tax_factor")
    duty_within, duty_rule = get("CN", "duty_within_limits")
    single, single_rule = get("CN", "single_item_exception")
    basis, basis_rule = get("CN", "limit_basis")
    ct_basis, _ = get("CN", "ct_threshold_basis")
    _, taxable_rule = get("CN", "taxable_price")
    _, apportion_rule = get("CN", "apportionment")
    additional = {origin: duty for (market, origin), duty in snap.additional.items() if market == "CN"}
    return CnConfig(
        currency=snap.currencies["CN"],
        order_limit=order_limit,
        annual_limit=annual_limit,
        factor=factor,
        duty_within=duty_within,
        single_item=single,
        limit_on_taxable=basis == "taxable_price",
        ct_basis_taxable=ct_basis == "taxable_price",
        tariff=snap.tariffs["CN"],
        plist=snap.positive_list,
        plist_entries=snap.positive_list.entries,
        prohibited=snap.prohibited.get("CN", {}),
        additional_within={o: d for o, d in additional.items() if d.within_cbec_limits},
        additional_above={o: d for o, d in additional.items() if d.above_cbec_limits},
        customs_rules=(taxable_rule, apportion_rule),
        duty_within_rule=duty_rule,
        factor_rule=factor_rule,
        single_rule=single_rule,
        order_rules=(snap.positive_list_rule, order_rule, annual_rule, basis_rule),
    )


def _rule_map(cfg: CnConfig, tr: Treatment, full: bool, high: bool, extra: AdditionalDuty | None) -> Any:
    """The rules behind each figure of a line; built once per (treatment, regime) and shared."""
    key = (full, high, extra)
    tail = (cfg.single_rule,) if full else (cfg.factor_rule,)
    duty = (*tr.duty_rules, cfg.single_rule) if full else (cfg.duty_within_rule,)
    if extra is not None:
        duty = (*duty, extra.rule)
    ct_rules = tr.ct_rules if high else tr.ct_rules_below
    found = MappingProxyType({
        "customs_value": cfg.customs_rules,
        "duty": duty,
        "vat": (*tr.vat_rules, *tail),
        "consumption_tax": (*ct_rules, *tail) if ct_rules else tail,
    })
    tr.cache[key] = found
    return found


def _cap_amount(line: Any, unit: str) -> Decimal | None:
    """How much of a capped line the order holds, in the cap's base unit; None if unknown."""
    if unit == "pcs":
        return Decimal(line.quantity)
    if line.unit_content is not None and line.unit_content_uom == ("g" if unit == "g" else "ml"):
        return line.unit_content * line.quantity
    if unit == "g" and line.unit_weight_g is not None:
        return line.unit_weight_g * line.quantity
    return None


def _cap_text(amount: Decimal, unit: str) -> str:
    if unit == "g" and amount >= _THOUSAND:
        return f"{(amount / _THOUSAND).normalize():f} kg"
    if unit == "ml" and amount >= _THOUSAND:
        return f"{(amount / _THOUSAND).normalize():f} L"
    return f"{amount.normalize():f} {unit}"


def _check_list(cfg: CnConfig, case: Case, reasons: list[Reason]) -> tuple[Rule, ...]:
    """Prohibitions, positive list, bonded-only and yearly quantity caps → the prohibition rules hit."""
    entries = cfg.plist_entries
    banned: tuple[Rule, ...] = ()
    capped: dict[str, list[Any]] | None = None
    for i, line in enumerate(case.lines):
        hs = line.hs_code
        hs8 = hs[:8]
        ban = cfg.prohibited.get(hs8)
        if ban is not None:
            reasons.append(Reason("prohibited", i, ban.message_en, ban.message_zh))
            if ban.rule not in banned:
                banned += (ban.rule,)
            continue
        if len(hs) < 8:
            reasons.append(make_reason("not_on_positive_list", i, "short_code", hs=hs))
            continue
        entry = entries.get(hs8)
        if entry is None:
            reasons.append(make_reason("not_on_positive_list", i, hs=hs8, edition=cfg.plist.edition))
            continue
        if entry.bonded_only and case.mode != "1210":
            reasons.append(make_reason("bonded_only", i, hs=hs8, mode=case.mode))
        if entry.cap is not None:
            if capped is None:
                capped = {}
            capped.setdefault(hs8, [entry, i, ZERO, False])
            amount = _cap_amount(line, entry.cap_unit)
            slot = capped[hs8]
            if amount is None:
                if not slot[3]:
                    slot[3] = True
                    cap = _cap_text(entry.cap, entry.cap_unit)
                    if entry.cap_unit == "g":
                        reasons.append(make_reason("missing_unit_weight", i, hs=hs8, cap=cap))
                    else:
                        reasons.append(make_reason(
                            "missing_unit_content", i, hs=hs8, category=line.tax_category, need="ml",
                            what=f"the yearly cap of {cap}", what_zh=f"每年 {cap} 的限购",
                        ))
            else:
                slot[2] += amount
    if capped:
        used_map = dict(case.cap_used)
        for hs8, (entry, first, amount, unknown) in capped.items():
            used = used_map.get(hs8, ZERO)
            if not unknown and used + amount > entry.cap:
                unit = entry.cap_unit
                reasons.append(make_reason(
                    "quantity_cap", first, hs=hs8, cap=_cap_text(entry.cap, unit),
                    used=_cap_text(used, unit), amount=_cap_text(amount, unit),
                ))
    return banned


def compute(cfg: CnConfig, case: Case, prep: Prepared) -> MarketResult:
    reasons: list[Reason] = []
    banned = _check_list(cfg, case, reasons)

    lines = case.lines
    basis = prep.goods_total + prep.freight_total + prep.insurance_total if cfg.limit_on_taxable else prep.goods_total
    full = False
    if basis > cfg.order_limit:
        if cfg.single_item and len(lines) == 1 and lines[0].quantity == 1:
            full = True
        else:
            reasons.append(make_reason("over_order_limit", None, value=money_text(basis),
                                       limit=money_text(cfg.order_limit)))
    annual_total = case.annual_used + basis
    if annual_total > cfg.annual_limit:
        reasons.append(make_reason("over_annual_limit", None, value=money_text(basis),
                                   total=money_text(annual_total), limit=money_text(cfg.annual_limit)))

    q = prep.quantum
    zero = ZERO * q
    factor = ONE if full else cfg.factor
    duty_within = cfg.duty_within
    treatment = cfg.tariff.treatment
    extras = cfg.additional_above if full else cfg.additional_within
    ct_taxable = cfg.ct_basis_taxable
    goods_l, freight_l, ins_l = prep.goods, prep.freight, prep.insurance
    out: list[LineQuote] = []
    sum_customs = sum_duty = sum_vat = sum_ct = zero
    for i, line in enumerate(lines):
        goods = goods_l[i]
        taxable = goods + freight_l[i] + ins_l[i]
        tr = treatment(line.hs_code, line.tax_category, line.origin)
        rate = tr.ct_rate
        one_minus = tr.one_minus_ct
        high = True
        if tr.ct_threshold is not None:
            high = _high_end(tr.ct_threshold, line, i, taxable if ct_taxable else goods, reasons)
            if not high:
                rate = ZERO
                one_minus = ONE
        specific = _specific(tr.ct_specific, line, i, reasons) if tr.ct_specific is not None and high else ZERO
        extra = extras.get(line.origin) if extras else None
        if full:
            duty_rate = tr.duty_rate
            if duty_rate is None:
                reasons.append(make_reason("no_duty_rate", i, hs=line.hs_code, category=line.tax_category, market="CN"))
                duty_rate = ZERO
            if extra is not None:
                duty_rate = duty_rate + extra.rate
            duty = (taxable * duty_rate).quantize(q, HALF_UP)
        elif extra is not None:
            duty = (taxable * (duty_within + extra.rate)).quantize(q, HALF_UP)
        elif duty_within:
            duty = (taxable * duty_within).quantize(q, HALF_UP)
        else:
            duty = zero
        base = taxable + duty if duty else taxable
        vat_rate = tr.vat_rate or ZERO
        if specific:
            ct = ((base * rate + specific) * factor / one_minus).quantize(q, HALF_UP)
            vat = ((base + specific) * vat_rate * factor / one_minus).quantize(q, HALF_UP)
        elif rate:
            ct = (base * rate * factor / one_minus).quantize(q, HALF_UP)
            vat = (base * vat_rate * factor / one_minus).quantize(q, HALF_UP)
        else:
            ct = zero
            vat = (base * vat_rate * factor).quantize(q, HALF_UP)
        tax = duty + vat + ct
        rules = tr.cache.get((full, high, extra))
        if rules is None:
            rules = _rule_map(cfg, tr, full, high, extra)
        out.append(LineQuote(i, line.hs_code, line.tax_category, goods, freight_l[i], ins_l[i], taxable, duty,
                             vat, ct, tax, taxable + tax, rules))
        sum_customs += taxable
        sum_duty += duty
        sum_vat += vat
        sum_ct += ct
    order_rules = cfg.order_rules + banned if banned else cfg.order_rules
    return MarketResult(out, reasons, [], order_rules, totals=(sum_customs, sum_duty, sum_vat, sum_ct))


def _high_end(threshold: Any, line: Any, index: int, price: Decimal, reasons: list[Reason]) -> bool:
    """Is the line at or above the high-end threshold (per unit, or per g/ml/piece of content)?
    Unknown content → reason ``missing_unit_content`` and treated as high-end (the larger tax)."""
    per_unit = price / line.quantity
    limit = threshold.get("unit")
    if limit is None:
        uom = line.unit_content_uom
        limit = threshold.get(uom) if uom is not None else None
        if limit is None or not line.unit_content:
            need = "/".join(u for u in threshold if u != "unit")
            reasons.append(make_reason(
                "missing_unit_content", index, hs=line.hs_code, category=line.tax_category, need=need,
                what="the high-end consumption-tax threshold", what_zh="高档消费品消费税起征标准",
            ))
            return True
        per_unit = per_unit / line.unit_content
    return per_unit >= limit


def _specific(spec: tuple[Decimal, Decimal], line: Any, index: int, reasons: list[Reason]) -> Decimal:
    """Specific CT (amount per ``per_litres`` litres) for the line's volume; needs content in ml."""
    if line.unit_content_uom == "ml" and line.unit_content:
        return spec[0] * line.unit_content * line.quantity / (spec[1] * _THOUSAND)
    reasons.append(make_reason(
        "missing_unit_content", index, hs=line.hs_code, category=line.tax_category, need="ml",
        what="the specific consumption tax per litre", what_zh="从量消费税",
    ))
    return ZERO
