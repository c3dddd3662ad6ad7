"""Hong Kong: free port. No duty, VAT or consumption tax, except liquor duty of 100% of the value
(goods + freight + insurance) on liquor over 30% ABV. Wine, beer and liquor up to 30% pay nothing."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .common import HALF_UP, ZERO, MarketResult, Prepared
from .reasons import make_reason
from .rules import Snapshot
from .types import Case, LineQuote, Reason, Rule

__all__ = ["HkConfig", "compute", "prepare"]


@dataclass(slots=True)
class HkConfig:
    spirits_rate: Decimal
    abv_threshold: Decimal
    fermented: tuple[str, ...]
    free_rules: Any
    spirits_rules: Any


def prepare(snap: Snapshot) -> HkConfig:
    _, free_rule = snap.require("HK", "free_port")
    _, value_rule = snap.require("HK", "customs_value")
    rate, rate_rule = snap.require("HK", "spirits_duty_rate")
    threshold, threshold_rule = snap.require("HK", "spirits_abv_threshold")
    fermented, _ = snap.require("HK", "fermented_hs_prefixes")
    free: tuple[Rule, ...] = (free_rule,)
    free_rules = MappingProxyType({"customs_value": (value_rule,), "duty": free, "vat": free, "consumption_tax": free})
    spirits_rules = MappingProxyType({
        "customs_value": (value_rule,), "duty": (rate_rule, threshold_rule), "vat": free, "consumption_tax": free,
    })
    return HkConfig(rate, threshold, fermented, free_rules, spirits_rules)


def compute(cfg: HkConfig, case: Case, prep: Prepared) -> MarketResult:
    q = prep.quantum
    zero = ZERO.quantize(q)
    reasons: list[Reason] = []
    out: list[LineQuote] = []
    for i, line in enumerate(case.lines):
        goods, fr, ins = prep.goods[i], prep.freight[i], prep.insurance[i]
        value = goods + fr + ins
        duty = zero
        rules = cfg.free_rules
        if line.tax_category == "alcohol" or line.hs_code.startswith("2208"):
            if line.abv is None:
                if not line.hs_code.startswith(cfg.fermented):
                    reasons.append(make_reason("missing_abv", i, limit=f"{cfg.abv_threshold:f}"))
            elif line.abv > cfg.abv_threshold:
                duty = (value * cfg.spirits_rate).quantize(q, HALF_UP)
                rules = cfg.spirits_rules
        out.append(LineQuote(i, line.hs_code, line.tax_category, goods, fr, ins, value, duty, zero, zero,
                             duty, value + duty, rules))
    return MarketResult(out, reasons)
