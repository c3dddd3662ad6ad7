"""The return state machine, in one table (pure: no Django import).

A shopper asks to return goods of a delivered farm's part (``requested``); the farm accepts or
refuses it with a reason. An accepted return gets a return shipment booked with the carrier
(``shipping``: the shopper sees the waybill); the farm may also take the parcel back without our
label. When the carrier reports it delivered to the farm, or the farm marks it arrived, it is
``received``; the farm then confirms what came back and whether it can be sold again, and the
shopper is refunded (``refunded``) — or, when nothing refundable came back, the farm refuses it
with a reason. An operator may refuse or cancel a return that has not been refunded.
"""
from __future__ import annotations

from heartland.core.statemachine import IllegalTransition, StateMachine  # noqa: F401  (raised by check)

NEW = ""
REQUESTED = "requested"
ACCEPTED = "accepted"
SHIPPING = "shipping"
RECEIVED = "received"
REFUNDED = "refunded"
REFUSED = "refused"
CANCELLED = "cancelled"

STATES = (REQUESTED, ACCEPTED, SHIPPING, RECEIVED, REFUNDED, REFUSED, CANCELLED)
FINAL = frozenset({REFUNDED, REFUSED, CANCELLED})
#: A return that still holds its units: they cannot be asked for again.
OPEN = frozenset({REQUESTED, ACCEPTED, SHIPPING, RECEIVED})


def gettext_noop(message: str) -> str:
    """Marks an English UI string for the .po files (this module is pure: no Django)."""
    return message


# What the shopper sees of each state (English msgids; translated in heartland/locale/).
LABELS = {
    REQUESTED: gettext_noop("Return requested — waiting for the farm"),
    ACCEPTED: gettext_noop("Return accepted"),
    SHIPPING: gettext_noop("Return on its way to the farm"),
    RECEIVED: gettext_noop("Return received by the farm"),
    REFUNDED: gettext_noop("Return refunded"),
    REFUSED: gettext_noop("Return refused"),
    CANCELLED: gettext_noop("Return cancelled"),
}

# (from, to) → the events that may cause it.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (NEW, REQUESTED): frozenset({"shopper"}),
    (REQUESTED, ACCEPTED): frozenset({"merchant"}),
    (REQUESTED, REFUSED): frozenset({"merchant", "operator"}),
    (REQUESTED, CANCELLED): frozenset({"operator"}),
    (ACCEPTED, SHIPPING): frozenset({"carrier"}),            # the return shipment is booked
    (ACCEPTED, RECEIVED): frozenset({"merchant"}),           # sent back without our label
    (ACCEPTED, CANCELLED): frozenset({"operator"}),
    (SHIPPING, RECEIVED): frozenset({"carrier", "merchant"}),
    (SHIPPING, CANCELLED): frozenset({"operator"}),
    (RECEIVED, REFUNDED): frozenset({"merchant", "operator"}),
    (RECEIVED, REFUSED): frozenset({"merchant", "operator"}),  # nothing refundable came back
}

MACHINE = StateMachine("a return", TRANSITIONS, final=FINAL)
check = MACHINE.check
can = MACHINE.can


def label(state: str) -> str:
    return LABELS.get(state, state)
