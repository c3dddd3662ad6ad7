"""The seam between orders and the payments app: open, refund, close and re-check an
order's payment; payment outcomes (signals) move the order."""
from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse

log = logging.getLogger(__name__)


def _payments():
    from heartland.payments import services

    return services


def start_payment(order, *, request) -> str:
    """Open the order's payment with the provider (once: the same key gives the same payment)
    and return where to send the shopper: the cashier, or the order page if nothing is left to pay."""
    from heartland.core.crypto import decrypt

    detail = request.build_absolute_uri(reverse("orders:detail", args=[order.number]))
    start = _payments().create_payment(
        purpose_reference=order.number, amount=order.total, currency=order.currency,
        idempotency_key=f"order:{order.number}", return_url=detail, subject=f"Heartland {order.number}",
        orderer_name=order.buyer_name, orderer_id_number=decrypt(order.buyer_id_encrypted),
    )
    if not order.payment_reference:
        type(order).objects.filter(pk=order.pk).update(payment_reference=start.payment.reference)
    return start.action.url if start.action is not None and start.action.kind == "redirect" else detail


def _payment_of(order):
    """The order's newest payment attempt, if any."""
    from heartland.payments.selectors import payments_for

    return payments_for(order.number).first()


def refund_order(order, *, amount, reason: str, part: str | None = None) -> None:
    """Refund (on commit, through the provider) part or all of what the order's payment took."""
    payment = _payment_of(order)
    if payment is None or amount <= 0:
        return
    key = f"refund:{part or order.number}"

    def go():
        try:
            _payments().refund_payment(payment=payment, amount=amount, reason=reason[:250], idempotency_key=key)
        except Exception:  # the provider is down: the periodic retry picks it up
            log.exception("refund %s for %s failed; it will be retried", key, order.number)

    transaction.on_commit(go)


def close_payment(order) -> None:
    """The order is given up: close its payment at the provider so it can never be paid later."""
    payment = _payment_of(order)
    if payment is None:
        return

    def go():
        from heartland.core.errors import DomainError

        try:
            _payments().close_payment(payment=payment, reason=f"order {order.number} cancelled")
        except DomainError:  # paid meanwhile: the payment signal refunds it (late payment)
            log.warning("payment for %s was paid while the order was cancelled", order.number)

    transaction.on_commit(go)


def sync_payment(order) -> None:
    """Ask the provider for the payment's state (a lost notice still counts)."""
    payment = _payment_of(order)
    if payment is not None:
        _payments().sync_payment(payment=payment)


def connect() -> None:
    from heartland.payments.signals import payment_failed, payment_succeeded

    payment_succeeded.connect(_on_paid, dispatch_uid="orders.on_paid")
    payment_failed.connect(_on_failed, dispatch_uid="orders.on_failed")


def _order_for(payment):
    from .models import Order

    return Order.objects.filter(number=payment.purpose_reference).first()


def _on_paid(sender, payment, **kwargs):
    from .services import record_payment

    order = _order_for(payment)
    if order is not None:
        record_payment(order=order, payer_name=payment.payer_name, payer_id_number=payment.payer_id_number)


def _on_failed(sender, payment, reason="", **kwargs):
    from .services import record_payer_not_buyer, record_payment_failed

    order = _order_for(payment)
    if order is None:
        return
    if reason == "payer_not_orderer":  # the payments app refunds it in full
        record_payer_not_buyer(order=order)
    else:
        record_payment_failed(order=order, reason="Payment was not completed. / 支付未完成，订单已取消。")
