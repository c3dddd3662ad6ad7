from django.core.management.base import BaseCommand, CommandError

from heartland.markets.fx import FxFileRefused, import_fx_csv


class Command(BaseCommand):
    help = ("Load exchange rates from a CSV with columns base,quote,rate,valid_from,source "
            "(e.g. USD,CNY,7.1032,2026-11-26T00:00:00Z,PBOC central parity). Bad rows are reported, "
            "good rows kept; rates already stored are never overwritten. Exit 2 if the file cannot be read.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **o):
        try:
            with open(o["file"], "rb") as f:
                result = import_fx_csv(f)
        except OSError as exc:
            raise CommandError(f"Cannot open {o['file']}: {exc.strerror}", returncode=2)
        except FxFileRefused as exc:
            raise CommandError(f"Refused: {exc} Nothing was imported.", returncode=2)
        self.stdout.write(f"Rates added: {result.created}; already stored: {result.unchanged}; "
                          f"rows rejected: {len(result.errors)}")
        for e in result.errors:
            self.stdout.write(f"  row {e.row_number}: {e.reason}")
