"""The order state machine, in one table (pure: no Django import).

Both a shopper's Order and each MerchantOrder move through these states; a transition
not in TRANSITIONS is refused. Each transition names who may cause it.

A farm's part, after payment: the farm accepts it (mainland: the platform sends customs the
order, CEB311) and ships it (the carrier's waybill; mainland: CEB511). A mainland part is then
declared to customs (the import inventory list, CEB621, once the order, payment and waybill
are accepted) and released — or rejected (an operator fixes and declares again, or refunds it)
or held for inspection (then released or rejected). The carrier delivers; the return window
closes and the part is completed. Parts for HK, JP, KR and SG go accepted → shipped → delivered.
"""
from __future__ import annotations

from heartland.core.statemachine import IllegalTransition, StateMachine  # noqa: F401  (raised by check)

PENDING_PAYMENT = "pending_payment"
PAID = "paid"
ACCEPTED = "accepted"
DECLARED = "declared"
RELEASED = "released"
REJECTED = "rejected"
HELD = "held"
SHIPPED = "shipped"
DELIVERED = "delivered"
COMPLETED = "completed"
CANCELLED = "cancelled"
REFUNDED = "refunded"

STATES = (PENDING_PAYMENT, PAID, ACCEPTED, SHIPPED, DECLARED, HELD, REJECTED, RELEASED, DELIVERED, COMPLETED,
          CANCELLED, REFUNDED)
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
    HELD: gettext_noop("Held by customs for inspection"),
    REJECTED: gettext_noop("Rejected by customs"),
    RELEASED: gettext_noop("Released by customs"),
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
    # The order is refunded when its last part is: by the shopper, the farm, an operator, a failed
    # payer or limit check, stock gone while paying, or a return of everything that was left.
    (PAID, REFUNDED): frozenset({"shopper", "merchant", "operator", "identity_mismatch", "annual_limit", "stock",
                                 "return"}),
    (ACCEPTED, REFUNDED): frozenset({"merchant", "operator"}),
    (ACCEPTED, SHIPPED): frozenset({"merchant", "operator"}),
    # Mainland parts: customs decides after the import inventory list is filed.
    (SHIPPED, DECLARED): frozenset({"customs", "operator"}),
    (DECLARED, RELEASED): frozenset({"customs"}),
    (DECLARED, HELD): frozenset({"customs"}),
    (DECLARED, REJECTED): frozenset({"customs"}),
    (HELD, RELEASED): frozenset({"customs"}),
    (HELD, REJECTED): frozenset({"customs"}),
    (REJECTED, DECLARED): frozenset({"operator"}),  # fixed and declared again
    (REJECTED, REFUNDED): frozenset({"operator"}),  # rejected for good: refunded, stock returned
    (RELEASED, DELIVERED): frozenset({"carrier", "operator"}),
    # Other markets: the carrier delivers what was shipped.
    (SHIPPED, DELIVERED): frozenset({"carrier", "operator"}),
    (DELIVERED, COMPLETED): frozenset({"system", "operator", "shopper"}),
    (DELIVERED, REFUNDED): frozenset({"return", "operator"}),  # a return received, refunded in full
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
