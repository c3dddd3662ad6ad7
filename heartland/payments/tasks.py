"""Background work for payments (Huey). Every task is safe to run twice.

* ``deliver_sandbox_notice`` — the sandbox gateway's notice delivery: one attempt per run;
  if the platform does not answer ``success`` the task fails and Huey runs it again with
  exponential backoff (15 s, 30 s, 1 min, … about 4¼ h over 10 retries).
* ``sync_stale_payments`` — every 5 minutes: query payments pending too long without a
  notice, and re-send refunds that never got an answer.
* ``refund_unaccepted_payment`` — a payment paid by someone other than the orderer goes back
  in full (one refund, whatever the number of runs: its idempotency key is fixed).
"""
from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from heartland.core.errors import DomainError

logger = logging.getLogger("heartland.payments")


class NoticeNotAcknowledged(Exception):
    pass


@db_task(retries=10, retry_delay=15, retry_backoff=2)
def deliver_sandbox_notice(trade_id: int) -> None:
    from . import gateway

    if not gateway.deliver_notice(trade_id):
        raise NoticeNotAcknowledged(f"sandbox trade {trade_id}: notice not acknowledged; retrying")


@db_periodic_task(crontab(minute="*/5"))
def sync_stale_payments() -> None:
    from . import services

    counts = services.sync_stale_payments()
    if any(counts.values()):
        logger.info("payments sync: %s", counts)


@db_task(retries=10, retry_delay=60, retry_backoff=2)
def refund_unaccepted_payment(payment_id: int, reason: str) -> None:
    from . import services
    from .models import Payment

    payment = Payment.objects.get(pk=payment_id)
    try:
        services.refund_payment(payment=payment, amount=payment.amount, reason=reason,
                                idempotency_key=f"{payment.reference}-unaccepted")
    except DomainError as exc:
        if exc.code == "refund_pending":
            raise  # Huey retries; the refund row is reused through its key
        logger.error("payment %s: automatic refund refused: %s", payment.reference, exc)
