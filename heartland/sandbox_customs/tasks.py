"""The sandbox customs' periodic work (Huey): ending inspections whose time is up. Receipts are
sent by ``outbox`` (its task is registered when this module imports it, through ``services``)."""
from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import conf, services


@db_periodic_task(crontab(minute="*"))
def end_due_inspections() -> int:
    """Every minute: held inventory lists whose inspection is over are released (or rejected)."""
    if not conf.enabled():
        return 0
    return services.end_due_inspections()
