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

LABELS = {
    PENDING_PAYMENT: ("Awaiting payment", "待付款"),
    PAID: ("Paid", "已付款"),
    ACCEPTED: ("Accepted by the merchant", "商家已接单"),
    DECLARED: ("Declared to customs", "已申报海关"),
    SHIPPED: ("Shipped", "已发货"),
    DELIVERED: ("Delivered", "已签收"),
    COMPLETED: ("Completed", "已完成"),
    CANCELLED: ("Cancelled", "已取消"),
    REFUNDED: ("Refunded", "已退款"),
}

# (from, to) → the events that may cause it.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (PENDING_PAYMENT, PAID): frozenset({"payment"}),
    (PENDING_PAYMENT, CANCELLED): frozenset({"shopper", "expiry", "payment_failed", "operator"}),
    (PAID, ACCEPTED): frozenset({"merchant"}),
    (PAID, DECLARED): frozenset({"operator", "system"}),
    (ACCEPTED, DECLARED): frozenset({"operator", "system"}),
    (PAID, REFUNDED): frozenset({"shopper", "merchant", "operator", "identity_mismatch", "stock"}),
    (ACCEPTED, REFUNDED): frozenset({"shopper", "merchant", "operator"}),
    (DECLARED, REFUNDED): frozenset({"shopper", "merchant", "operator"}),
    (DECLARED, SHIPPED): frozenset({"merchant", "operator"}),
    (ACCEPTED, SHIPPED): frozenset({"merchant", "operator"}),
    (SHIPPED, DELIVERED): frozenset({"carrier", "operator"}),
    (DELIVERED, COMPLETED): frozenset({"system", "operator", "shopper"}),
}
# Before it ships, a paid order can still be cancelled by the shopper (and refunded).
CANCELLABLE_BY_SHOPPER = frozenset({PENDING_PAYMENT, PAID, ACCEPTED, DECLARED})


MACHINE = StateMachine("an order", TRANSITIONS, final=FINAL)
check = MACHINE.check
can = MACHINE.can

def label(state: str, lang: str = "en") -> str:
    en, zh = LABELS.get(state, (state, state))
    return en if lang == "en" else zh
