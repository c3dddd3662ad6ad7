"""Returns, pure: the window in force for a market (``data/returns.yaml``) and what a return
refunds (goods and their share of the tax the shopper paid, in the currency's minor unit).

The refund is computed on *cumulative* units: a return of units ``k+1 … k+n`` of a line refunds
``value(k+n) − value(k)``, where ``value(m)`` is the line's amount for ``m`` of its units rounded
to the minor unit. However a line is returned — at once or a unit at a time — the refunds add up
to exactly the line's goods and tax, never a minor unit more.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from heartland.landedcost.money import quantize

DATA = Path(__file__).parent / "data" / "returns.yaml"
STARTS = ("released", "delivered")
KINDS = ("law", "policy")


@dataclass(frozen=True)
class ReturnWindow:
    market: str
    days: int
    starts: str           # "released" (customs release) or "delivered"
    kind: str             # "law" or "policy"
    name: str
    source: str
    effective_from: date
    goods_back_days: int | None = None

    def closes(self, start: datetime) -> datetime:
        return start + timedelta(days=self.days)


def _in_force(raw: Mapping[str, Any], day: date) -> bool:
    start, end = raw.get("effective_from"), raw.get("effective_to")
    return (start is None or start <= day) and (end is None or day < end)


@lru_cache(maxsize=4)
def _data(path: Path = DATA) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("markets"), dict):
        raise ValueError(f"{path.name}: expected a mapping with markets")
    for market, entries in data["markets"].items():
        for raw in entries:
            if raw.get("starts") not in STARTS or raw.get("kind") not in KINDS or int(raw.get("days", 0)) <= 0:
                raise ValueError(f"{path.name}: {market}: starts {STARTS}, kind {KINDS}, days > 0")
            if not raw.get("source") or not isinstance(raw.get("effective_from"), date):
                raise ValueError(f"{path.name}: {market}: every window names its source and effective date")
    return data


def window_for(market: str, day: date, *, path: Path = DATA) -> ReturnWindow | None:
    """The window in force on ``day`` for ``market`` (None: returns are not offered there)."""
    entries = [raw for raw in _data(path)["markets"].get(market, []) if _in_force(raw, day)]
    if not entries:
        return None
    raw = max(entries, key=lambda r: r["effective_from"])
    return ReturnWindow(market=market, days=int(raw["days"]), starts=raw["starts"], kind=raw["kind"],
                        name=str(raw.get("name", "")), source=str(raw["source"]),
                        effective_from=raw["effective_from"], goods_back_days=raw.get("goods_back_days"))


# --- the refund -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LineShare:
    """One order line as a return sees it: what the shopper paid for all its units, how many units
    earlier returns already refunded, and how many this one refunds."""

    goods: Decimal
    tax: Decimal
    quantity: int
    refunded_before: int
    returned: int


@dataclass(frozen=True)
class RefundAmounts:
    goods: Decimal
    tax: Decimal

    @property
    def amount(self) -> Decimal:
        return self.goods + self.tax


def _value(total: Decimal, units: int, quantity: int, currency: str) -> Decimal:
    return quantize(total * units / quantity, currency)


def refund_for(lines: Sequence[LineShare], currency: str) -> RefundAmounts:
    """Goods and tax a return refunds, each a whole number of the currency's minor unit."""
    goods = tax = quantize(Decimal(0), currency)
    for line in lines:
        if line.quantity <= 0 or line.returned < 0 or line.refunded_before < 0:
            raise ValueError("quantities are whole and not negative")
        if line.refunded_before + line.returned > line.quantity:
            raise ValueError("more units refunded than were bought")
        before, after = line.refunded_before, line.refunded_before + line.returned
        goods += _value(line.goods, after, line.quantity, currency) - _value(line.goods, before, line.quantity,
                                                                             currency)
        tax += _value(line.tax, after, line.quantity, currency) - _value(line.tax, before, line.quantity, currency)
    return RefundAmounts(goods=goods, tax=tax)
