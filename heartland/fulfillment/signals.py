"""What happens to shipments, for the apps above (customs, ledger, the storefront) — sent on
commit of the transaction that made the change, so a receiver never sees a rolled-back one.

``shipment_booked(sender, shipment)``: the carrier booked a farm's part and issued its waybill
(``shipment.tracking_number``); the part is ``shipped``.

``shipment_delivered(sender, shipment)``: the carrier delivered it and the part is now
``delivered`` (for a mainland part: only once customs had released it — a delivery reported
earlier waits for the release, and the signal is sent then).
"""
from django.dispatch import Signal

shipment_booked = Signal()
shipment_delivered = Signal()
