"""``quote(case)``: the landed-cost engine's entry point.

Steps: pick the rules in force on the case's date → convert prices, freight and insurance into
the market currency (rounded to its minor unit) → apportion freight and insurance to lines by
value (largest remainder) → the market's calculator (cn/hk/jp/kr/sg) → US export checks (embargo,
EEI) → totals. Refusals never raise: they are ``Quote.reasons``. Only a malformed case raises
(:class:`~heartland.landedcost.types.CaseError`).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    getcontext,
    localcontext,
)
from typing import Any

from . import cn, hk, jp, kr, sg
from .common import HALF_UP, ONE, ZERO, MarketResult, Prepared, minor_scale, split_units
from .export_us import eei_check, embargo_check
from .money import DecimalParseError, parse_decimal, quantum
from .reasons import make_reason
from .rules import RuleSet, Snapshot, default_rules
from .types import Case, CaseError, FxUsed, Quote, Reason, Rule, RuleDataError

__all__ = ["CONTEXT", "FxSource", "fx_lookup", "quote"]

#: A rate source: a callable ``fx(base, quote) -> Decimal | None``, an object with such a ``rate``
#: method, or a mapping keyed by ``(base, quote)`` or ``"BASE/QUOTE"``.
FxSource = Callable[[str, str], Any] | Mapping[Any, Any] | Any | None

#: Decimal context for every quote: 28 digits, ROUND_HALF_UP, traps on invalid/overflow/÷0.
CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP, Emax=999999, Emin=-999999,
                  traps=[InvalidOperation, DivisionByZero, Overflow])

_MARKETS: dict[str, tuple[Callable[[Snapshot], Any], Callable[[Any, Case, Prepared], MarketResult]]] = {
    "CN": (cn.prepare, cn.compute),
    "HK": (hk.prepare, hk.compute),
    "JP": (jp.prepare, jp.compute),
    "KR": (kr.prepare, kr.compute),
    "SG": (sg.prepare, sg.compute),
}


def _no_fx(base: str, quote_currency: str) -> Decimal | None:
    return ONE if base == quote_currency else None


def _checked_rate(value: Any, base: str, quote_currency: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        raise TypeError(f"fx rate {base}/{quote_currency} is a float ({value!r}); give a Decimal")
    try:
        rate = parse_decimal(value)
    except DecimalParseError as exc:
        raise ValueError(f"fx rate {base}/{quote_currency}: {exc}") from None
    if rate <= 0:
        raise ValueError(f"fx rate {base}/{quote_currency} must be positive, got {rate}")
    return rate


def fx_lookup(fx: FxSource) -> Callable[[str, str], Decimal | None]:
    """Normalize a rate source into ``lookup(base, quote) -> Decimal | None`` (1 for same currency).
    Rates are used as given (no inversion of the opposite pair)."""
    if fx is None:
        return _no_fx
    getter: Callable[[str, str], Any]
    if isinstance(fx, Mapping):
        table = fx

        def getter(base: str, quote_currency: str) -> Any:
            found = table.get((base, quote_currency))
            return found if found is not None else table.get(f"{base}/{quote_currency}")
    elif callable(fx):
        getter = fx
    elif callable(getattr(fx, "rate", None)):
        getter = fx.rate
    else:
        raise TypeError("fx must be a callable (base, quote) -> Decimal | None, an object with .rate(), or a mapping")

    def lookup(base: str, quote_currency: str) -> Decimal | None:
        if base == quote_currency:
            return ONE
        return _checked_rate(getter(base, quote_currency), base, quote_currency)

    return lookup


def quote(case: Case, *, rules: RuleSet | None = None, fx: FxSource = None) -> Quote:
    """Landed cost of ``case`` under ``rules`` (default: the shipped data) with rates from ``fx``.

    A missing rate gives a refused quote with reason ``no_fx_rate`` and no amounts; it never raises.
    Raises :class:`CaseError` only for a case no market could price (unknown market, no lines).
    """
    ruleset = rules if rules is not None else default_rules()
    spec = _MARKETS.get(case.market)
    if spec is None:
        raise CaseError("market", f"unknown market {case.market!r}; use one of {', '.join(_MARKETS)}")
    if not case.lines:
        raise CaseError("lines", "a case needs at least one line")
    snap = ruleset.at(case.date or date.today())
    try:
        cfg = snap.config(case.market, spec[0])
    except RuleDataError as exc:
        raise CaseError("date", f"the {case.market} rules do not cover {snap.day.isoformat()} ({exc})") from None
    ctx = getcontext()
    if (ctx.prec == CONTEXT.prec and ctx.Emax >= CONTEXT.Emax
            and ctx.traps[InvalidOperation] and ctx.traps[DivisionByZero]):
        # the thread's context is as precise as ours: skip the (1 µs) context switch; every
        # rounding that matters is an explicit quantize(..., ROUND_HALF_UP)
        return _quote(case, snap, cfg, spec[1], fx_lookup(fx))
    with localcontext(CONTEXT):
        return _quote(case, snap, cfg, spec[1], fx_lookup(fx))


def _quote(
    case: Case, snap: Snapshot, cfg: Any, compute: Callable[[Any, Case, Prepared], MarketResult],
    lookup: Callable[[str, str], Decimal | None],
) -> Quote:
    currency = snap.currencies[case.market]
    reasons: list[Reason] = []
    order_rules: list[Rule] = []
    embargo = embargo_check(snap, case.market)
    if embargo is not None:
        reasons.append(embargo[0])
        order_rules.append(embargo[1])

    rate: Decimal | None = None
    fx_used: FxUsed | None = None
    if case.currency != currency:
        rate = case.fx_rate if case.fx_rate is not None else lookup(case.currency, currency)
        if rate is None:
            reasons.append(make_reason("no_fx_rate", None, base=case.currency, quote=currency))
            return _uncomputed(case, snap, currency, reasons, [], order_rules, None)
        fx_used = FxUsed(case.currency, currency, rate)

    q = quantum(currency)
    lines = case.lines
    if rate is None:
        unit_prices = [line.unit_price.quantize(q, HALF_UP) for line in lines]
        freight = case.freight.quantize(q, HALF_UP)
        insurance = case.insurance.quantize(q, HALF_UP)
    else:
        unit_prices = [(line.unit_price * rate).quantize(q, HALF_UP) for line in lines]
        freight = (case.freight * rate).quantize(q, HALF_UP)
        insurance = (case.insurance * rate).quantize(q, HALF_UP)
    goods = [price * line.quantity for price, line in zip(unit_prices, lines, strict=False)]
    goods_total = sum(goods, ZERO * q)
    if len(lines) == 1:
        freight_shares, insurance_shares = [freight], [insurance]
    else:
        zeros = [ZERO * q] * len(lines)
        freight_shares = insurance_shares = zeros
        if freight or insurance:
            scale = minor_scale(q)
            weights = [int(g * scale) for g in goods]
            if freight:
                freight_shares = split_units(int(freight * scale), weights, q)
            if insurance:
                insurance_shares = split_units(int(insurance * scale), weights, q)
    prep = Prepared(case, currency, q, rate, unit_prices, goods, freight_shares, insurance_shares,
                    goods_total, freight, insurance, lookup)
    result = compute(cfg, case, prep)
    reasons.extend(result.reasons)
    order_rules.extend(result.order_rules)
    warnings = list(result.warnings)
    eei_hs6, eei_warnings, eei_rule = eei_check(snap, case, lookup)
    warnings.extend(eei_warnings)
    if eei_rule is not None and (eei_hs6 or eei_warnings):
        order_rules.append(eei_rule)
    if not result.computed:
        return _uncomputed(case, snap, currency, reasons, warnings, order_rules, fx_used, eei_hs6)

    if result.totals is not None:
        customs, duty, vat, ct = result.totals
    else:
        customs = duty = vat = ct = ZERO * q
        for line in result.lines:
            customs += line.customs_value
            duty += line.duty
            vat += line.vat
            ct += line.consumption_tax
    total_tax = duty + vat + ct
    # positional: Quote(market, currency, date, mode, allowed, reasons, warnings, goods, freight,
    # insurance, customs_value, duty, vat, consumption_tax, total_tax, total, lines, order_rules, fx, eei_hs6)
    return Quote(
        case.market, currency, snap.day, case.mode, not reasons, tuple(reasons), tuple(warnings),
        goods_total, freight, insurance, customs, duty, vat, ct, total_tax,
        goods_total + freight + insurance + total_tax, tuple(result.lines), tuple(order_rules), fx_used, eei_hs6,
    )


def _uncomputed(
    case: Case, snap: Snapshot, currency: str, reasons: list[Reason], warnings: list[Reason],
    order_rules: list[Rule], fx_used: FxUsed | None, eei_hs6: tuple[str, ...] = (),
) -> Quote:
    return Quote(
        market=case.market, currency=currency, date=snap.day, mode=case.mode, allowed=False,
        reasons=tuple(reasons), warnings=tuple(warnings), goods=None, freight=None, insurance=None,
        customs_value=None, duty=None, vat=None, consumption_tax=None, total_tax=None, total=None,
        lines=(), order_rules=tuple(order_rules), fx=fx_used, eei_hs6=eei_hs6,
    )

