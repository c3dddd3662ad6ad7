"""The JSON case format (what a CLI or an API sends) and the JSON quote format.

A case::

    {"market": "CN", "currency": "CNY", "freight": "0", "insurance": "0", "annual_used": "0",
     "mode": "9610", "date": "2026-01-15", "fx_rate": "7.10", "cap_used": {"17022000": "500"},
     "lines": [{"hs_code": "33049900", "tax_category": "cosmetics", "unit_price": "425",
                "quantity": 1, "origin": "US", "unit_weight_g": 50, "unit_content": "20",
                "unit_content_uom": "g", "abv": "40", "sku": "CREAM-20"}]}

Amounts are decimal strings (JSON integers are accepted; JSON numbers with a fraction are binary
floats and are refused). Only ``market``, ``currency`` and ``lines`` (each with ``hs_code``,
``tax_category``, ``unit_price``, ``quantity``) are required; unknown fields are errors.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from .engine import FxSource, quote
from .money import DecimalParseError, UnknownCurrency, minor_units, parse_decimal, quantum
from .rules import RuleSet
from .types import CONTENT_UOMS, MARKETS, MODES, TAX_CATEGORIES, Case, CaseError, Line, Quote, Reason, Rule

__all__ = ["case_from_json", "case_to_json", "quote_to_json", "run_cases"]

CASE_FIELDS = frozenset({
    "market", "currency", "freight", "insurance", "annual_used", "mode", "date", "fx_rate", "cap_used", "lines",
})
LINE_FIELDS = frozenset({
    "hs_code", "tax_category", "unit_price", "quantity", "origin", "unit_weight_g", "unit_content",
    "unit_content_uom", "abv", "sku",
})
MAX_LINES = 200
MAX_QUANTITY = 100_000
MAX_AMOUNT = Decimal("1000000000000")  # 10^12 in any currency
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def _decimal(value: Any, name: str) -> Decimal:
    if isinstance(value, bool):
        raise CaseError(name, f"not a decimal number ({value!r})")
    if isinstance(value, float):
        raise CaseError(
            name, f"not a decimal number: JSON number {value!r} is a binary float; send a string such as \"{value!r}\"")
    try:
        number = parse_decimal(value)
    except DecimalParseError:
        raise CaseError(name, f"not a decimal number ({value!r})") from None
    if abs(number) >= MAX_AMOUNT:
        raise CaseError(name, "too large")
    return number


def _amount(value: Any, name: str, currency: str | None = None, *, positive: bool = False) -> Decimal:
    number = _decimal(value, name)
    if number < 0 or (positive and number == 0):
        raise CaseError(name, "must be positive" if positive else "must not be negative")
    if currency is not None and number != number.quantize(quantum(currency)):
        raise CaseError(name, f"more decimal places than {currency} has ({minor_units(currency)})")
    return number


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CaseError(name, "expected a non-empty string")
    return value.strip()


def _check_fields(obj: Mapping[str, Any], allowed: frozenset[str], prefix: str) -> None:
    unknown = sorted(str(k) for k in obj if k not in allowed)
    if unknown:
        raise CaseError(f"{prefix}{unknown[0]}", f"unknown field; allowed: {', '.join(sorted(allowed))}")


def _hs_code(value: Any, name: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        raise CaseError(name, "send the HS code as a string (leading zeros matter), e.g. \"04090000\"")
    text = _text(value, name)
    digits = text.replace(".", "").replace(" ", "").replace("-", "")
    if not (digits.isascii() and digits.isdigit() and 6 <= len(digits) <= 10):
        raise CaseError(name, f"HS code must be 6 to 10 digits (e.g. 3304.99 or 33049900), got {value!r}")
    return digits


def _line(raw: Any, prefix: str, currency: str) -> Line:
    if not isinstance(raw, Mapping):
        raise CaseError(prefix, "a line must be a JSON object")
    _check_fields(raw, LINE_FIELDS, f"{prefix}.")
    for required in ("hs_code", "tax_category", "unit_price", "quantity"):
        if required not in raw:
            raise CaseError(f"{prefix}.{required}", "required")
    hs_code = _hs_code(raw["hs_code"], f"{prefix}.hs_code")
    category = raw["tax_category"]
    if category not in TAX_CATEGORIES:
        raise CaseError(f"{prefix}.tax_category",
                        f"unknown category {category!r}; use one of {', '.join(TAX_CATEGORIES)}")
    unit_price = _amount(raw["unit_price"], f"{prefix}.unit_price", currency)
    quantity = raw["quantity"]
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise CaseError(f"{prefix}.quantity", f"must be a whole number from 1 to {MAX_QUANTITY:,}")
    origin = raw.get("origin", "US")
    code = origin.strip() if isinstance(origin, str) else ""
    if not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise CaseError(f"{prefix}.origin", f"must be an ISO 3166-1 alpha-2 country code like US, got {origin!r}")
    weight = raw.get("unit_weight_g")
    content = raw.get("unit_content")
    uom = raw.get("unit_content_uom")
    if (content is None) != (uom is None):
        missing = "unit_content_uom" if uom is None else "unit_content"
        raise CaseError(f"{prefix}.{missing}", "unit_content and unit_content_uom go together")
    if uom is not None and uom not in CONTENT_UOMS:
        raise CaseError(f"{prefix}.unit_content_uom", f"must be one of {', '.join(CONTENT_UOMS)}")
    abv = raw.get("abv")
    abv_value = None
    if abv is not None:
        abv_value = _amount(abv, f"{prefix}.abv")
        if abv_value > _HUNDRED:
            raise CaseError(f"{prefix}.abv", "must be a percentage from 0 to 100")
    sku = raw.get("sku")
    if sku is not None and (not isinstance(sku, str) or len(sku) > 100):
        raise CaseError(f"{prefix}.sku", "must be a string of at most 100 characters")
    return Line(
        hs_code=hs_code,
        tax_category=category,
        unit_price=unit_price,
        quantity=quantity,
        origin=code.upper(),
        unit_weight_g=_amount(weight, f"{prefix}.unit_weight_g") if weight is not None else None,
        unit_content=_amount(content, f"{prefix}.unit_content", positive=True) if content is not None else None,
        unit_content_uom=uom,
        abv=abv_value,
        sku=sku,
    )


def case_from_json(obj: Any) -> Case:
    """Validate a decoded JSON case into a :class:`Case`. Raises :class:`CaseError` whose message
    names the field, e.g. ``lines[0].unit_price: not a decimal number ('abc')``."""
    if not isinstance(obj, Mapping):
        raise CaseError("", "a case must be a JSON object")
    _check_fields(obj, CASE_FIELDS, "")
    for required in ("market", "currency", "lines"):
        if required not in obj:
            raise CaseError(required, "required")
    market = obj["market"]
    if market not in MARKETS:
        raise CaseError("market", f"unknown market {market!r}; use one of {', '.join(MARKETS)}")
    currency = obj["currency"]
    try:
        minor_units(currency)
    except (UnknownCurrency, TypeError):
        raise CaseError("currency", f"unknown currency {currency!r}: use an ISO 4217 code like CNY") from None
    mode = obj.get("mode", "9610")
    if isinstance(mode, int) and not isinstance(mode, bool):
        mode = str(mode)
    if mode not in MODES:
        raise CaseError("mode", f"must be one of {', '.join(MODES)} (9610 direct mail, 1210 bonded)")
    day: date | None = None
    if obj.get("date") is not None:
        try:
            day = date.fromisoformat(obj["date"])
        except (TypeError, ValueError):
            raise CaseError("date", f"must be a date YYYY-MM-DD, got {obj['date']!r}") from None
    fx_rate = _amount(obj["fx_rate"], "fx_rate", positive=True) if obj.get("fx_rate") is not None else None
    cap_used: list[tuple[str, Decimal]] = []
    raw_caps = obj.get("cap_used")
    if raw_caps is not None:
        if not isinstance(raw_caps, Mapping):
            raise CaseError("cap_used", "must be an object {\"8-digit HS code\": amount in g, ml or pcs}")
        for code, amount in raw_caps.items():
            if not (isinstance(code, str) and len(code) == 8 and code.isascii() and code.isdigit()):
                raise CaseError(f"cap_used.{code}", "keys must be 8-digit HS codes")
            cap_used.append((code, _amount(amount, f"cap_used.{code}")))
    lines_raw = obj["lines"]
    if not isinstance(lines_raw, list) or not lines_raw:
        raise CaseError("lines", "must be a non-empty list")
    if len(lines_raw) > MAX_LINES:
        raise CaseError("lines", f"at most {MAX_LINES} lines")
    lines = tuple(_line(raw, f"lines[{i}]", currency) for i, raw in enumerate(lines_raw))
    return Case(
        market=market,
        currency=currency,
        lines=lines,
        freight=_amount(obj.get("freight", "0"), "freight", currency),
        insurance=_amount(obj.get("insurance", "0"), "insurance", currency),
        annual_used=_amount(obj.get("annual_used", "0"), "annual_used"),
        mode=mode,
        date=day,
        fx_rate=fx_rate,
        cap_used=tuple(sorted(cap_used)),
    )


def _s(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def case_to_json(case: Case) -> dict[str, Any]:
    """The inverse of :func:`case_from_json` (optional fields only when set)."""
    obj: dict[str, Any] = {
        "market": case.market, "currency": case.currency, "freight": _s(case.freight),
        "insurance": _s(case.insurance), "annual_used": _s(case.annual_used), "mode": case.mode,
    }
    if case.date is not None:
        obj["date"] = case.date.isoformat()
    if case.fx_rate is not None:
        obj["fx_rate"] = _s(case.fx_rate)
    if case.cap_used:
        obj["cap_used"] = {code: _s(amount) for code, amount in case.cap_used}
    lines = []
    for line in case.lines:
        item: dict[str, Any] = {
            "hs_code": line.hs_code, "tax_category": line.tax_category, "unit_price": _s(line.unit_price),
            "quantity": line.quantity, "origin": line.origin,
        }
        for name in ("unit_weight_g", "unit_content", "abv"):
            value = getattr(line, name)
            if value is not None:
                item[name] = _s(value)
        if line.unit_content_uom is not None:
            item["unit_content_uom"] = line.unit_content_uom
        if line.sku is not None:
            item["sku"] = line.sku
        lines.append(item)
    obj["lines"] = lines
    return obj


def _reason(reason: Reason) -> dict[str, Any]:
    return {"code": reason.code, "line": reason.line, "message_en": reason.message_en, "message_zh": reason.message_zh}


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "source": rule.source,
        "effective_from": rule.effective_from.isoformat() if rule.effective_from else None,
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
        "unconfirmed": rule.unconfirmed,
        "value": rule.value,
        "note": rule.note,
    }


_AMOUNTS = ("customs_value", "duty", "vat", "consumption_tax", "total_tax", "total")


def quote_to_json(q: Quote) -> dict[str, Any]:
    """A JSON-ready dict: amounts as decimal strings in the market currency; every rule listed once
    under ``rules``, referenced by id from each line's ``rules``."""
    return {
        "allowed": q.allowed,
        "reasons": [_reason(r) for r in q.reasons],
        "warnings": [_reason(r) for r in q.warnings],
        "market": q.market,
        "currency": q.currency,
        "date": q.date.isoformat(),
        "mode": q.mode,
        "fx": None if q.fx is None else {"base": q.fx.base, "quote": q.fx.quote, "rate": _s(q.fx.rate)},
        "goods": _s(q.goods),
        "freight": _s(q.freight),
        "insurance": _s(q.insurance),
        **{name: _s(getattr(q, name)) for name in _AMOUNTS},
        "unconfirmed": q.unconfirmed,
        "eei_required_hs6": list(q.eei_hs6),
        "lines": [
            {
                "index": line.index,
                "hs_code": line.hs_code,
                "tax_category": line.tax_category,
                "goods": _s(line.goods),
                "freight": _s(line.freight),
                "insurance": _s(line.insurance),
                **{name: _s(getattr(line, name)) for name in _AMOUNTS},
                "rules": {part: [rule.id for rule in rules] for part, rules in line.rules.items()},
            }
            for line in q.lines
        ],
        "rules": [_rule(rule) for rule in q.rules],
    }


def run_cases(
    cases: Iterable[Any], *, fx: FxSource = None, rules: RuleSet | None = None
) -> list[dict[str, Any]]:
    """Quote each decoded JSON case. A malformed case yields ``{"error": "..."}`` in its place (an
    unexpected failure ``{"error": "internal error: ..."}``); the others are still computed."""
    out: list[dict[str, Any]] = []
    for obj in cases:
        try:
            out.append(quote_to_json(quote(case_from_json(obj), rules=rules, fx=fx)))
        except CaseError as exc:
            out.append({"error": str(exc)})
        except Exception as exc:  # noqa: BLE001 - per-case isolation is the contract
            out.append({"error": f"internal error: {type(exc).__name__}: {exc}"})
    return out
