"""What customs listens to: a part accepted (orders), a shipment booked (fulfillment), a message
ready to send (its own). Each runs after the sender's commit; a failure is logged and left to
``tasks.catch_up`` — never raised into the merchant's or the carrier's request."""
from __future__ import annotations

import logging

from django.dispatch import receiver

from heartland.fulfillment.signals import shipment_booked
from heartland.orders import states
from heartland.orders.signals import part_moved

from . import services, signals, tasks

log = logging.getLogger(__name__)


@receiver(part_moved, dispatch_uid="customs.part_moved")
def on_part_moved(sender, merchant_order, from_status, to_status, event, **kwargs) -> None:
    if to_status != states.ACCEPTED:
        return
    try:
        services.start_for_accepted_part(merchant_order=merchant_order)
    except Exception:
        log.exception("customs: the order and payment messages of %s were not prepared", merchant_order.number)


@receiver(shipment_booked, dispatch_uid="customs.shipment_booked")
def on_shipment_booked(sender, shipment, **kwargs) -> None:
    try:
        services.start_for_shipment(merchant_order=shipment.merchant_order)
    except Exception:
        log.exception("customs: the waybill message of shipment %s was not prepared", shipment.pk)


@receiver(signals.message_ready, dispatch_uid="customs.message_ready")
def on_message_ready(sender, message_id, **kwargs) -> None:
    try:
        tasks.send_message(message_id)
    except Exception:  # immediate mode runs it here; resend_unsent tries again
        log.exception("customs: message %s not sent yet", message_id)
