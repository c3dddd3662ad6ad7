"""Money: ``Decimal`` amounts with an ISO 4217 currency. Pure Python (babel only, no Django).

* ``minor_units("JPY") == 0``, ``minor_units("CNY") == 2`` — from babel's CLDR data, cached.
* ``quantize(amount, currency)`` rounds to the currency's minor unit, ROUND_HALF_UP by default.
* ``Money`` is a frozen value object, always rounded to its currency; arithmetic between two
  ``Money`` values of different currencies raises ``CurrencyMismatch``.
* ``parse_decimal(text)`` is the one door for decimal text coming from outside: plain digits with an
  optional sign and fraction; floats, NaN, infinities, exponents, separators are refused.
* ``format_money(money, locale)`` formats with babel (what babel prints is what the tests pin:
  zh_Hans_CN → ``¥1,280.00``, zh_Hant_HK → ``HK$1,280.00``, ko_KR → ``₩1,280``, en_SG → ``S$1,280.00`` (babel has no ``S$``:
  it prints ``$`` in en_SG and ``SGD`` elsewhere, which ``UNAMBIGUOUS_SYMBOLS`` replaces).
* ``round_display(amount, currency, mode)`` rounds a price for display only (never for tax maths):
  ``none`` (minor unit), ``0.1``, ``1``, ``10``, ``100`` (ROUND_HALF_UP to that step, never finer than
  the minor unit) and ``charm_9`` (round UP to the nearest value ending in 9 at the currency's charm
  step: ¥128.34 → ¥128.90, JP¥1,234 → JP¥1,239, ₩12,340 → ₩12,900; see ``CHARM_UNIT``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache

from babel.numbers import format_currency, get_currency_precision, get_currency_symbol, list_currencies

__all__ = [
    "CHARM_UNIT",
    "DISPLAY_MODES",
    "CurrencyMismatch",
    "DecimalParseError",
    "Money",
    "UnknownCurrency",
    "format_money",
    "minor_units",
    "parse_decimal",
    "quantize",
    "quantum",
    "round_display",
]

Number = Decimal | int

#: Display modes accepted by :func:`round_display`.
DISPLAY_MODES = ("none", "0.1", "1", "10", "100", "charm_9")

#: The "unit" of the charm price per currency: results end in 9 tenths of this unit
#: (CNY 128.9, JPY 1,239, KRW 12,900). Currencies not listed use one major unit when they have
#: decimals, else 10.
CHARM_UNIT: dict[str, Decimal] = {
    "JPY": Decimal(10),
    "KRW": Decimal(1000),
}

#: Symbols shoppers know where CLDR gives a bare "$" or the ISO code (SGD → S$).
UNAMBIGUOUS_SYMBOLS: dict[str, str] = {"SGD": "S$"}

_MAX_DECIMAL_TEXT = 40
_DECIMAL_RE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


class UnknownCurrency(ValueError):
    """Not an ISO 4217 code babel knows."""


class CurrencyMismatch(ValueError):
    """Arithmetic or comparison between amounts in different currencies."""


class DecimalParseError(ValueError):
    """Text that is not a plain decimal number."""


@lru_cache(maxsize=1)
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def _check_currency(currency: object) -> str:
    if not isinstance(currency, str) or len(currency) != 3 or currency not in _known_currencies():
        raise UnknownCurrency(f"unknown currency {currency!r}: use an ISO 4217 code like CNY")
    return currency


@cache
def minor_units(currency: str) -> int:
    """Decimal places of the currency's minor unit (CNY 2, JPY 0, KRW 0), from babel/CLDR."""
    return int(get_currency_precision(_check_currency(currency)))


@cache
def quantum(currency: str) -> Decimal:
    """The smallest amount of the currency as an exponent-carrying Decimal: ``Decimal('0.01')``, ``Decimal('1')``."""
    return Decimal(1).scaleb(-minor_units(currency))


