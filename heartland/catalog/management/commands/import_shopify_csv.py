import json
import sys

from django.core.management.base import BaseCommand, CommandError

from heartland.catalog.importers.shopify import FileRefused, import_shopify_csv
from heartland.merchants.models import Merchant


class Command(BaseCommand):
    help = ("Import a Shopify product CSV (with Heartland's extra columns) for a merchant. "
            "Exit 0 when the file was processed (even with rejected rows), 2 when it was refused whole.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file")
        parser.add_argument("--merchant", required=True, help="the merchant's slug")
        parser.add_argument("--dry-run", action="store_true", help="check and count everything, write nothing")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **opts):
        merchant = Merchant.objects.filter(slug=opts["merchant"]).first()
        if merchant is None:
            raise CommandError(f"No merchant with slug '{opts['merchant']}'.", returncode=2)
        errors = []
        try:
            with open(opts["file"], "rb") as f:
                summary = import_shopify_csv(merchant=merchant, binary=f, dry_run=opts["dry_run"], on_errors=errors.extend)
        except FileNotFoundError:
            raise CommandError(f"No such file: {opts['file']}", returncode=2)
        except IsADirectoryError:
            raise CommandError(f"{opts['file']} is a directory, not a CSV file.", returncode=2)
        except FileRefused as exc:
            self.stderr.write(f"Refused: {exc}\nNothing was imported.")
            sys.exit(2)
        if opts["json"]:
            self.stdout.write(json.dumps({
                **{k: getattr(summary, k) for k in (
                    "rows_seen", "products_created", "products_updated", "products_unchanged",
                    "variants_created", "variants_updated", "variants_unchanged", "rows_rejected", "dry_run", "notes")},
                "errors": [{"row": e.row_number, "column": e.column, "value": e.value, "reason": e.reason} for e in errors],
            }, ensure_ascii=False, indent=2))
            return
        w = self.stdout.write
        w(("Dry run — nothing was written.\n" if summary.dry_run else "")
          + f"Rows read: {summary.rows_seen}\n"
          f"Products: {summary.products_created} created, {summary.products_updated} updated, {summary.products_unchanged} unchanged\n"
          f"Variants: {summary.variants_created} created, {summary.variants_updated} updated, {summary.variants_unchanged} unchanged\n"
          f"Rows rejected: {summary.rows_rejected}")
        for e in errors:
            w(f"  {e.as_text()}" + (f" [value: {e.value}]" if e.value else ""))
        for note in summary.notes:
            w(f"Note: {note}")
        if summary.ignored_columns:
            w(f"Ignored columns: {', '.join(summary.ignored_columns)}")
