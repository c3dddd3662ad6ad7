"""Write the customs messages of an order, one file per farm's part and kind:
CEB311_<part>.xml, CEB411_<part>.xml, CEB511_<part>.xml, CEB621_<part>.xml (signed; the
messages already stored are written as stored, the others built now and not stored or sent).
Exit 2 with the reason when a part has not reached the stage a message needs."""
from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from heartland.orders.models import Order

from ... import conf, keys, mapping
from ...ceb import signing
from ...ceb.documents import INVENTORY, ORDER, PAYMENT, WAYBILL
from ...ceb.xml import build_message
from ...models import CustomsMessage, MessageStatus
from ...services import new_guid


class Command(BaseCommand):
    help = "Write the CEB311/411/511/621 messages of every farm's part of an order into a directory."

    def add_arguments(self, parser):
        parser.add_argument("order_number")
        parser.add_argument("--out", required=True, help="directory to write into (created if missing)")

    def handle(self, *args, order_number: str, out: str, **options):
        order = Order.objects.filter(number=order_number).first()
        if order is None:
            self.stderr.write(f"No order {order_number}.")
            sys.exit(2)
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        credentials = keys.platform_credentials()
        written = []
        for part in order.merchant_orders.order_by("number"):
            for kind in (ORDER, PAYMENT, WAYBILL, INVENTORY):
                stored = CustomsMessage.objects.filter(merchant_order=part, kind=kind, superseded=False).first()
                if stored is not None and stored.status != MessageStatus.INVALID:
                    data = stored.xml.encode("utf-8")
                else:
                    guid = new_guid()
                    try:
                        doc = mapping.BUILDERS[kind](part, guid=guid)
                    except mapping.NotReady as exc:
                        self.stderr.write(f"{kind} of {part.number}: {exc.message}")
                        sys.exit(2)
                    data = signing.sign(build_message(doc, mapping.envelope(guid)), credentials.key,
                                        credentials.certificate, algorithm=conf.signature_algorithm(),
                                        digest=conf.digest())
                path = directory / f"{kind}_{part.number}.xml"
                path.write_bytes(data)
                written.append(path)
        for path in written:
            self.stdout.write(str(path))
