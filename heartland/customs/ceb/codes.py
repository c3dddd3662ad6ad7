"""JGS-20 customs codes for the CEB messages (currency, country, unit, transport, package),
the enumerations of the GACC XSD and the receipt statuses — read from ``data/codes.yaml``,
where every table carries its source, its effective date and whether it was confirmed
against an official source. Pure Python (no Django)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

DATA = Path(__file__).with_name("data") / "codes.yaml"

CNY = "142"
USA = "502"
UNKNOWN_COUNTRY = "701"

# returnStatus values the platform acts on (the XSD annotations; customs-messages.md).
RECEIVED = ("1", "2", "3")
SEND_FAILED = "4"
REJECTED = "100"
ACCEPTED = "120"
REVIEWED = "399"
HELD = ("300", "500", "501", "502", "503", "599")
RETURNED = "700"
RELEASED = ("800", "899")


@dataclass(frozen=True)
class CodeTable:
    name: str
    codes: MappingProxyType
    source: str
    effective: str
    confirmed: bool

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def label(self, code: str) -> str:
        return str(self.codes.get(code, ""))


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def table(name: str) -> CodeTable:
    raw = _raw()[name]
    return CodeTable(name=name, codes=MappingProxyType({str(k): v for k, v in raw["codes"].items()}),
                     source=str(raw["source"]).strip(), effective=str(raw["effective"]),
                     confirmed=bool(raw.get("confirmed", False)))


@lru_cache(maxsize=16)
def _table(name: str) -> CodeTable:
    return table(name)


def currencies() -> CodeTable:
    return _table("currency")


def countries() -> CodeTable:
    """ISO alpha-2 → JGS-20 numeric country code."""
    return _table("country")


def units() -> CodeTable:
    return _table("unit")


def traf_modes() -> CodeTable:
    return _table("traf_mode")


def wrap_types() -> CodeTable:
    return _table("wrap_type")


def return_statuses() -> CodeTable:
    return _table("return_status")


@lru_cache(maxsize=16)
def enumeration(name: str) -> frozenset[str]:
    return frozenset(str(v) for v in _raw()["enumerations"][name])


@lru_cache(maxsize=1)
def country_numbers() -> frozenset[str]:
    return frozenset(str(v) for v in _raw()["country"]["codes"].values()) | {UNKNOWN_COUNTRY}


def country_code(iso2: str) -> str:
    """The JGS-20 code of an ISO 3166-1 alpha-2 country (``US`` → ``502``); 701 (unknown) when
    the table does not have it."""
    return str(countries().codes.get((iso2 or "").upper(), UNKNOWN_COUNTRY))


def unit_code(uom: str) -> str:
    """The declared unit for a catalogue unit: goods sold by weight or volume are still declared
    per piece (件, 011) — the quantity a shopper buys — unless the catalogue says otherwise."""
    return {"g": "011", "ml": "011", "piece": "011", "kg": "035", "bottle": "142", "box": "140",
            "bag": "136", "can": "122", "pair": "025"}.get((uom or "").lower(), "011")


def return_status_label(status: str) -> str:
    label = return_statuses().label(status)
    if label:
        return label
    try:
        return "processing error" if int(status) < 0 else "unknown status"
    except ValueError:
        return "unknown status"
