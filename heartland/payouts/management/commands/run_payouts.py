"""manage.py run_payouts [--dry-run] --out DIR — pay every farm due by ACH (NACHA files)."""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from heartland.merchants.models import Merchant
from heartland.payouts import services
from heartland.payouts.models import usd_text


class Command(BaseCommand):
    help = "Pay every farm whose payable balance reaches the minimum: record the run, then write its NACHA file."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None, help="Directory for the NACHA files")
        parser.add_argument("--dry-run", action="store_true", help="Show who would be paid; record nothing")

    def handle(self, *args, out=None, dry_run=False, **options):
        outcome = services.run_payouts(out_dir=out, dry_run=dry_run, started_by="manage.py run_payouts")
        names = dict(Merchant.objects.filter(pk__in=[p.merchant_id for p in outcome.planned][:1000])
                     .values_list("pk", "trading_name"))
        if dry_run:
            self.stdout.write(f"Dry run: {len(outcome.planned)} farm(s) would be paid "
                              f"{usd_text(sum(p.amount_minor for p in outcome.planned))}:")
            for p in outcome.planned[:1000]:
                self.stdout.write(f"  {names.get(p.merchant_id, p.merchant_id)}: {usd_text(p.amount_minor)}")
        for run in outcome.finished:
            self.stdout.write(f"Run {run.pk} (unfinished) written: {run.payout_count} payout(s), "
                              f"{usd_text(run.total_minor)}")
        for run in outcome.runs:
            self.stdout.write(f"Run {run.pk}: paid {run.payout_count} farm(s) {usd_text(run.total_minor)}")
            for p in run.payouts.select_related("merchant").order_by("sequence")[:1000]:
                self.stdout.write(f"  {p.merchant.trading_name}: {usd_text(p.amount_minor)} to {p.account_type} "
                                  f"••••{p.account_last4}")
        for path in outcome.files:
            self.stdout.write(f"File: {path}")
        if outcome.skipped_no_bank:
            self.stdout.write(f"Not paid, no bank details: {len(outcome.skipped_no_bank)} farm(s) "
                              f"(ids {', '.join(map(str, outcome.skipped_no_bank[:50]))})")
        if outcome.below_minimum:
            self.stdout.write(f"Below the minimum payout: {outcome.below_minimum} farm(s)")
        if not dry_run and not outcome.runs and not outcome.finished:
            self.stdout.write("Nobody is due a payout.")
