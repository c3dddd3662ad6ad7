"""Background work for payments (Huey). Every task is safe to run twice.

* ``sync_stale_payments`` — every 5 minutes: query payments pending too long without a
  notice, and re-send refunds that never got an answer.
* ``refund_unaccepted_payment`` — a payment paid by someone other than the orderer goes back in
  full. Defined in ``refunds``, beside the refund it makes, because the notice path in
  ``services`` queues it and this module imports ``services``; imported here so the worker
  finds every payments task in ``tasks``.
"""
from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services
from .refunds import refund_unaccepted_payment

__all__ = ["refund_unaccepted_payment", "sync_stale_payments"]

logger = logging.getLogger("heartland.payments")


@db_periodic_task(crontab(minute="*/5"))
def sync_stale_payments() -> None:
    counts = services.sync_stale_payments()
    if any(counts.values()):
        logger.info("payments sync: %s", counts)
