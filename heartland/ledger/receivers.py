"""What the ledger listens to — every signal is sent on commit of the change, so an entry is only
ever posted for something that happened. Each receiver posts idempotently (the entry key names the
event); a failure is logged with the event, never raised into the sender's request — posting the
same event again (``post_part_event``; a catch-up command is still to come) fills the gap."""
from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from heartland.orders import states
from heartland.orders.models import Order, OrderRefund
from heartland.orders.signals import part_moved
from heartland.payments.signals import payment_refunded, payment_succeeded

from . import selectors, services
from .models import CommissionRate

log = logging.getLogger(__name__)

ORDER_REFUND_PREFIX = "order-refund:"


def post_part_event(merchant_order, to_status: str, event: str = "") -> None:
    """The entry a farm's part's move makes (if any)."""
    if to_status == states.PAID:
        services.record_part_paid(merchant_order=merchant_order)
    elif to_status == states.ACCEPTED:
        services.record_part_accepted(merchant_order=merchant_order)
    elif to_status == states.SHIPPED:
        services.record_part_shipped(merchant_order=merchant_order)
    elif to_status == states.RELEASED:
        services.record_customs_tax(merchant_order=merchant_order)
    elif to_status == states.DELIVERED:
        services.record_part_delivered(merchant_order=merchant_order)
    elif to_status == states.REFUNDED:
        refund = OrderRefund.objects.filter(key=f"part:{merchant_order.number}").select_related(
            "order", "merchant_order").first()
        if refund is not None:
            services.record_order_refund(refund=refund)
        elif event == "identity_mismatch":  # the payments app refunds the whole payment itself
            services.record_refund_owed(key=f"part:{merchant_order.number}", order=merchant_order.order,
                                        amount=merchant_order.total, merchant_order=merchant_order)


@receiver(part_moved, dispatch_uid="ledger.part_moved")
def on_part_moved(sender, merchant_order, from_status, to_status, event, **kwargs) -> None:
    try:
        post_part_event(merchant_order, to_status, event)
    except Exception:
        log.exception("ledger: %s → %s of %s not posted", from_status, to_status, merchant_order.number)


@receiver(payment_succeeded, dispatch_uid="ledger.payment_succeeded")
def on_payment_succeeded(sender, payment, **kwargs) -> None:
    """Only a payment for an order already cancelled posts here (parts post when they move to paid)."""
    try:
        order = Order.objects.filter(number=payment.purpose_reference).first()
        if order is not None and order.status == states.CANCELLED:
            services.record_late_payment(reference=payment.reference, order=order, amount=payment.amount,
                                         occurred_at=payment.paid_at)
    except Exception:
        log.exception("ledger: payment %s not posted", payment.reference)


def _order_refund(refund) -> OrderRefund | None:
    key = refund.idempotency_key or ""
    if not key.startswith(ORDER_REFUND_PREFIX):
        return None
    own = key[len(ORDER_REFUND_PREFIX):].rsplit(":", 1)[0]
    return OrderRefund.objects.filter(key=own).select_related("order", "merchant_order").first()


@receiver(payment_refunded, dispatch_uid="ledger.payment_refunded")
def on_payment_refunded(sender, payment, refund, **kwargs) -> None:
    """A refund went back: post what it owed (once — a part's full refund was posted when the part
    moved to refunded; a return's and a late payment's are posted now) and that it was paid."""
    try:
        order = Order.objects.filter(number=payment.purpose_reference).first()
        if order is None:
            return
        owed = _order_refund(refund)
        if owed is not None:
            services.record_order_refund(refund=owed)
        services.record_refund_paid(reference=refund.reference, order=order, amount=refund.amount,
                                    occurred_at=refund.completed_at)
    except Exception:
        log.exception("ledger: refund %s not posted", refund.reference)


@receiver(post_save, sender=CommissionRate, dispatch_uid="ledger.commission_rate_saved")
@receiver(post_delete, sender=CommissionRate, dispatch_uid="ledger.commission_rate_deleted")
def on_commission_rate_changed(sender, **kwargs) -> None:
    """An operator changed a rate: the cached rates in force are forgotten now and again on commit
    (a read inside the same transaction must not keep the new row past a rollback)."""
    selectors.clear_commission_rates_cache()
    transaction.on_commit(selectors.clear_commission_rates_cache)
