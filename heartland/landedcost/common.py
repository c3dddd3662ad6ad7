"""Pieces shared by the market calculators: the prepared cart, the apportionment, the result shape."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from .reasons import make_reason
from .types import Case, Line, LineQuote, Reason, Rule

if TYPE_CHECKING:
    from .rules import Treatment

__all__ = [
    "ALCOHOL_HS", "HALF_UP", "ONE", "ZERO", "MarketResult", "Prepared", "apportion", "duty_and_vat", "is_alcohol",
    "minor_scale", "split_units",
]

ZERO = Decimal(0)
ONE = Decimal(1)
HALF_UP = ROUND_HALF_UP

#: HS headings of alcoholic drinks: beer, wine, vermouth, other fermented drinks, spirits.
ALCOHOL_HS = ("2203", "2204", "2205", "2206", "2208")


def is_alcohol(line: Line) -> bool:
    """An alcoholic drink, by tax category or HS heading (excise / liquor tax is not computed)."""
    return line.tax_category == "alcohol" or line.hs_code.startswith(ALCOHOL_HS)


def duty_and_vat(
    base: Decimal, tr: Treatment, q: Decimal, index: int, line: Line, market: str, reasons: list[Reason],
) -> tuple[Decimal, Decimal]:
    """Duty = base × duty rate, VAT = (base + duty) × VAT rate, each rounded half-up to ``q``. A missing
    duty rate adds a ``no_duty_rate`` reason for line ``index`` and counts as zero."""
    if tr.duty_rate is None:
        reasons.append(make_reason("no_duty_rate", index, hs=line.hs_code, category=line.tax_category, market=market))
    duty = (base * (tr.duty_rate or ZERO)).quantize(q, HALF_UP)
    vat = ((base + duty) * (tr.vat_rate or ZERO)).quantize(q, HALF_UP)
    return duty, vat


def apportion(total: Decimal, weights: list[Decimal], quantum: Decimal) -> list[Decimal]:
    """Split ``total`` (already a multiple of ``quantum``) over ``weights`` in proportion, so that the
    shares are multiples of ``quantum`` and add up to ``total`` exactly.

    Largest remainder: every line gets the floor of its exact share; the cents left over go one
    each to the lines with the largest remainders (ties: larger weight, then earlier line). All
    weights zero → split evenly.
    """
    if len(weights) == 1:
        return [total]
    scale = minor_scale(quantum)
    return split_units(int(total * scale), [int(w * scale) for w in weights], quantum)


def minor_scale(quantum: Decimal) -> Decimal:
    """``Decimal('0.01')`` → ``Decimal('100')``: multiply an amount by it to count minor units."""
    return ONE.scaleb(-quantum.as_tuple().exponent)  # type: ignore[operator]


def split_units(units: int, scaled: list[int], quantum: Decimal) -> list[Decimal]:
    """:func:`apportion` on integers: ``units`` minor units over integer weights ``scaled``."""
    n = len(scaled)
    if not units:
        zero = ZERO * quantum
        return [zero] * n
    whole = sum(scaled)
    if whole <= 0:
        scaled = [1] * n
        whole = n
    shares = [units * w // whole for w in scaled]
    left = units - sum(shares)
    if left:
        ranked = sorted(zip([-(units * w % whole) for w in scaled], [-w for w in scaled], range(n), strict=False))
        for _, _, i in ranked[:left]:
            shares[i] += 1
    return [Decimal(share) * quantum for share in shares]


@dataclass(slots=True)
class Prepared:
    """The cart converted into the market currency, freight and insurance apportioned to lines.
    ``fx(base, quote)`` looks up further rates (e.g. USD→KRW for Korea's threshold)."""

    case: Case
    currency: str
    quantum: Decimal
    rate: Decimal | None
    unit_prices: list[Decimal]
    goods: list[Decimal]
    freight: list[Decimal]
    insurance: list[Decimal]
    goods_total: Decimal
    freight_total: Decimal
    insurance_total: Decimal
    fx: Callable[[str, str], Decimal | None]


@dataclass(slots=True)
class MarketResult:
    """What a market calculator returns. ``lines`` is empty when amounts could not be computed."""

    lines: list[LineQuote]
    reasons: list[Reason] = field(default_factory=list)
    warnings: list[Reason] = field(default_factory=list)
    order_rules: tuple[Rule, ...] = ()
    computed: bool = True
    #: (customs value, duty, VAT, consumption tax) summed over lines; None → the engine sums them
    totals: tuple[Decimal, Decimal, Decimal, Decimal] | None = None
