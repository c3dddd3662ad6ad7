"""Catalog field rules shared by forms, services and the CSV importer (no Django imports)."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale

TAX_CATEGORIES = ("general", "food", "agricultural", "supplement", "cosmetics", "alcohol", "jewelry", "watch")
WEIGHT_UNITS = ("g", "kg", "lb", "oz")
PRODUCT_STATUSES = ("active", "draft", "archived")
MAX_PRICE = Decimal("1000000")
MAX_GRAMS = Decimal("1000000")  # a tonne: nothing sold to a consumer weighs more

_HS_RE = re.compile(r"\d{6,10}")
_HANDLE_RE = re.compile(r"[^\s/?#]+")


class RuleError(ValueError):
    """A field value that breaks a catalog rule; str() is the human reason."""


def parse_hs_code(value: str) -> str:
    """'3304.99.00' / '330499 00' → '33049900'; 6 to 10 digits."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not _HS_RE.fullmatch(digits):
        raise RuleError(f"HS code must be 6 to 10 digits (e.g. 1211.20 or 12112011), got '{value}'")
    return digits


@lru_cache(maxsize=1)
def _territories() -> frozenset[str]:
    return frozenset(code for code in Locale("en").territories if len(code) == 2 and code.isalpha() and code != "ZZ")


def parse_country(value: str) -> str:
    code = (value or "").strip().upper()
    if code not in _territories():
        raise RuleError(f"country of origin must be an ISO 3166-1 alpha-2 code like US, got '{value}'")
    return code


def parse_tax_category(value: str) -> str:
    code = (value or "").strip().lower()
    if code not in TAX_CATEGORIES:
        raise RuleError(f"unknown tax category '{value}'; use one of {', '.join(TAX_CATEGORIES)}")
    return code


def parse_money(value: str, *, field: str = "price") -> Decimal:
    """'12', '12.5', '$1,299.00' → Decimal with 2 places; no floats, no exponents, no negatives."""
    text = (value or "").strip().replace(",", "").lstrip("$").strip()
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise RuleError(f"{field} '{value}' is not a price (e.g. 24.99)")
    amount = Decimal(text)
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise RuleError(f"{field} '{value}' has more than 2 decimal places")
    if amount >= MAX_PRICE:
        raise RuleError(f"{field} '{value}' is too large")
    return amount.quantize(Decimal("0.01"))


def parse_grams(value: str) -> Decimal:
    text = (value or "").strip()
    if text == "":
        return Decimal("0.000")
    try:
        grams = Decimal(text)
    except InvalidOperation:
        raise RuleError(f"weight '{value}' is not a number of grams")
    if not grams.is_finite() or grams < 0 or grams >= MAX_GRAMS:
        raise RuleError(f"weight '{value}' must be between 0 and 1,000,000 grams")
    return grams.quantize(Decimal("0.001"))


def parse_handle(value: str) -> str:
    handle = unicodedata.normalize("NFKC", (value or "").strip()).lower()
    if not handle or not _HANDLE_RE.fullmatch(handle) or len(handle) > 255:
        raise RuleError(f"handle '{value}' must be one word of at most 255 characters, no spaces or slashes")
    return handle


def normalize_tags(value: str) -> str:
    """'Honey, raw ,honey' → 'Honey, raw' (order kept, duplicates and blanks dropped)."""
    seen: dict[str, str] = {}
    for tag in (value or "").split(","):
        tag = " ".join(tag.split())
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag[:100]
    return ", ".join(seen.values())


def handle_from_title(title: str) -> str:
    text = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:200] or "product"


# Shopify's "Unit Price Total Measure Unit" → (our unit, factor to it)
CONTENT_UNITS = {
    "g": ("g", Decimal(1)), "kg": ("g", Decimal(1000)), "mg": ("g", Decimal("0.001")),
    "ml": ("ml", Decimal(1)), "cl": ("ml", Decimal(10)), "l": ("ml", Decimal(1000)),
    "item": ("piece", Decimal(1)), "items": ("piece", Decimal(1)), "piece": ("piece", Decimal(1)),
    "pcs": ("piece", Decimal(1)), "count": ("piece", Decimal(1)),
}


def parse_unit_content(amount: str, unit: str) -> tuple[Decimal | None, str]:
    """('20', 'g') → (Decimal('20.000'), 'g'); ('0.75', 'l') → (750, 'ml'); ('', '') → (None, '')."""
    amount, unit = (amount or "").strip(), (unit or "").strip().lower()
    if not amount:
        return None, ""
    try:
        value = Decimal(amount)
    except InvalidOperation:
        raise RuleError(f"unit content '{amount}' is not a number")
    if not value.is_finite() or value <= 0 or value >= MAX_GRAMS:
        raise RuleError(f"unit content '{amount}' must be a positive number")
    if unit not in CONTENT_UNITS:
        raise RuleError(f"unit '{unit}' is not one of {', '.join(CONTENT_UNITS)}")
    ours, factor = CONTENT_UNITS[unit]
    return (value * factor).quantize(Decimal("0.001")), ours
