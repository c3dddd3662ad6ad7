"""US export side: EEI filing flag (value per 6-digit HS code over USD 2,500, 15 CFR 30.37(a)) and
embargoed destinations (a data list)."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .common import ZERO
from .reasons import make_reason, money_text
from .rules import Snapshot
from .types import Case, Reason, Rule

__all__ = ["eei_check", "embargo_check"]


def embargo_check(snap: Snapshot, destination: str) -> tuple[Reason, Rule] | None:
    """A refusal if ``destination`` (ISO alpha-2) is on the embargo list in force."""
    rule = snap.embargoed.get(destination)
    if rule is None:
        return None
    return make_reason("embargoed_destination", None, country=destination), rule


def eei_check(
    snap: Snapshot, case: Case, fx: Callable[[str, str], Decimal | None]
) -> tuple[tuple[str, ...], list[Reason], Rule | None]:
    """→ (6-digit HS codes needing EEI, warnings, the threshold rule). Values are the goods' selling
    prices (unit price × quantity) converted to USD; freight to the port is not known here."""
    found = snap.param("US", "eei_threshold_usd")
    if found is None:
        return (), [], None
    limit, rule = found
    if case.currency != "USD":
        rate = fx(case.currency, "USD")
        if rate is None:
            # without a rate the threshold cannot be checked: warn, never block
            key = (case.currency, limit)
            warning = _UNCHECKED.get(key)
            if warning is None:
                warning = _UNCHECKED[key] = make_reason(
                    "eei_unchecked", None, base=case.currency, limit=money_text(limit))
            return (), [warning], rule
    else:
        rate = None
    totals: dict[str, Decimal] = {}
    for line in case.lines:
        hs6 = line.hs_code[:6]
        totals[hs6] = totals.get(hs6, ZERO) + line.unit_price * line.quantity
    if rate is not None:
        totals = {hs6: value * rate for hs6, value in totals.items()}
    flagged = tuple(sorted(hs6 for hs6, value in totals.items() if value > limit))
    if not flagged:
        return (), [], rule
    warnings = [
        make_reason("eei_required", None, hs6=hs6, value=money_text(totals[hs6].quantize(_CENT)),
                    limit=money_text(limit))
        for hs6 in flagged
    ]
    return flagged, warnings, rule


_CENT = Decimal("0.01")
_UNCHECKED: dict[tuple[str, Decimal], Reason] = {}
