"""US export checks a shipment must pass before it is booked (pure: no Django).

- **Embargoed destination** (the landed-cost engine's US data, ``landedcost/data/us_export.yaml``):
  refused, with the rule.
- **Every line carries an HS code** (at least the 6 digits Schedule B shares with the HS): a
  line without one is refused — it cannot be classified for export or for customs.
- **EEI** (15 CFR 30.37(a)): when the value under one classification number exceeds the
  threshold in force (USD 2,500), or a licence is needed (``licence_required`` in
  ``data/us_export_filing.yaml``; 15 CFR 30.2(a)(1)(iv)), Electronic Export Information must be
  filed in AES before export, and the shipment is booked only with the ITN AES returned
  (``X`` + 14 digits). Otherwise the documents carry the exemption legend ``NOEEI §30.37(a)``.

Values are grouped by the first 6 digits. A line's code is the destination's tariff line (e.g.
China's 8 digits), whose first 6 are the only part shared with the US Schedule B number, so two
products under different Schedule B numbers but one HS subheading are added together: that may
ask for an ITN a broker would not, never the reverse. Value = selling price in USD (inland
freight to the port of export is not known when booking).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from heartland.landedcost.rules import Snapshot

DATA = Path(__file__).parent / "data" / "us_export_filing.yaml"
ITN_RE = re.compile(r"X\d{14}")
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule comes from and since when it applies."""

    name: str
    source: str
    effective_from: date | None


@dataclass(frozen=True, slots=True)
class ExportRules:
    eei_threshold_usd: Decimal | None
    threshold: Source | None
    embargoed: Mapping[str, Source]                  # ISO alpha-2 → rule
    licence_required: Mapping[str, Source] = field(default_factory=dict)  # HS prefix → rule
    exemption_legend: str = "NOEEI §30.37(a)"
    legend: Source | None = None


@dataclass(frozen=True, slots=True)
class ExportLine:
    description: str
    hs_code: str
    value_usd: Decimal
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Filing:
    """Why EEI must be filed for one 6-digit classification."""

    hs6: str
    value_usd: Decimal
    reason: str  # "value" (over the threshold) or "licence"
    message: str


@dataclass(frozen=True, slots=True)
class ExportVerdict:
    refusals: tuple[Problem, ...]        # the shipment cannot go at all (as it is)
    filings: tuple[Filing, ...]          # EEI needed: an ITN must be entered
    itn: str                             # the normalized ITN given ("" if none or not valid)
    itn_problem: Problem | None          # an ITN is needed and missing / not valid, or given malformed
    legend: str                          # the exemption legend when no EEI is needed
    values_by_hs6: Mapping[str, Decimal]

    @property
    def needs_itn(self) -> bool:
        return bool(self.filings)

    @property
    def ok(self) -> bool:
        return not self.refusals and self.itn_problem is None

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.refusals + ((self.itn_problem,) if self.itn_problem else ())


def normalize_itn(text: str) -> str | None:
    """The ITN in its canonical form (``X`` + 14 digits, spaces and case forgiven), or None."""
    cleaned = re.sub(r"[\s-]", "", text or "").upper()
    return cleaned if ITN_RE.fullmatch(cleaned) else None


def hs6(code: str) -> str:
    digits = re.sub(r"\D", "", code or "")
    return digits[:6] if len(digits) >= 6 else ""


def _money(value: Decimal) -> str:
    return f"USD {value.quantize(Decimal('0.01')):,}"


