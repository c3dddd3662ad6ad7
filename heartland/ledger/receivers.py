"""What the ledger listens to. A farm part's move is written down in the move's own transaction
(``part_moving``: one INSERT in the inbox, ``ledger.inbox``, committed or rolled back with the
move); a payment's notices are written down when they commit. Then a drain is asked for
(``part_moved`` and the payment signals, on commit), which posts waiting events in batches, each
idempotently (the entry key names the event), so an entry is only ever posted for something that
happened. A payment notice that cannot be written down is logged, never raised into the sender's
request; ``manage.py ledger_post_pending --catch-up DAYS`` finds moves and refunds whose entries
are missing and writes them down again."""
from __future__ import annotations

import logging
import time

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from huey.contrib.djhuey import HUEY

from heartland.orders.signals import part_moved, part_moving
from heartland.payments.signals import payment_refunded, payment_succeeded

from . import inbox, selectors
from .inbox import ORDER_REFUND_PREFIX, post_part_event  # noqa: F401  (kept for callers)
from .models import CommissionRate

log = logging.getLogger(__name__)

DRAIN_DELAY = 1.0  # seconds: events of the same second are posted by one drain
_next_drain = 0.0  # this process's earliest next drain request (monotonic clock)


def request_drain() -> None:
    """Post what waits: at once when tasks run in process (tests, scripts); otherwise a queued
    drain one second from now, at most one a second per process (the drain takes everything due)."""
    global _next_drain
    if HUEY.immediate:
        inbox.post_pending()
        return
    now = time.monotonic()
    if now < _next_drain:
        return
    _next_drain = now + DRAIN_DELAY
    from .tasks import post_pending_events

    post_pending_events.schedule(delay=DRAIN_DELAY)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _write_down(kind: str, data: dict, merchant_order_id: int | None = None, what: str = "") -> None:
    try:
        inbox.enqueue(kind=kind, data=data, merchant_order_id=merchant_order_id)
    except Exception:
        log.exception("ledger: %s not written down", what or kind)
        return
    try:
        request_drain()
    except Exception:  # the periodic drain posts it
        log.exception("ledger: drain after %s not started", what or kind)


@receiver(part_moving, dispatch_uid="ledger.part_moving")
def on_part_moving(sender, merchant_order, from_status, to_status, event, **kwargs) -> None:
    """Written down in the move's own transaction: the event exists exactly when the move does."""
    inbox.enqueue(kind=inbox.PART_MOVED, data={"to": to_status, "event": event or "", "from": from_status},
                  merchant_order_id=merchant_order.pk)


@receiver(part_moved, dispatch_uid="ledger.part_moved")
def on_part_moved(sender, merchant_order, **kwargs) -> None:
    try:
        request_drain()
    except Exception:  # the periodic drain posts it
        log.exception("ledger: drain after a move of %s not started", merchant_order.number)


@receiver(payment_succeeded, dispatch_uid="ledger.payment_succeeded")
def on_payment_succeeded(sender, payment, **kwargs) -> None:
    _write_down(inbox.PAYMENT_SUCCEEDED, {"order": payment.purpose_reference, "reference": payment.reference,
                                          "amount": str(payment.amount), "at": _iso(payment.paid_at)},
                what=f"payment {payment.reference}")


@receiver(payment_refunded, dispatch_uid="ledger.payment_refunded")
def on_payment_refunded(sender, payment, refund, **kwargs) -> None:
    _write_down(inbox.PAYMENT_REFUNDED, {"order": payment.purpose_reference, "reference": refund.reference,
                                         "amount": str(refund.amount), "at": _iso(refund.completed_at),
                                         "idempotency_key": refund.idempotency_key or ""},
                what=f"refund {refund.reference}")


@receiver(post_save, sender=CommissionRate, dispatch_uid="ledger.commission_rate_saved")
@receiver(post_delete, sender=CommissionRate, dispatch_uid="ledger.commission_rate_deleted")
def on_commission_rate_changed(sender, **kwargs) -> None:
    """An operator changed a rate: the cached rates in force are forgotten now and again on commit
    (a read inside the same transaction must not keep the new row past a rollback)."""
    selectors.clear_commission_rates_cache()
    transaction.on_commit(selectors.clear_commission_rates_cache)
