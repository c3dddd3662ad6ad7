"""Payment outcomes move orders: receivers of ``payments.signals`` (sent on commit),
connected in ``OrdersConfig.ready``."""
from __future__ import annotations

from django.dispatch import receiver

from heartland.payments.signals import payment_failed, payment_succeeded

from .models import Order
from .services import PAYMENT_NOT_COMPLETED, record_payer_not_buyer, record_payment, record_payment_failed


def _order_for(payment) -> Order | None:
    return Order.objects.filter(number=payment.purpose_reference).first()


@receiver(payment_succeeded, dispatch_uid="orders.on_paid")
def on_paid(sender, payment, **kwargs) -> None:
    order = _order_for(payment)
    if order is not None:
        record_payment(order=order, payer_name=payment.payer_name, payer_id_number=payment.payer_id_number)


@receiver(payment_failed, dispatch_uid="orders.on_failed")
def on_failed(sender, payment, reason="", **kwargs) -> None:
    order = _order_for(payment)
    if order is None:
        return
    if reason == "payer_not_orderer":  # the payments app refunds it in full
        record_payer_not_buyer(order=order)
    else:
        record_payment_failed(order=order, reason=PAYMENT_NOT_COMPLETED)
