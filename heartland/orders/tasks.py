"""Periodic order work: the expiry sweep and the refund retries. Safe to run twice."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from heartland.inventory.services import expired_references, release_reservations

from . import states
from .billing import sync_payment
from .models import Order
from .refunds import retry_refunds as _retry_refunds
from .services import expire_order


@db_periodic_task(crontab(minute="*"))
def expire_unpaid_orders() -> int:
    """Orders whose stock hold ran out: ask the provider once more, then cancel."""
    done = 0
    refs = expired_references()
    orders = Order.objects.in_bulk(refs, field_name="number")
    for number in refs:
        order = orders.get(number)
        if order is None or order.status != states.PENDING_PAYMENT:
            if order is None or order.status in states.FINAL:
                release_reservations(reference=number)
            continue
        sync_payment(order)  # a payment whose notice was lost still counts
        order.refresh_from_db()
        if order.status == states.PENDING_PAYMENT:
            expire_order(order=order)
            done += 1
    return done


@db_periodic_task(crontab(minute="*/5"))
def retry_refunds() -> dict[str, int]:
    """Refunds the provider refused or never answered: send again, each on its own back-off
    (2 min doubling to 6 h), until they succeed or an operator resolves them."""
    return _retry_refunds()
