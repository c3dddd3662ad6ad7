"""The payment state machine, as data. Pure Python: importable without Django settings.

    created ─► pending ─► paid ─► partially_refunded ─► refunded
       │          ├─────► failed          └───────────────────► refunded
       └──────────┴─────► closed

* ``created``: the row exists; the provider has not been asked yet.
* ``pending``: the shopper was sent to the provider (redirect or QR code).
* ``paid``: a verified notice (or query) said the money moved, with the payer's identity.
* ``failed``: the provider declined it. ``closed``: it expired, was abandoned or superseded.
* ``partially_refunded`` / ``refunded``: some or all of the paid amount went back.

``failed`` and ``closed`` are final; a refund never leaves the refund states.
Every change goes through ``services`` and writes one ``PaymentStatusChange`` row.
"""
from __future__ import annotations

from decimal import Decimal

from heartland.core.statemachine import ANY, IllegalTransition, StateMachine  # noqa: F401  (raised by check)

CREATED = "created"
PENDING = "pending"
PAID = "paid"
FAILED = "failed"
CLOSED = "closed"
PARTIALLY_REFUNDED = "partially_refunded"
REFUNDED = "refunded"

ALL = (CREATED, PENDING, PAID, FAILED, CLOSED, PARTIALLY_REFUNDED, REFUNDED)
OPEN = frozenset({CREATED, PENDING})  # may still be paid
UNPAID_FINAL = frozenset({FAILED, CLOSED})
PAID_STATES = frozenset({PAID, PARTIALLY_REFUNDED, REFUNDED})  # money moved: payer known
REFUNDABLE = frozenset({PAID, PARTIALLY_REFUNDED})

#: Every allowed (from, to). Nothing else is a transition.
TRANSITIONS: frozenset[tuple[str, str]] = frozenset({
    (CREATED, PENDING),
    (CREATED, CLOSED),
    (PENDING, PAID),
    (PENDING, FAILED),
    (PENDING, CLOSED),
    (PAID, PARTIALLY_REFUNDED),
    (PAID, REFUNDED),
    (PARTIALLY_REFUNDED, REFUNDED),
})


#: The machine services check every change against; any cause may make an allowed move (the
#: audit row records which: a notice, a query, a refund, a person).
MACHINE = StateMachine("a payment", {pair: ANY for pair in TRANSITIONS}, final=UNPAID_FINAL | {REFUNDED})


def can_transition(current: str, to: str) -> bool:
    return MACHINE.can(current, to)


def status_after_refunds(*, amount: Decimal, refunded: Decimal) -> str:
    """The status a paid payment has once ``refunded`` of its ``amount`` went back."""
    if refunded < 0 or refunded > amount:
        raise ValueError(f"refunded {refunded} outside 0..{amount}")
    if refunded == 0:
        return PAID
    return REFUNDED if refunded == amount else PARTIALLY_REFUNDED