def check_export(*, destination: str, lines: Sequence[ExportLine], rules: ExportRules, itn: str = "") -> ExportVerdict:
    refusals: list[Problem] = []
    embargo = rules.embargoed.get((destination or "").upper())
    if embargo is not None:
        refusals.append(Problem("embargoed_destination",
                                f"Exports to {embargo.name} ({destination.upper()}) are embargoed ({embargo.source}): "
                                "this shipment cannot be booked."))
    totals: dict[str, Decimal] = {}
    licensed: dict[str, Source] = {}
    for line in lines:
        code = hs6(line.hs_code)
        if not code:
            refusals.append(Problem("hs_code_missing",
                                    f"“{line.description}” has no HS code (at least 6 digits): it cannot be "
                                    "classified for export or customs. Ask Heartland to correct the order line."))
            continue
        totals[code] = totals.get(code, ZERO) + line.value_usd
        digits = re.sub(r"\D", "", line.hs_code)
        for prefix, source in rules.licence_required.items():
            if digits.startswith(prefix):
                licensed.setdefault(code, source)
    filings: list[Filing] = []
    if rules.eei_threshold_usd is None:
        refusals.append(Problem("export_rules_missing",
                                "No EEI threshold is in force in the US export rules; shipping is stopped until an "
                                "operator updates them."))
    for code in sorted(totals):
        value = totals[code]
        licence = licensed.get(code)
        if licence is not None:
            filings.append(Filing(code, value, "licence",
                                  f"HS {code[:4]}.{code[4:]} needs an export licence ({licence.name}; "
                                  f"{licence.source}): EEI must be filed whatever the value."))
        elif rules.eei_threshold_usd is not None and value > rules.eei_threshold_usd:
            filings.append(Filing(code, value, "value",
                                  f"The value under HS {code[:4]}.{code[4:]} is {_money(value)}, over "
                                  f"{_money(rules.eei_threshold_usd)}: EEI must be filed in AES (15 CFR 30.37(a))."))
    given = (itn or "").strip()
    normalized = normalize_itn(given) if given else None
    itn_problem: Problem | None = None
    if given and normalized is None:
        itn_problem = Problem("itn_invalid", "An AES ITN is the letter X and 14 digits (e.g. X20260115123456).")
    elif filings and normalized is None:
        itn_problem = Problem("itn_required", "This shipment needs Electronic Export Information: file it in AES and "
                                              "enter the ITN (X and 14 digits) to book. " +
                              " ".join(f.message for f in filings))
    return ExportVerdict(refusals=tuple(refusals), filings=tuple(filings), itn=normalized or "",
                         itn_problem=itn_problem, legend="" if filings else rules.exemption_legend,
                         values_by_hs6=totals)


# --- data ---------------------------------------------------------------------------------------
def _in_force(raw: Mapping[str, Any], day: date) -> bool:
    start, end = raw.get("effective_from"), raw.get("effective_to")
    return (start is None or start <= day) and (end is None or day < end)


@lru_cache(maxsize=4)
def _filing_data(path: Path = DATA) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("licence_required", []), list):
        raise ValueError(f"{path.name}: expected a mapping with a licence_required list")
    return data


def rules_from(snapshot: Snapshot, *, path: Path = DATA) -> ExportRules:
    """The export rules in force on the snapshot's day: the threshold and embargoes from the
    landed-cost US data (one source of truth), the legend and licences from ours."""
    data = _filing_data(path)
    day = snapshot.day
    found = snapshot.param("US", "eei_threshold_usd")
    threshold, threshold_rule = (Decimal(str(found[0])), found[1]) if found else (None, None)
    embargoed = {country: Source(rule.name.removeprefix("US embargo: "), rule.source, rule.effective_from)
                 for country, rule in snapshot.embargoed.items()}
    licences = {str(raw["hs_prefix"]): Source(str(raw.get("name", "")), str(raw.get("source", "")),
                                              raw.get("effective_from"))
                for raw in data.get("licence_required") or [] if _in_force(raw, day)}
    legend_raw = data.get("exemption_legend") or {}
    return ExportRules(
        eei_threshold_usd=threshold,
        threshold=Source(threshold_rule.name, threshold_rule.source, threshold_rule.effective_from)
        if threshold_rule else None,
        embargoed=embargoed, licence_required=licences,
        exemption_legend=str(legend_raw.get("text", "NOEEI §30.37(a)")),
        legend=Source("EEI exemption legend", str(legend_raw.get("source", "")), legend_raw.get("effective_from")),
    )
