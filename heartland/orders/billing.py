"""The order's side of its payment: open it with the provider (and send the shopper there),
close it, ask for its state (refunds: ``refunds.py``). The payments app knows nothing of
orders; it hears only a purpose reference (the order number) and tells what happened through
``payments.signals`` (see ``receivers.py``)."""
from __future__ import annotations

import logging

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from heartland.core.crypto import decrypt
from heartland.core.errors import DomainError
from heartland.payments import services as payments
from heartland.payments.selectors import payments_for

from .models import BUYER_ID_RESIDENT

log = logging.getLogger(__name__)


def start_payment(order, *, request) -> str:
    """Open the order's payment with the provider (once: the same key gives the same payment)
    and return where to send the shopper: the cashier, or the order page if nothing is left to pay."""
    detail = request.build_absolute_uri(reverse("orders:detail", args=[order.number]))
    # Only a mainland order names its orderer: the payer must be that person (GACC 194/2018).
    orderer = (order.buyer_name, decrypt(order.buyer_id_encrypted)) if order.buyer_id_type == BUYER_ID_RESIDENT \
        else ("", "")
    start = payments.create_payment(
        purpose_reference=order.number, amount=order.total, currency=order.currency,
        idempotency_key=f"order:{order.number}", return_url=detail, subject=f"Heartland {order.number}",
        orderer_name=orderer[0], orderer_id_number=orderer[1],
    )
    if not order.payment_reference:
        type(order).objects.filter(pk=order.pk).update(payment_reference=start.payment.reference)
    return start.action.url if start.action is not None and start.action.kind == "redirect" else detail


def redirect_to_payment(request, order):
    """Send the shopper to pay; if the provider cannot take it now, the order waits (held
    stock and all) and its page offers to pay again."""
    try:
        return redirect(start_payment(order, request=request))
    except DomainError as exc:
        messages.error(request, _("Payment could not be started; try again from your order (%(code)s).")
                       % {"code": exc.code})
        return redirect("orders:detail", number=order.number)


def _payment_of(order):
    """The order's newest payment attempt, if any."""
    return payments_for(order.number).first()


def close_payment(order) -> None:
    """The order is given up: close its payment at the provider so it can never be paid later."""
    payment = _payment_of(order)
    if payment is None:
        return

    def go():
        try:
            payments.close_payment(payment=payment, reason=f"order {order.number} cancelled")
        except DomainError:  # paid meanwhile: the payment signal refunds it (late payment)
            log.warning("payment for %s was paid while the order was cancelled", order.number)

    transaction.on_commit(go)


def sync_payment(order) -> None:
    """Ask the provider for the payment's state (a lost notice still counts)."""
    payment = _payment_of(order)
    if payment is not None:
        payments.sync_payment(payment=payment)
