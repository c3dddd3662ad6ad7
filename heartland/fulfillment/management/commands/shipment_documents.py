"""Write the shipping documents (PDF) of an order's shipped parts: packing slip, commercial
invoice, CN23 (HK, JP, KR, SG) and label. ORDER_NUMBER is the shopper's order number (every
farm's part that has a shipment) or one farm's part number."""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from heartland.fulfillment import documents
from heartland.fulfillment.models import Shipment


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("order_number")
        parser.add_argument("--out", default=".", help="directory to write the PDFs to (created if missing)")

    def handle(self, *args, order_number, out, **options):
        shipments = list(Shipment.objects.filter(Q(merchant_order__number=order_number) |
                                                 Q(merchant_order__order__number=order_number))
                         .select_related("merchant_order__order", "merchant_order__merchant")
                         .order_by("merchant_order__number"))
        if not shipments:
            raise CommandError(f"No shipped part of an order {order_number!r}: nothing to write.")
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        for shipment in shipments:
            for kind in documents.kinds_for(shipment):
                path = directory / documents.filename(kind, shipment)
                path.write_bytes(documents.render(kind, shipment))
                self.stdout.write(str(path))
