"""The sandbox gateway's background work (Huey): delivering notices to the platform."""
from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import notices


class NoticeNotAcknowledged(Exception):
    pass


@db_task(retries=10, retry_delay=15, retry_backoff=2)
def deliver_sandbox_notice(trade_id: int) -> None:
    """One delivery attempt (queued on commit); if the platform does not answer ``success`` it
    fails and Huey runs it again with exponential backoff (15 s, 30 s, 1 min, … about 4¼ h over
    10 retries)."""
    if not notices.deliver_notice(trade_id):
        raise NoticeNotAcknowledged(f"sandbox trade {trade_id}: notice not acknowledged; retrying")
