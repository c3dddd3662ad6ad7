import sys

from django.core.management.base import BaseCommand, CommandError

from heartland.catalog.importers.shopify_export import export_shopify_csv
from heartland.merchants.models import Merchant


class Command(BaseCommand):
    help = "Write a merchant's catalog as a Shopify product CSV (with Heartland's extra columns) to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--merchant", required=True, help="the merchant's slug")

    def handle(self, *args, **opts):
        merchant = Merchant.objects.filter(slug=opts["merchant"]).first()
        if merchant is None:
            raise CommandError(f"No merchant with slug '{opts['merchant']}'.", returncode=2)
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(encoding="utf-8")
        export_shopify_csv(merchant=merchant, out=sys.stdout)
