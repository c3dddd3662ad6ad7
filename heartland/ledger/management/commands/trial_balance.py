"""``manage.py trial_balance [--json]``: every account's balance per currency."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from heartland.ledger import selectors
from heartland.ledger.math import from_minor


class Command(BaseCommand):
    help = "Print every ledger account's balance per currency (JSON: [{account, currency, balance_minor}])."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="a JSON list of {account, currency, balance_minor}")

    def handle(self, *args, **options):
        rows = selectors.trial_balance()
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        width = max([len(r["account"]) for r in rows] + [7])
        self.stdout.write(f"{'account':<{width}}  ccy  {'balance':>18}")
        for r in rows:
            self.stdout.write(f"{r['account']:<{width}}  {r['currency']}  "
                              f"{from_minor(r['balance_minor'], r['currency']):>18,}")
        for currency, total in sorted(selectors.totals_by_currency().items()):
            self.stdout.write(f"{'sum':<{width}}  {currency}  {from_minor(total, currency):>18,}"
                              + ("" if total == 0 else "  DOES NOT BALANCE"))