def quantize(amount: Number, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round ``amount`` to the currency's minor unit (ROUND_HALF_UP unless told otherwise)."""
    if isinstance(amount, int) and not isinstance(amount, bool):
        amount = Decimal(amount)
    if not isinstance(amount, Decimal):
        raise TypeError(f"amount must be a Decimal or int, not {type(amount).__name__}")
    if not amount.is_finite():
        raise ValueError(f"amount must be finite, got {amount}")
    return amount.quantize(quantum(currency), rounding=rounding)


def parse_decimal(text: object) -> Decimal:
    """Parse decimal text such as ``"425"``, ``"-3.50"``; refuse floats and anything but plain digits.

    ``Decimal`` and ``int`` values pass through (finite Decimals only). Refused with
    :class:`DecimalParseError`: ``float`` values, ``bool``, NaN, infinities, exponents (``1e3``),
    thousands separators and underscores (``1,000`` ``1_000``), non-ASCII digits, a bare ``.5`` or
    ``5.``, empty text and text longer than 40 characters.
    """
    if isinstance(text, bool):
        raise DecimalParseError(f"not a decimal number: {text!r}")
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise DecimalParseError(f"not a finite decimal number: {text}")
        return text
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        raise DecimalParseError(
            f"binary float {text!r} refused: pass the amount as decimal text, e.g. \"{text!r}\" quoted"
        )
    if not isinstance(text, str):
        raise DecimalParseError(f"not a decimal number: {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise DecimalParseError("not a decimal number: empty text")
    if len(stripped) > _MAX_DECIMAL_TEXT:
        raise DecimalParseError(f"not a decimal number: more than {_MAX_DECIMAL_TEXT} characters")
    if not _DECIMAL_RE.fullmatch(stripped):
        raise DecimalParseError(f"not a decimal number: {text!r} (use digits with an optional '.', e.g. 12.50)")
    try:
        return Decimal(stripped)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid text
        raise DecimalParseError(f"not a decimal number: {text!r}") from exc


def _coerce_amount(amount: object) -> Decimal:
    if isinstance(amount, Decimal):
        if not amount.is_finite():
            raise ValueError(f"amount must be finite, got {amount}")
        return amount
    if isinstance(amount, int) and not isinstance(amount, bool):
        return Decimal(amount)
    if isinstance(amount, str):
        return parse_decimal(amount)
    raise TypeError(f"amount must be a Decimal, int or decimal text, not {type(amount).__name__}")


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in a currency, always rounded (ROUND_HALF_UP) to the currency's minor unit.

    ``Money(Decimal("1.005"), "CNY").amount == Decimal("1.01")``; ``Money(Decimal("99.5"), "JPY").amount == 100``.
    Floats are refused. ``+``, ``-`` and comparisons need the same currency; ``*`` takes a Decimal
    or int factor and rounds the result.
    """

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        currency = _check_currency(self.currency)
        amount = quantize(_coerce_amount(self.amount), currency)
        object.__setattr__(self, "amount", amount)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"expected Money, got {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other).amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: Number) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, (Decimal, int)):
            raise TypeError(f"Money can be multiplied by a Decimal or int, not {type(factor).__name__}")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other).amount

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __str__(self) -> str:
        return f"{self.amount:f} {self.currency}"


def format_money(money: Money, locale: str = "zh_Hans_CN") -> str:
    """Format with babel's ``format_currency`` in ``locale`` (e.g. ``¥1,280.00`` for CNY in zh_Hans_CN).

    The amount is already rounded ROUND_HALF_UP to the minor unit, so babel's own (half-even)
    rounding never changes it.
    """
    if not isinstance(money, Money):
        raise TypeError(f"expected Money, got {type(money).__name__}")
    text = format_currency(money.amount, money.currency, locale=locale)
    symbol = UNAMBIGUOUS_SYMBOLS.get(money.currency)
    if symbol:
        # babel prints a bare "$" in Singapore and the ISO code elsewhere; shoppers expect S$.
        local = get_currency_symbol(money.currency, locale=locale)
        if local in ("$", money.currency):
            text = text.replace(local, symbol, 1).replace(symbol + "\xa0", symbol)
    return text


def _charm_unit(currency: str) -> Decimal:
    unit = CHARM_UNIT.get(currency)
    if unit is not None:
        return unit
    return Decimal(1) if minor_units(currency) > 0 else Decimal(10)


def round_display(amount: Number, currency: str, mode: str = "none", rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round a price for display.

    * ``none``: to the currency's minor unit.
    * ``0.1`` / ``1`` / ``10`` / ``100``: to that step with ``rounding`` (ROUND_HALF_UP), never finer
      than the minor unit (JPY with ``0.1`` is whole yen). 128.34 CNY → 128.3 (``0.1``) → 128 (``1``).
    * ``charm_9``: round UP to the smallest value ≥ amount of the form k·u − u/10, u the currency's
      charm unit (``CHARM_UNIT``: 1 for CNY/HKD/SGD/USD, 10 for JPY, 1,000 for KRW). A value that
      already ends that way is kept. CNY 128.34 → 128.90, 128.90 → 128.90, 128.91 → 129.90;
      JPY 1,234 → 1,239; KRW 12,340 → 12,900. Negative amounts are refused.

    The result is a Decimal quantized to the currency's minor unit.
    """
    value = _coerce_amount(amount)
    q = quantum(currency)
    if mode == "none":
        return quantize(value, currency, rounding)
    if mode == "charm_9":
        if value < 0:
            raise ValueError("charm_9 rounding is for prices, not negative amounts")
        unit = _charm_unit(currency)
        tenth = unit / 10
        steps = ((value + tenth) / unit).to_integral_value(rounding=ROUND_CEILING)
        return (steps * unit - tenth).quantize(q)
    if mode not in DISPLAY_MODES:
        raise ValueError(f"unknown display rounding mode {mode!r}; use one of {', '.join(DISPLAY_MODES)}")
    step = max(Decimal(mode), q)
    return ((value / step).to_integral_value(rounding=rounding) * step).quantize(q)
