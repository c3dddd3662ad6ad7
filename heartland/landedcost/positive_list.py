"""The CBEC positive list (跨境电子商务零售进口商品清单) as an operator-replaceable CSV.

Format (UTF-8, optional BOM)::

    # edition: 2022 edition, effective 2022-03-01        <- optional metadata lines before the header
    # source: MOFCOM et al. announcement 2022 No. 7
    hs_code,description,remark
    04090000,Natural honey,
    03061100,Frozen rock lobster,bonded_only
    17019910,Refined cane sugar,cap_per_person_year=2kg
    10063020,Long-grain rice,bonded_only;cap_per_person_year=20kg

* ``hs_code``: exactly 8 digits, once per file.
* ``remark``: empty, ``bonded_only`` (1210 bonded mode only), ``cap_per_person_year=<n><unit>``
  (unit ``kg``, ``g``, ``l``/``L``, ``ml`` or ``pcs``), or several joined with ``;``.

:func:`parse_positive_list` validates the whole file and raises :class:`PositiveListError` listing
every problem with its line number; it never touches Django, so a management command can call it.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from .money import DecimalParseError, parse_decimal

__all__ = [
    "HEADER",
    "PositiveList",
    "PositiveListEntry",
    "PositiveListError",
    "load_positive_list",
    "parse_positive_list",
]

HEADER = ("hs_code", "description", "remark")
_HS8 = re.compile(r"[0-9]{8}")
_CAP = re.compile(r"cap_per_person_year=([0-9]+(?:\.[0-9]+)?)\s*(kg|g|l|ml|pcs)", re.IGNORECASE)
#: cap unit → (base unit, factor to the base unit)
_CAP_UNITS: dict[str, tuple[str, Decimal]] = {
    "kg": ("g", Decimal(1000)),
    "g": ("g", Decimal(1)),
    "l": ("ml", Decimal(1000)),
    "ml": ("ml", Decimal(1)),
    "pcs": ("pcs", Decimal(1)),
}
_MAX_ERRORS = 50


class PositiveListError(ValueError):
    """The file does not validate. ``errors`` is a list of ``(line_number, message)``."""

    def __init__(self, source_name: str, errors: list[tuple[int, str]]) -> None:
        self.source_name = source_name
        self.errors = errors
        shown = "\n".join(f"  {source_name}:{line}: {message}" for line, message in errors[:_MAX_ERRORS])
        more = f"\n  … and {len(errors) - _MAX_ERRORS} more" if len(errors) > _MAX_ERRORS else ""
        super().__init__(f"positive list {source_name} has {len(errors)} error(s):\n{shown}{more}")


@dataclass(frozen=True, slots=True)
class PositiveListEntry:
    """One 8-digit line. ``cap`` is the yearly per-person cap in ``cap_unit`` (``g``, ``ml`` or ``pcs``)."""

    hs_code: str
    description: str
    remark: str = ""
    bonded_only: bool = False
    cap: Decimal | None = None
    cap_unit: str | None = None
    line_number: int = 0


@dataclass(frozen=True)
class PositiveList:
    """The list as loaded: entries by 8-digit code, plus the ``# key: value`` metadata header."""

    entries: Mapping[str, PositiveListEntry]
    meta: Mapping[str, str] = field(default_factory=dict)
    source_name: str = "<positive list>"

    def get(self, hs8: str) -> PositiveListEntry | None:
        return self.entries.get(hs8)

    def __contains__(self, hs8: object) -> bool:
        return hs8 in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def edition(self) -> str:
        return self.meta.get("edition", f"operator file {self.source_name}")

    @property
    def effective_from(self) -> date | None:
        text = self.meta.get("effective_from")
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None

    @property
    def unconfirmed(self) -> bool:
        return self.meta.get("unconfirmed", "").strip().lower() in {"true", "yes", "1"}


