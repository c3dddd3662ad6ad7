"""Exchange rates: loading them (admin, CSV) and finding the one in force."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal
from typing import IO

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from heartland.landedcost.money import DecimalParseError, UnknownCurrency, _check_currency, parse_decimal

from .models import FxRate, Market

FX_COLUMNS = ("base", "quote", "rate", "valid_from", "source")
MAX_RATE = Decimal("1000000")


class FxFileRefused(Exception):
    """The file cannot be read as an FX rate CSV; nothing was written."""


@dataclass
class FxRowError:
    row_number: int
    reason: str


@dataclass
class FxImportResult:
    created: int = 0
    unchanged: int = 0
    errors: list[FxRowError] | None = None


def parse_moment(text: str) -> datetime:
    """ISO 8601 with a zone ('2026-11-26T00:00:00Z', '…+08:00'), or a date (midnight UTC)."""
    text = (text or "").strip()
    moment = parse_datetime(text.replace("Z", "+00:00")) if "T" in text or " " in text else None
    if moment is None:
        day = parse_date(text) if text else None
        if day is None:
            raise ValueError(f"valid_from '{text}' is not a date or an ISO 8601 time like 2026-11-26T00:00:00Z")
        return datetime.combine(day, time(0), tzinfo=dt_timezone.utc)
    if timezone.is_naive(moment):
        raise ValueError(f"valid_from '{text}' has no time zone; add Z for UTC or an offset like +08:00")
    return moment


def clean_rate_row(row: dict[str, str]) -> dict:
    try:
        base = _check_currency((row.get("base") or "").strip().upper())
        quote = _check_currency((row.get("quote") or "").strip().upper())
    except UnknownCurrency as exc:
        raise ValueError(str(exc)) from None
    if base == quote:
        raise ValueError(f"base and quote are both {base}")
    try:
        rate = parse_decimal(row.get("rate"))
    except DecimalParseError as exc:
        raise ValueError(f"rate: {exc}") from None
    if rate <= 0 or rate >= MAX_RATE:
        raise ValueError(f"rate {rate} must be greater than 0 and less than {MAX_RATE:,}")
    valid_from = parse_moment(row.get("valid_from", ""))
    if valid_from > timezone.now() + timedelta(days=366):
        raise ValueError("valid_from is more than a year ahead")
    source = (row.get("source") or "").strip()
    if not source:
        raise ValueError("source is required (e.g. PBOC central parity)")
    return {"base": base, "quote": quote, "rate": rate, "valid_from": valid_from, "source": source[:200]}


def add_rate(*, base: str, quote: str, rate: Decimal, valid_from: datetime, source: str, by=None) -> tuple[FxRate, bool]:
    """Store a rate. Rates are never overwritten: the same rate again is a no-op, a different
    rate for the same moment is refused (add one with a later valid_from instead)."""
    existing = FxRate.objects.filter(base=base, quote=quote, valid_from=valid_from).first()
    if existing is not None:
        if existing.rate == rate:
            return existing, False
        raise ValueError(f"a {base}/{quote} rate from {valid_from:%Y-%m-%d %H:%M} UTC already exists "
                         f"({existing.rate}); rates are kept for the record — give the new one a later valid_from")
    try:
        with transaction.atomic():
            return FxRate.objects.create(base=base, quote=quote, rate=rate, valid_from=valid_from, source=source,
                                         created_by=by), True
    except IntegrityError:
        raise ValueError(f"a {base}/{quote} rate from that moment was just added by someone else") from None


def import_fx_csv(binary: IO[bytes], *, by=None) -> FxImportResult:
    try:
        text = binary.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FxFileRefused("The file is not UTF-8 text.") from None
    if "\x00" in text:
        raise FxFileRefused("This is a binary file, not a CSV.")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in FX_COLUMNS if c not in header]
    if missing:
        raise FxFileRefused(f"The header must have the columns {','.join(FX_COLUMNS)}; missing: {', '.join(missing)}.")
    reader.fieldnames = header
    result = FxImportResult(errors=[])
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise FxFileRefused(f"The file is not valid CSV: {exc}") from None
    for n, row in enumerate(rows, start=2):
        try:
            _, created = add_rate(**clean_rate_row(row), by=by)
        except ValueError as exc:
            result.errors.append(FxRowError(n, str(exc)))
            continue
        if created:
            result.created += 1
        else:
            result.unchanged += 1
    return result


@dataclass(frozen=True)
class RateInForce:
    """The rate used to convert `base` into `quote` for a market: raw, with margin, and how fresh."""

    rate_id: int
    base: str
    quote: str
    raw: Decimal
    margin_percent: Decimal
    effective: Decimal
    valid_from: datetime
    source: str
    stale: bool
    inverted: bool = False


FX_CACHE_SECONDS = 60


def _fx_cache_key(base: str, quote: str) -> str:
    return f"fx:{base}:{quote}"


def forget_rates(base: str, quote: str) -> None:
    """Drop the cached rates of a pair (both directions); called when a rate is stored."""
    cache.delete_many([_fx_cache_key(base, quote), _fx_cache_key(quote, base)])


def _newest_rows(base: str, quote: str, at: datetime) -> tuple[FxRate | None, FxRate | None]:
    direct = FxRate.objects.filter(base=base, quote=quote, valid_from__lte=at).order_by("-valid_from").first()
    inverse = FxRate.objects.filter(base=quote, quote=base, valid_from__lte=at).order_by("-valid_from").first()
    return direct, inverse


def _current_rows(base: str, quote: str, now: datetime) -> tuple[FxRate | None, FxRate | None]:
    """The newest direct and inverse rows valid now, from the cache when it can answer: every
    page prices with the rate, and rates change a few times a day. An entry lives at most
    FX_CACHE_SECONDS (a rate loaded by another process is used within a minute; this process
    forgets at once), and never past the moment a rate stored ahead of time takes effect."""
    key = _fx_cache_key(base, quote)
    entry = cache.get(key)
    if entry is not None and (entry[2] is None or entry[2] > now):
        return entry[0], entry[1]
    direct, inverse = _newest_rows(base, quote, now)
    upcoming = (FxRate.objects.filter(Q(base=base, quote=quote) | Q(base=quote, quote=base), valid_from__gt=now)
                .order_by("valid_from").values_list("valid_from", flat=True).first())
    cache.set(key, (direct, inverse, upcoming), FX_CACHE_SECONDS)
    return direct, inverse


def rate_in_force(*, base: str, quote: str, market: Market | None = None, at: datetime | None = None,
                  margin_percent: Decimal | None = None, max_age: timedelta | None = None) -> RateInForce | None:
    """The newest rate valid at `at` (now), direct or inverted; None when there is none at all."""
    now = timezone.now()
    margin = margin_percent if margin_percent is not None else (market.fx_margin_percent if market else Decimal("0"))
    max_age = max_age or timedelta(hours=market.fx_max_age_hours if market else 48)
    if base == quote:
        return RateInForce(0, base, quote, Decimal(1), Decimal(0), Decimal(1), at or now, "same currency", False)
    if at is None:
        at = now
        direct, inverse = _current_rows(base, quote, now)
    else:
        direct, inverse = _newest_rows(base, quote, at)
    chosen, inverted = direct, False
    if inverse is not None and (direct is None or inverse.valid_from > direct.valid_from):
        chosen, inverted = inverse, True
    if chosen is None:
        return None
    raw = (Decimal(1) / chosen.rate).quantize(Decimal("0.00000001")) if inverted else chosen.rate
    effective = (raw * (1 + margin / 100)).quantize(Decimal("0.00000001"))
    return RateInForce(rate_id=chosen.pk, base=base, quote=quote, raw=raw, margin_percent=margin, effective=effective,
                       valid_from=chosen.valid_from, source=chosen.source, stale=(at - chosen.valid_from) > max_age,
                       inverted=inverted)
