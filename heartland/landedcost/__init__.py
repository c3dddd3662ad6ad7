"""Landed cost: duties, VAT/GST, consumption tax, CBEC limits, positive list and shipping rates for
Heartland's markets (CN, HK, JP, KR, SG). Pure Python — it never imports Django — so it can be used
from Django apps, scripts and the bench alike. See docs/landed-cost.md.

    >>> from heartland.landedcost import case_from_json, quote, quote_to_json
    >>> q = quote(case_from_json({"market": "CN", "currency": "CNY", "lines": [...]}))
"""
from .common import apportion
from .engine import fx_lookup, quote
from .jsonio import case_from_json, case_to_json, quote_to_json, run_cases
from .positive_list import PositiveList, PositiveListEntry, PositiveListError, load_positive_list, parse_positive_list
from .rules import RuleSet, Snapshot, clear_rules_cache, default_rules, load_rules
from .shipping import ShippingQuote, service_levels, shipping_quote
from .types import (
    CONTENT_UOMS,
    MARKETS,
    MODES,
    TAX_CATEGORIES,
    Case,
    CaseError,
    FxUsed,
    Line,
    LineQuote,
    Quote,
    Reason,
    Rule,
    RuleDataError,
    ShippingError,
)

__all__ = [
    "CONTENT_UOMS", "MARKETS", "MODES", "TAX_CATEGORIES",
    "Case", "CaseError", "FxUsed", "Line", "LineQuote", "PositiveList", "PositiveListEntry",
    "PositiveListError", "Quote", "Reason", "Rule", "RuleDataError", "RuleSet", "ShippingError",
    "ShippingQuote", "Snapshot",
    "apportion", "case_from_json", "case_to_json", "clear_rules_cache", "default_rules", "fx_lookup",
    "load_positive_list", "load_rules", "parse_positive_list", "quote", "quote_to_json", "run_cases",
    "service_levels", "shipping_quote",
]
