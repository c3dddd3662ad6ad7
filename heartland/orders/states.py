"""The order state machine, in one table (pure: no Django import).

Both a shopper's Order and each MerchantOrder move through these states; a transition
not in TRANSITIONS is refused. Each transition names who may cause it.
"""
from __future__ import annotations

from heartland.core.statemachine import IllegalTransition, StateMachine  # noqa: F401  (raised by check)

PENDING_PAYMENT = "pending_payment"
PAID = "paid"
ACCEPTED = "accepted"
DECLARED = "declared"
SHIPPED = "shipped"
DELIVERED = "delivered"
COMPLETED = "completed"
CANCELLED = "cancelled"
REFUNDED = "refunded"

STATES = (PENDING_PAYMENT, PAID, ACCEPTED, DECLARED, SHIPPED, DELIVERED, COMPLETED, CANCELLED, REFUNDED)
FINAL = frozenset({COMPLETED, CANCELLED, REFUNDED})


def gettext_noop(message: str) -> str:
    """Marks an English UI string for the .po files; pages translate it with gettext. This module
    is pure (no Django), so it has its own, under the name ``makemessages`` looks for."""
    return message


# What people see of each state (English msgids; translated in heartland/locale/).
LABELS = {
    PENDING_PAYMENT: gettext_noop("Awaiting payment"),
    PAID: gettext_noop("Paid"),
    ACCEPTED: gettext_noop("Accepted by the merchant"),
    DECLARED: gettext_noop("Declared to customs"),
    SHIPPED: gettext_noop("Shipped"),
    DELIVERED: gettext_noop("Delivered"),
    COMPLETED: gettext_noop("Completed"),
    CANCELLED: gettext_noop("Cancelled"),
    REFUNDED: gettext_noop("Refunded"),
}

# (from, to) → the events that may cause it.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (PENDING_PAYMENT, PAID): frozenset({"payment"}),
    (PENDING_PAYMENT, CANCELLED): frozenset({"shopper", "expiry", "payment_failed", "operator"}),
    (PAID, ACCEPTED): frozenset({"merchant"}),
    (PAID, DECLARED): frozenset({"operator", "system"}),
    (ACCEPTED, DECLARED): frozenset({"operator", "system"}),
    (PAID, REFUNDED): frozenset({"shopper", "merchant", "operator", "identity_mismatch", "annual_limit", "stock"}),
    (ACCEPTED, REFUNDED): frozenset({"merchant", "operator"}),
    (DECLARED, REFUNDED): frozenset({"merchant", "operator"}),
    (DECLARED, SHIPPED): frozenset({"merchant", "operator"}),
    (ACCEPTED, SHIPPED): frozenset({"merchant", "operator"}),
    (SHIPPED, DELIVERED): frozenset({"carrier", "operator"}),
    (DELIVERED, COMPLETED): frozenset({"system", "operator", "shopper"}),
}
# Until a farm accepts its part, the shopper can still cancel (a paid part is refunded); after
# that, returns are the way.
CANCELLABLE_BY_SHOPPER = frozenset({PENDING_PAYMENT, PAID})


MACHINE = StateMachine("an order", TRANSITIONS, final=FINAL)
check = MACHINE.check
can = MACHINE.can


def label(state: str) -> str:
    """The state's English label (the msgid pages translate)."""
    return LABELS.get(state, state)