def _parse_remark(remark: str) -> tuple[bool, Decimal | None, str | None, str | None]:
    """→ (bonded_only, cap, cap_unit, error)."""
    bonded = False
    cap: Decimal | None = None
    unit: str | None = None
    for part in (p.strip() for p in remark.split(";")):
        if not part:
            continue
        if part.lower() == "bonded_only":
            if bonded:
                return bonded, cap, unit, "remark 'bonded_only' given twice"
            bonded = True
            continue
        match = _CAP.fullmatch(part)
        if match:
            if cap is not None:
                return bonded, cap, unit, "more than one cap_per_person_year"
            try:
                amount = parse_decimal(match.group(1))
            except DecimalParseError as exc:  # pragma: no cover - the regex admits only digits
                return bonded, cap, unit, str(exc)
            if amount <= 0:
                return bonded, cap, unit, f"cap must be positive in {part!r}"
            base, factor = _CAP_UNITS[match.group(2).lower()]
            cap, unit = amount * factor, base
            continue
        return bonded, cap, unit, (
            f"unknown remark {part!r}: use empty, 'bonded_only' or 'cap_per_person_year=<n><kg|g|l|ml|pcs>'"
        )
    return bonded, cap, unit, None


def parse_positive_list(
    source: str | Iterable[str], *, source_name: str = "<positive list>"
) -> PositiveList:
    """Parse and validate positive-list CSV text (or an iterable of lines). Raises
    :class:`PositiveListError` naming every bad line: wrong header, bad HS code, unknown remark,
    duplicate code, wrong number of columns."""
    if isinstance(source, str):
        lines = source.splitlines()
    else:
        lines = [line.rstrip("\r\n") for line in source]
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]

    errors: list[tuple[int, str]] = []
    meta: dict[str, str] = {}
    entries: dict[str, PositiveListEntry] = {}
    header_seen = False
    numbered = list(enumerate(lines, start=1))
    body: list[tuple[int, str]] = []
    for number, text in numbered:
        if not header_seen:
            stripped = text.strip()
            if not stripped:
                continue
            if stripped.startswith("#"):
                key, sep, value = stripped[1:].partition(":")
                if sep and key.strip():
                    meta[key.strip().lower()] = value.strip()
                continue
            columns = [c.strip().lower() for c in next(csv.reader([text]))]
            if tuple(columns) != HEADER:
                errors.append((number, f"wrong header {','.join(columns)!r}: expected {','.join(HEADER)!r}"))
                raise PositiveListError(source_name, errors)
            header_seen = True
            continue
        body.append((number, text))
    if not header_seen:
        raise PositiveListError(source_name, [(1, f"missing header {','.join(HEADER)!r}")])

    first_seen: dict[str, int] = {}
    for number, text in body:
        if not text.strip():
            continue
        try:
            row = next(csv.reader([text]))
        except csv.Error as exc:
            errors.append((number, f"unreadable CSV row: {exc}"))
            continue
        if len(row) != 3:
            errors.append((number, f"expected 3 columns (hs_code,description,remark), got {len(row)}"))
            continue
        hs_code, description, remark = (cell.strip() for cell in row)
        if not _HS8.fullmatch(hs_code):
            errors.append((number, f"bad HS code {hs_code!r}: the positive list uses exactly 8 digits"))
            continue
        if hs_code in first_seen:
            errors.append((number, f"duplicate HS code {hs_code} (first on line {first_seen[hs_code]})"))
            continue
        first_seen[hs_code] = number
        bonded, cap, unit, problem = _parse_remark(remark)
        if problem:
            errors.append((number, problem))
            continue
        entries[hs_code] = PositiveListEntry(
            hs_code=hs_code, description=description, remark=remark,
            bonded_only=bonded, cap=cap, cap_unit=unit, line_number=number,
        )
    if errors:
        raise PositiveListError(source_name, errors)
    if not entries:
        raise PositiveListError(source_name, [(len(lines) or 1, "the list has no lines")])
    return PositiveList(entries=entries, meta=meta, source_name=source_name)


def load_positive_list(path: str | Path) -> PositiveList:
    """Read and parse a positive-list CSV file (UTF-8)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PositiveListError(file.name, [(1, f"not UTF-8 text: {exc}")]) from exc
    return parse_positive_list(text, source_name=file.name)
