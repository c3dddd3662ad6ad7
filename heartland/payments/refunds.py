"""Refunds: money back through the payment's provider, and the task that refunds in full a
payment paid by someone other than the orderer (queued on commit by the notice path in
``services``; it lives here, beside the refund it makes, so that ``services`` can queue it
without importing ``tasks``, which imports ``services``).

Like every payments write: ask the provider outside a transaction, then record the answer in
one transaction with the payment row locked; ``payment_refunded`` is sent on commit.
"""
from __future__ import annotations

import logging
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from huey.contrib.djhuey import db_task

from heartland.accounts.models import User
from heartland.core.errors import DomainError
from heartland.landedcost.money import quantize

from . import signals, states
from .common import check_idempotency_key, exact_amount, lock, new_reference, provider_for, send_on_commit, transition
from .models import Payment, Refund, RefundStatus
from .provider import ProviderError

logger = logging.getLogger("heartland.payments")


def refund_payment(
    *,
    payment: Payment,
    amount: Decimal,
    reason: str,
    idempotency_key: str,
    by: User | None = None,
) -> Refund:
    """Refund ``amount`` (all or part) of a paid payment through its provider.

    Never more than paid minus refunded (refunds still waiting for the provider count as
    refunded). Idempotent per ``idempotency_key``: the same key returns the same refund
    (re-sending it to the provider if it never got an answer); the same key with another
    payment or amount is refused. Returns the Refund: ``succeeded``, or ``failed`` with the
    provider's reason. Raises DomainError ``refund_pending`` if the provider did not answer
    (the refund stays pending and is retried by the periodic job or by calling again).
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("reason_required", "Say why the money goes back.", field="reason")
    check_idempotency_key(idempotency_key)
    amount = exact_amount(amount, payment.currency)
    provider_for(payment.provider)
    try:
        with transaction.atomic():
            payment = lock(payment)
            refund = Refund.objects.filter(idempotency_key=idempotency_key).first()
            if refund is None:
                if payment.status not in states.REFUNDABLE:
                    raise DomainError("not_refundable", f"A payment that is {payment.get_status_display()} "
                                                        "cannot be refunded.")
                waiting = Refund.objects.filter(payment=payment, status=RefundStatus.PENDING).aggregate(
                    s=Sum("amount"))["s"] or Decimal(0)
                available = payment.amount - payment.refunded_amount - waiting
                if amount > available:
                    raise DomainError("over_refund", f"At most {quantize(max(available, Decimal(0)), payment.currency)} "
                                                     f"{payment.currency} can be refunded.", field="amount")
                refund = Refund.objects.create(
                    reference=new_reference("RFD"), payment=payment, amount=amount, currency=payment.currency,
                    reason=reason, idempotency_key=idempotency_key, requested_by=by,
                    actor=f"user {by.pk}" if by else "platform")
    except IntegrityError:
        refund = Refund.objects.filter(idempotency_key=idempotency_key).first()
        if refund is None:
            raise
    if refund.payment_id != payment.pk or refund.amount != amount:
        raise DomainError("idempotency_conflict", "This idempotency key was used for a different refund.",
                          field="idempotency_key")
    if refund.status != RefundStatus.PENDING:
        return refund
    refund.payment = payment  # the same payment (checked above), already loaded: no reload in send_refund
    return send_refund(refund)


def send_refund(refund: Refund) -> Refund:
    """Send a pending refund to the provider and record its answer (again, if it never came:
    the provider answers the same ``out_request_no`` once)."""
    payment = refund.payment
    prov = provider_for(payment.provider)
    Refund.objects.filter(pk=refund.pk).update(attempts=F("attempts") + 1)
    try:
        result = prov.refund(payment=payment, refund=refund)
    except ProviderError as exc:
        logger.warning("refund %s of %s: %s did not answer: %s", refund.reference, payment.reference,
                       payment.provider, exc)
        raise DomainError("refund_pending", "The payment service did not answer; the refund will be retried.") from None
    with transaction.atomic():
        payment = lock(payment)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status != RefundStatus.PENDING:
            return refund
        refund.completed_at = timezone.now()
        if not result.succeeded:
            refund.status = RefundStatus.FAILED
            refund.failure_reason = result.detail[:200]
            refund.save()
            logger.warning("refund %s of %s refused by %s: %s", refund.reference, payment.reference,
                           payment.provider, result.detail)
            return refund
        refund.status = RefundStatus.SUCCEEDED
        refund.provider_refund_no = result.provider_refund_no[:64]
        refund.save()
        payment.refunded_amount += refund.amount
        to = states.status_after_refunds(amount=payment.amount, refunded=payment.refunded_amount)
        if to != payment.status:
            transition(payment, to=to, event=f"refund {refund.reference}", reason=refund.reason,
                       by=refund.requested_by)
        payment.save()
        send_on_commit(signals.payment_refunded, payment, refund=refund)
    logger.info("refund %s of %s: %s %s back", refund.reference, payment.reference, refund.amount, refund.currency)
    return refund


@db_task(retries=10, retry_delay=60, retry_backoff=2)
def refund_unaccepted_payment(payment_id: int, reason: str) -> None:
    """A payment paid by someone other than the orderer goes back in full (a Huey task, queued
    on commit; one refund however often it runs: its idempotency key is fixed)."""
    payment = Payment.objects.get(pk=payment_id)
    try:
        refund_payment(payment=payment, amount=payment.amount, reason=reason,
                       idempotency_key=f"{payment.reference}-unaccepted")
    except DomainError as exc:
        if exc.code == "refund_pending":
            raise  # Huey retries; the refund row is reused through its key
        logger.error("payment %s: automatic refund refused: %s", payment.reference, exc)
