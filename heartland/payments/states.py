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
Every change goes through ``services`` (or ``refunds``), is checked against ``MACHINE`` and
writes one ``PaymentStatusChange`` row.
"""
from __future__ import annotations

from decimal import Decimal

from heartland.core.statemachine import ANY, StateMachine

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
FINAL = UNPAID_FINAL | {REFUNDED}  # no way out

#: The table: every allowed (from, to), and nothing else. Services check every change against it
#: (``MACHINE.check``, raising ``core.statemachine.IllegalTransition``) and decide with it
#: (``MACHINE.can``). Any cause may make an allowed move (``ANY``): payments record a free-text
#: event — a notice, a query, a refund, a person — on the audit row.
MACHINE = StateMachine("a payment", {
    (CREATED, PENDING): ANY,
    (CREATED, CLOSED): ANY,
    (PENDING, PAID): ANY,
    (PENDING, FAILED): ANY,
    (PENDING, CLOSED): ANY,
    (PAID, PARTIALLY_REFUNDED): ANY,
    (PAID, REFUNDED): ANY,
    (PARTIALLY_REFUNDED, REFUNDED): ANY,
}, final=FINAL)


def status_after_refunds(*, amount: Decimal, refunded: Decimal) -> str:
    """The status a paid payment has once ``refunded`` of its ``amount`` went back."""
    if refunded < 0 or refunded > amount:
        raise ValueError(f"refunded {refunded} outside 0..{amount}")
    if refunded == 0:
        return PAID
    return REFUNDED if refunded == amount else PARTIALLY_REFUNDED
