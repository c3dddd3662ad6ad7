"""``manage.py ledger_post_pending [--catch-up DAYS] [--retry-now]``: post the events the ledger
has written down and not yet posted (the periodic task does this every minute)."""
from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from heartland.ledger import inbox
from heartland.ledger.models import PendingEvent


class Command(BaseCommand):
    help = "Post the ledger's waiting events now; optionally find moves and refunds never written down."

    def add_arguments(self, parser):
        parser.add_argument("--catch-up", type=int, metavar="DAYS", default=None,
                            help="first write down again the part moves and paid refunds of the last DAYS days "
                                 "whose entries are missing")
        parser.add_argument("--retry-now", action="store_true",
                            help="also post events waiting for a later retry after a failure")

    def handle(self, *args, **options):
        days = options["catch_up"]
        if days is not None:
            if not 1 <= days <= 3660:
                raise CommandError("--catch-up takes a number of days from 1 to 3660.")
            found = inbox.catch_up(since=timezone.now() - timedelta(days=days))
            self.stdout.write(f"written down again: {found.moves} part moves, {found.refunds} refunds")
        if options["retry_now"]:
            PendingEvent.objects.filter(next_attempt_at__isnull=False).update(next_attempt_at=timezone.now())
        done = inbox.post_pending()
        self.stdout.write(f"posted {done.events} events in {done.batches} batches; {done.failed} failed")
        left = PendingEvent.objects.count()
        if left:
            self.stdout.write(f"{left} events still waiting (see the admin: Ledger › Pending events)")
        if done.failed:
            raise CommandError(f"{done.failed} events failed; their errors are in the admin.")
