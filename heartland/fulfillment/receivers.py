"""What fulfillment listens to: a mainland part released by customs gets the delivery the
carrier reported while it waited."""
from __future__ import annotations

from heartland.orders import states
from heartland.orders.signals import part_moved

from . import services


def on_part_moved(sender, merchant_order, from_status, to_status, event, **kwargs) -> None:
    if to_status == states.RELEASED:
        services.apply_pending_delivery(merchant_order=merchant_order)


def connect() -> None:
    part_moved.connect(on_part_moved, dispatch_uid="fulfillment.apply_pending_delivery")
