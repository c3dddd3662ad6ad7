"""Singapore: GST 9% on goods + freight + insurance, charged at checkout for low-value goods
(goods ≤ S$400) and at import above that; no duty on Heartland's goods (liquor duty is not computed:
warning ``excise_not_included``)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .common import HALF_UP, ZERO, MarketResult, Prepared, is_alcohol
from .reasons import make_reason
from .rules import Snapshot
from .types import Case, LineQuote, Reason, Rule

__all__ = ["SgConfig", "compute", "prepare"]


@dataclass(slots=True)
class SgConfig:
    gst: Decimal
    lvg_threshold: Decimal
    lvg_rules: Any
    import_rules: Any
    order_rules: tuple[Rule, ...]


def prepare(snap: Snapshot) -> SgConfig:
    gst, gst_rule = snap.require("SG", "gst_rate")
    threshold, lvg_rule = snap.require("SG", "lvg_threshold")
    _, base_rule = snap.require("SG", "gst_base")
    _, duty_rule = snap.require("SG", "duty_scope")
    lvg_rules = MappingProxyType({"customs_value": (base_rule,), "duty": (duty_rule,), "vat": (gst_rule, lvg_rule),
                                  "consumption_tax": ()})
    import_rules = MappingProxyType({"customs_value": (base_rule,), "duty": (duty_rule,), "vat": (gst_rule,),
                                     "consumption_tax": ()})
    return SgConfig(gst, threshold, lvg_rules, import_rules, (lvg_rule,))


def compute(cfg: SgConfig, case: Case, prep: Prepared) -> MarketResult:
    q = prep.quantum
    zero = ZERO.quantize(q)
    lvg = prep.goods_total <= cfg.lvg_threshold
    rules = cfg.lvg_rules if lvg else cfg.import_rules
    out: list[LineQuote] = []
    warnings: list[Reason] = []
    alcohol = False
    for i, line in enumerate(case.lines):
        goods, fr, ins = prep.goods[i], prep.freight[i], prep.insurance[i]
        value = goods + fr + ins
        gst = (value * cfg.gst).quantize(q, HALF_UP)
        if is_alcohol(line):
            alcohol = True
        out.append(LineQuote(i, line.hs_code, line.tax_category, goods, fr, ins, value, zero, gst, zero, gst,
                             value + gst, rules))
    if alcohol:
        warnings.append(make_reason("excise_not_included", None, market="Singapore"))
    return MarketResult(out, [], warnings, cfg.order_rules)
