"""The ledger's drains (``ledger.inbox``): one queued a second after events arrive, and one every
minute for whatever is left or due for a retry. Safe to run twice: one drain runs at a time."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import inbox


@db_task()
def post_pending_events() -> int:
    return inbox.post_pending().events


@db_periodic_task(crontab(minute="*"))
def post_pending_events_every_minute() -> int:
    return inbox.post_pending().events
