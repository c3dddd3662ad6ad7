"""Background work for payments (Huey). Every task is safe to run twice.

* ``sync_stale_payments`` — every 5 minutes: query payments pending too long without a
  notice, and re-send refunds that never got an answer.
* ``refund_unaccepted_payment`` — defined in ``services`` beside the code that queues it.
"""
from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services
from .services import refund_unaccepted_payment  # noqa: F401  (for the worker's task discovery)

logger = logging.getLogger("heartland.payments")


@db_periodic_task(crontab(minute="*/5"))
def sync_stale_payments() -> None:
    counts = services.sync_stale_payments()
    if any(counts.values()):
        logger.info("payments sync: %s", counts)
