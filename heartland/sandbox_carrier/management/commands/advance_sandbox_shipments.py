"""Move the sandbox carrier's parcels on: each live parcel's next milestone, POSTed signed to the
platform's tracking webhook (``--steps 5`` takes them all the way to delivered)."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from heartland.fulfillment import conf
from heartland.sandbox_carrier import carrier


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("tracking_numbers", nargs="*", help="only these waybills (default: every live parcel)")
        parser.add_argument("--steps", type=int, default=1, help="milestones per parcel (default 1; 5 = delivered)")

    def handle(self, *args, tracking_numbers, steps, **options):
        if not conf.sandbox_enabled():
            raise CommandError("The sandbox is switched off (HEARTLAND_SANDBOX_ENABLED).")
        events = carrier.advance_all(tracking_numbers=tracking_numbers or None, steps=max(1, steps))
        for event in events:
            state = "acknowledged" if event.acknowledged_at or _acked(event) else "NOT acknowledged (retried next run)"
            self.stdout.write(f"{event.parcel.tracking_number}  {event.code:20}  {state}")
        self.stdout.write(f"{len(events)} event(s) emitted.")


def _acked(event) -> bool:
    event.refresh_from_db(fields=["acknowledged_at"])
    return event.acknowledged_at is not None
