"""Receipts on their way to the platform (Huey). ``queue`` is called inside the transaction that
wrote the receipts and sends them once it commits, in the order written — or, with
``HEARTLAND_SANDBOX_CUSTOMS_CHAOS`` on, every receipt twice, the batch shuffled (receipts may
come repeated and out of order in reality; the platform orders them by returnTime)."""
from __future__ import annotations

import random
from collections.abc import Sequence

from django.db import transaction
from huey.contrib.djhuey import db_task

from . import conf, delivery


class ReceiptNotAcknowledged(Exception):
    pass


@db_task(retries=10, retry_delay=15, retry_backoff=2)
def send_receipt(receipt_id: int, repeat: bool = False) -> None:
    """One delivery attempt; if the platform does not answer ``success`` it fails and Huey runs it
    again with exponential backoff (15 s, 30 s, 1 min, … about 4¼ h over 10 retries). A
    ``repeat`` (a deliberate duplicate) is sent once and never retried."""
    if not delivery.deliver(receipt_id, repeat=repeat):
        raise ReceiptNotAcknowledged(f"sandbox customs receipt {receipt_id}: not acknowledged; retrying")


def queue(receipt_ids: Sequence[int], *, rng: random.Random | None = None) -> None:
    """Send these receipts once the current transaction commits."""
    ids = list(receipt_ids)
    if not ids:
        return
    chaos = conf.chaos()

    def send() -> None:
        if chaos:
            duplicates = ids * 2
            (rng or random.Random()).shuffle(duplicates)
            for receipt_id in duplicates:
                send_receipt(receipt_id, repeat=True)
        for receipt_id in ids:  # the delivery that counts: retried until acknowledged (a no-op if it was)
            send_receipt(receipt_id)

    transaction.on_commit(send)
