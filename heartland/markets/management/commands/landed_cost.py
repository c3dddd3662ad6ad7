import functools
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from heartland.landedcost import run_cases
from heartland.markets.fx import rate_in_force
from heartland.markets.models import Market
from heartland.markets.rules_in_force import active_rules


def stored_rates(base: str, quote: str):
    """The rate a shopper would get: stored rate in force plus the destination market's margin."""
    market = Market.objects.filter(currency=quote).first() or Market.objects.filter(currency=base).first()
    found = rate_in_force(base=base, quote=quote, market=market)
    return found.effective if found else None


class Command(BaseCommand):
    help = ("Read a JSON array of landed-cost cases from FILE (or - for standard input) and print a JSON array "
            "of results, one per case, in order. A malformed case gets {\"error\": …} in its place.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a JSON file, or - for standard input")

    def handle(self, *args, **o):
        try:
            text = sys.stdin.read() if o["file"] == "-" else open(o["file"], encoding="utf-8").read()
        except OSError as exc:
            raise CommandError(f"Cannot read {o['file']}: {exc.strerror}", returncode=2)
        except UnicodeDecodeError:
            raise CommandError("The input is not UTF-8 text.", returncode=2)
        try:
            cases = json.loads(text, parse_float=str)  # never floats: 425.10 stays the text "425.10"
        except json.JSONDecodeError as exc:
            raise CommandError(f"The input is not JSON: {exc}", returncode=2)
        if not isinstance(cases, list):
            raise CommandError("The input must be a JSON array of cases.", returncode=2)
        # one database look-up per currency pair for this run (several cases share a pair)
        results = run_cases(cases, fx=functools.cache(stored_rates), rules=active_rules())
        self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
