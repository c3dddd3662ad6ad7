"""Value types of the landed-cost engine: inputs (``Case``, ``Line``), outputs (``Quote``, ``LineQuote``),
provenance (``Rule``), verdict reasons (``Reason``) and errors. Pure Python, no I/O."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

__all__ = [
    "CONTENT_UOMS",
    "MARKETS",
    "MODES",
    "TAX_CATEGORIES",
    "Case",
    "CaseError",
    "FxUsed",
    "Line",
    "LineQuote",
    "Quote",
    "Reason",
    "Rule",
    "RuleDataError",
    "ShippingError",
]

ZERO = Decimal(0)

#: Tax categories a catalogue line carries (same list as ``heartland.catalog``).
TAX_CATEGORIES: tuple[str, ...] = (
    "general", "food", "agricultural", "supplement", "cosmetics", "alcohol", "jewelry", "watch",
)
#: CBEC fulfilment modes: 9610 direct mail from abroad, 1210 bonded warehouse in China.
MODES: tuple[str, ...] = ("9610", "1210")
#: Destination markets the engine quotes.
MARKETS: tuple[str, ...] = ("CN", "HK", "JP", "KR", "SG")
#: Units of ``Line.unit_content``: grams, millilitres or pieces (sheets, capsules…) per selling unit.
CONTENT_UOMS: tuple[str, ...] = ("g", "ml", "piece")


class CaseError(ValueError):
    """A malformed case. ``field`` names the offending input (``lines[0].unit_price``)."""

    def __init__(self, field_name: str, problem: str) -> None:
        super().__init__(f"{field_name}: {problem}" if field_name else problem)
        self.field = field_name
        self.problem = problem


class RuleDataError(ValueError):
    """A rule data file that does not validate. The message names the file and the key."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key}: {problem}" if key else f"{file}: {problem}")
        self.file = file
        self.key = key
        self.problem = problem


class ShippingError(ValueError):
    """No rate for the market / service level / weight asked for."""


@dataclass(frozen=True, slots=True)
class Rule:
    """Provenance of a figure: which rule produced it, from which source, in force since when."""

    id: str
    name: str
    source: str
    effective_from: date | None
    effective_to: date | None = None
    unconfirmed: bool = False
    value: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One cart line. ``unit_price`` is in ``Case.currency``; ``unit_weight_g`` in grams.

    ``unit_content``/``unit_content_uom`` give the contents of one selling unit (20 g of cream,
    750 ml of whiskey, 10 masks) where a rule needs it; ``abv`` is percent alcohol by volume.
    ``origin`` is the ISO 3166-1 alpha-2 country of origin.
    """

    hs_code: str
    tax_category: str
    unit_price: Decimal
    quantity: int
    origin: str = "US"
    unit_weight_g: Decimal | None = None
    unit_content: Decimal | None = None
    unit_content_uom: str | None = None
    abv: Decimal | None = None
    sku: str | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """A landed-cost question: a cart for one destination market.

    ``currency`` is the currency of the unit prices, ``freight`` and ``insurance``; when it is not
    the market's, amounts are converted with ``fx_rate`` if given, else the ``fx`` source passed to
    :func:`~heartland.landedcost.engine.quote`. ``annual_used`` (CN) is the buyer's CBEC purchases
    so far this calendar year, in the market's currency. ``cap_used`` maps an 8-digit HS code to
    what the buyer already bought this year under that code's positive-list cap, in the cap's
    base unit (g, ml or pcs). ``date`` picks the rule versions in force (default: today).
    """

    market: str
    currency: str
    lines: tuple[Line, ...]
    freight: Decimal = ZERO
    insurance: Decimal = ZERO
    annual_used: Decimal = ZERO
    mode: str = "9610"
    date: date | None = None
    fx_rate: Decimal | None = None
    cap_used: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a quote is refused (or, in ``Quote.warnings``, what the merchant must know)."""

    code: str
    line: int | None
    message_en: str
    message_zh: str


@dataclass(frozen=True, slots=True)
class FxUsed:
    """The rate used to convert amounts from ``base`` into ``quote`` currency."""

    base: str
    quote: str
    rate: Decimal


class LineQuote(NamedTuple):
    """Per-line figures in the market currency. ``goods + freight + insurance + total_tax == total``;
    ``customs_value`` is the tax base the market uses (CIF; 60% of retail + freight in JP).
    ``rules`` maps ``customs_value``/``duty``/``vat``/``consumption_tax`` to the rules that produced them.
    (A NamedTuple rather than a frozen dataclass: immutable and ~6× cheaper to build per line.)"""

    index: int
    hs_code: str
    tax_category: str
    goods: Decimal
    freight: Decimal
    insurance: Decimal
    customs_value: Decimal
    duty: Decimal
    vat: Decimal
    consumption_tax: Decimal
    total_tax: Decimal
    total: Decimal
    rules: Mapping[str, tuple[Rule, ...]]


class Quote(NamedTuple):
    """The answer. Amounts are in ``currency`` (the market's), rounded to its minor unit; they are
    ``None`` only when they could not be computed (e.g. ``no_fx_rate``). ``allowed`` is False when
    ``reasons`` is not empty. ``warnings`` never block (e.g. ``eei_required``). Immutable (NamedTuple)."""

    market: str
    currency: str
    date: date
    mode: str
    allowed: bool
    reasons: tuple[Reason, ...]
    warnings: tuple[Reason, ...]
    goods: Decimal | None
    freight: Decimal | None
    insurance: Decimal | None
    customs_value: Decimal | None
    duty: Decimal | None
    vat: Decimal | None
    consumption_tax: Decimal | None
    total_tax: Decimal | None
    total: Decimal | None
    lines: tuple[LineQuote, ...]
    order_rules: tuple[Rule, ...] = ()
    fx: FxUsed | None = None
    eei_hs6: tuple[str, ...] = ()

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule behind the quote (order-level first, then per line), each once."""
        seen: dict[str, Rule] = {}
        for rule in self.order_rules:
            seen.setdefault(rule.id, rule)
        for line in self.lines:
            for group in line.rules.values():
                for rule in group:
                    seen.setdefault(rule.id, rule)
        return tuple(seen.values())

    @property
    def unconfirmed(self) -> bool:
        """True when any rule behind the figures is marked unconfirmed in its data file."""
        return any(rule.unconfirmed for rule in self.rules)
