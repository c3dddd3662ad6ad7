"""The sandbox carrier's background work (Huey): every few minutes each live parcel moves one
milestone on and its event is POSTed to the platform (only where the sandbox is enabled)."""
from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from heartland.fulfillment import conf

from . import carrier


@db_periodic_task(crontab(minute="*/10"))
def advance_sandbox_shipments() -> None:
    if conf.sandbox_enabled():
        carrier.advance_all()
