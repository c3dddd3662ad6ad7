"""Heartland's parcel tariff: price by market, service level and 500 g band, with the volumetric rule.

chargeable g = max(actual g, L × W × H cm / divisor × 1000); bands = ceil(chargeable / 500), ≥ 1;
price = first + additional × (bands − 1), in the table's currency (USD).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from .money import DecimalParseError, parse_decimal
from .rules import RuleSet, default_rules
from .types import Rule, ShippingError

__all__ = ["ShippingQuote", "service_levels", "shipping_quote"]

Number = Decimal | int | str
_THOUSAND = Decimal(1000)


@dataclass(frozen=True, slots=True)
class ShippingQuote:
    market: str
    service_level: str
    currency: str
    amount: Decimal
    actual_g: Decimal
    volumetric_g: Decimal
    chargeable_g: Decimal
    bands: int
    days_min: int
    days_max: int
    rules: tuple[Rule, ...]


def _number(name: str, value: Number) -> Decimal:
    if isinstance(value, float):
        raise ShippingError(f"{name}: float {value!r} refused; pass an int, Decimal or decimal text")
    try:
        number = parse_decimal(value)
    except DecimalParseError as exc:
        raise ShippingError(f"{name}: {exc}") from None
    if number < 0:
        raise ShippingError(f"{name}: must not be negative")
    return number


def service_levels(market: str, *, rules: RuleSet | None = None) -> dict[str, tuple[int, int]]:
    """Service levels offered to ``market`` with their (min, max) delivery days."""
    table = (rules or default_rules()).shipping
    return {level: (rate.days_min, rate.days_max) for level, rate in table.rates.get(market, {}).items()}


def shipping_quote(
    market: str,
    service_level: str,
    weight_g: Number,
    dims_cm: Sequence[Number] | None = None,
    *,
    rules: RuleSet | None = None,
) -> ShippingQuote:
    """Price one parcel. ``dims_cm`` is (L, W, H) in centimetres. Raises ShippingError for an unknown
    market or service level, bad numbers, or a parcel over the level's maximum weight."""
    table = (rules or default_rules()).shipping
    levels = table.rates.get(market)
    if levels is None:
        raise ShippingError(f"no shipping rates to {market!r}; markets: {', '.join(sorted(table.rates))}")
    rate = levels.get(service_level)
    if rate is None:
        raise ShippingError(f"no {service_level!r} service to {market}; levels: {', '.join(levels)}")
    actual = _number("weight_g", weight_g)
    volumetric = Decimal(0)
    if dims_cm is not None:
        if len(dims_cm) != 3:
            raise ShippingError("dims_cm: expected (length, width, height) in cm")
        length, width, height = (_number(f"dims_cm[{i}]", d) for i, d in enumerate(dims_cm))
        volumetric = (length * width * height * _THOUSAND / table.volumetric_divisor).quantize(
            Decimal(1), rounding=ROUND_CEILING)
    chargeable = max(actual, volumetric)
    if chargeable > rate.max_weight_g:
        raise ShippingError(
            f"{chargeable:f} g chargeable is over the {rate.max_weight_g:f} g limit of {service_level} to {market}")
    bands = max(1, int((chargeable / table.band_g).to_integral_value(rounding=ROUND_CEILING)))
    amount = rate.first + rate.additional * (bands - 1)
    return ShippingQuote(
        market=market, service_level=service_level, currency=table.currency, amount=amount,
        actual_g=actual, volumetric_g=volumetric, chargeable_g=chargeable, bands=bands,
        days_min=rate.days_min, days_max=rate.days_max, rules=(rate.rule, table.volumetric_rule),
    )
