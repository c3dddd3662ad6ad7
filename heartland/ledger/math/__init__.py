"""Ledger arithmetic as pure Python (no Django): postings in integer minor units that balance per
currency, commission and FX splits, and the postings each order event makes.

Sign convention: a posting's ``amount_minor`` is positive for a debit and negative for a credit.
An entry balances when, for every currency, its postings sum to zero. A liability (what a farm,
a carrier or customs is owed) therefore carries a negative balance.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from heartland.landedcost.money import minor_units

from . import accounts  # noqa: F401  (the account names: ledger.math.accounts)

__all__ = [
    "Posting",
    "Unbalanced",
    "allocate",
    "check_balanced",
    "commission_minor",
    "from_minor",
    "pro_rata",
    "to_minor",
    "to_usd_minor",
    "totals",
]


class Unbalanced(ValueError):
    """An entry whose postings do not sum to zero in some currency, or that has fewer than two."""


@dataclass(frozen=True, slots=True)
class Posting:
    """One leg of a journal entry: ``amount_minor`` (debit > 0, credit < 0) of ``currency`` on
    ``account`` (a name from ``ledger.math.accounts``)."""

    account: str
    currency: str
    amount_minor: int

    def __post_init__(self) -> None:
        if type(self.amount_minor) is not int:
            raise TypeError(f"amount_minor must be an int (minor units), not {type(self.amount_minor).__name__}")
        if not (isinstance(self.currency, str) and len(self.currency) == 3 and self.currency.isupper()):
            raise ValueError(f"currency must be an ISO 4217 code, got {self.currency!r}")
        if not self.account:
            raise ValueError("a posting needs an account")


def totals(postings: Iterable[Posting]) -> dict[str, int]:
    """The sum of the postings per currency."""
    out: dict[str, int] = defaultdict(int)
    for p in postings:
        out[p.currency] += p.amount_minor
    return dict(out)


def check_balanced(postings: Sequence[Posting]) -> list[Posting]:
    """The postings without zero legs, if they make a valid entry: at least two legs and a zero sum
    in every currency. Raises ``Unbalanced`` otherwise."""
    legs = [p for p in postings if p.amount_minor != 0]
    if len(legs) < 2:
        raise Unbalanced(f"an entry needs at least two non-zero postings, got {len(legs)}")
    off = {c: s for c, s in totals(legs).items() if s != 0}
    if off:
        raise Unbalanced("postings do not sum to zero: " + ", ".join(f"{c} {s:+d}" for c, s in sorted(off.items())))
    return legs


def to_minor(amount: Decimal | int, currency: str) -> int:
    """A decimal amount in integer minor units of ``currency`` (CNY 12.34 → 1234, JPY 1234 → 1234),
    ROUND_HALF_UP. Floats are refused."""
    if isinstance(amount, float) or isinstance(amount, bool):
        raise TypeError("amounts are Decimal or int, never float")
    value = Decimal(amount).scaleb(minor_units(currency))
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor(amount_minor: int, currency: str) -> Decimal:
    """Integer minor units back to a Decimal of the currency's precision (1234 CNY → 12.34)."""
    return Decimal(amount_minor).scaleb(-minor_units(currency))


def _round_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero, in integers (exact)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q


def pro_rata(total: int, part: int, whole: int) -> int:
    """``total × part / whole`` rounded half up, exactly in integers (0 when ``whole`` is 0).

    Used cumulatively — ``pro_rata(U, refunded_so_far, g) - pro_rata(U, refunded_before, g)`` —
    so that shares never drift: when all of ``whole`` is taken, exactly ``total`` is."""
    if whole == 0:
        return 0
    return _round_div(total * part, whole)


def allocate(amount: int, weights: Sequence[int]) -> list[int]:
    """Split ``amount`` (≥ 0) over ``weights`` (≥ 0) in proportion, largest remainder first, so the
    shares sum to exactly ``amount``. All-zero weights: everything on the first share."""
    if amount < 0 or any(w < 0 for w in weights):
        raise ValueError("allocate takes non-negative amounts and weights")
    if not weights:
        raise ValueError("allocate needs at least one weight")
    whole = sum(weights)
    if whole == 0:
        return [amount] + [0] * (len(weights) - 1)
    floors = [amount * w // whole for w in weights]
    rest = amount - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % whole), i))
    for i in order[:rest]:
        floors[i] += 1
    return floors


def commission_minor(gross_minor: int, rate_percent: Decimal) -> int:
    """The commission on ``gross_minor`` at ``rate_percent`` (e.g. Decimal("12.5")), rounded half up
    to the minor unit."""
    if not isinstance(rate_percent, Decimal):
        raise TypeError("a rate is a Decimal percentage")
    if rate_percent < 0 or rate_percent > 100:
        raise ValueError("a commission rate is between 0 and 100 percent")
    value = (Decimal(gross_minor) * rate_percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(value)


def to_usd_minor(amount_minor: int, currency: str, rate: Decimal) -> int:
    """``amount_minor`` of ``currency`` in US cents at ``rate`` (units of ``currency`` per US dollar,
    as the order locks it: local = USD × rate), rounded half up."""
    if currency == "USD":
        return amount_minor
    if not isinstance(rate, Decimal) or rate <= 0:
        raise ValueError("a conversion needs a positive Decimal rate")
    major = from_minor(amount_minor, currency) / rate
    return to_minor(major, "USD")
