"""What an order owes back, and getting it back to the shopper.

``owe_refund`` is called inside the transaction that refunds a farm's part (or the whole order):
it writes an ``OrderRefund`` for exactly what that part leaves to give back, and sends it to the
payment provider on commit. A refund the provider refuses or never answers stays visible (admin:
Orders › Refunds) and is sent again by ``retry_refunds`` (a periodic task) with a growing delay,
until it succeeds or an operator resolves it. Nothing here swallows an error into a log line.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from huey.contrib.djhuey import db_task

from heartland.core.errors import DomainError
from heartland.payments import services as payments
from heartland.payments.models import PaymentStatus
from heartland.payments.selectors import payments_for

from . import states
from .models import MerchantOrder, Order, OrderRefund, RefundStatus

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=2)
MAX_DELAY = timedelta(hours=6)
PAID_STATES = (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)


def _delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


def owe_refund(*, order: Order, reason: str, part: MerchantOrder | None = None, late: bool = False
               ) -> OrderRefund | None:
    """Record (in the caller's transaction, the order locked) that ``part``'s money goes back;
    ``late``: the whole payment of an order that was cancelled before it arrived.

    A part gives back its own total, never more than is left of the order's; the last part to be
    refunded gives back exactly what is left (so the parts add up to what was paid, whatever the
    rounding of each). Owed once per part: a second call returns the first refund."""
    key = f"late:{order.number}" if late else f"part:{part.number}" if part is not None else f"order:{order.number}"
    existing = OrderRefund.objects.filter(key=key).first()
    if existing is not None:
        return existing
    left = _left(order)
    if late:
        amount = order.total
    elif part is None:
        amount = left
    else:
        others_open = order.merchant_orders.exclude(pk=part.pk).exclude(
            status__in=(states.REFUNDED, states.CANCELLED)).exists()
        amount = min(part.total - _owed_for(part), left) if others_open else left
    if amount <= 0:
        return None
    try:
        with transaction.atomic():
            refund = OrderRefund.objects.create(
                key=key, order=order, merchant_order=part, amount=amount, currency=order.currency, reason=reason,
                next_attempt_at=timezone.now() + FIRST_RETRY)
    except IntegrityError:  # owed by a concurrent call meanwhile
        return OrderRefund.objects.get(key=key)
    refund_id = refund.pk
    transaction.on_commit(lambda: send_refund_task(refund_id))
    return refund


def _left(order: Order) -> Decimal:
    owed = OrderRefund.objects.filter(order=order).exclude(key__startswith="late:").aggregate(s=Sum("amount"))["s"]
    return order.total - (owed or Decimal(0))


def _owed_for(part: MerchantOrder) -> Decimal:
    return OrderRefund.objects.filter(merchant_order=part).aggregate(s=Sum("amount"))["s"] or Decimal(0)


def refundable(*, order: Order, part: MerchantOrder) -> Decimal:
    """What a farm's part can still give back: its total less what it owes already, never more
    than the order has left (a late payment's refund is apart)."""
    return max(min(part.total - _owed_for(part), _left(order)), Decimal(0))


def owe_partial_refund(*, order: Order, part: MerchantOrder, amount: Decimal, limit_value: Decimal, reason: str,
                       key: str) -> OrderRefund:
    """Part of a farm's part goes back (a return of some of its goods), in the caller's
    transaction with the order locked. ``limit_value``: what the refund gives back of the buyer's
    annual CBEC allowance (the returned goods' value on the limit's basis). ``key`` names the
    cause (e.g. ``return:<id>``): owed once per key. Never more than the part has left."""
    existing = OrderRefund.objects.filter(key=key).first()
    if existing is not None:
        return existing
    available = refundable(order=order, part=part)
    if amount <= 0 or amount > available:
        raise DomainError("over_refund", f"At most {available} {order.currency} of this part can be refunded.",
                          field="amount")
    if limit_value < 0 or limit_value > amount:
        raise DomainError("bad_limit_value", "The allowance given back is between 0 and the refund.",
                          field="limit_value")
    refund = OrderRefund.objects.create(
        key=key[:40], order=order, merchant_order=part, amount=amount, currency=order.currency, reason=reason,
        limit_value=limit_value, next_attempt_at=timezone.now() + FIRST_RETRY)
    refund_id = refund.pk
    transaction.on_commit(lambda: send_refund_task(refund_id))
    return refund


def _paid_payment(order_number: str):
    return payments_for(order_number).filter(status__in=PAID_STATES).first()


def send_refund(refund_id: int) -> OrderRefund:
    """Ask the provider to pay the refund back and record the answer. Safe to call at any time,
    from any number of workers: the provider sees one request per (refund, attempt) key."""
    refund = OrderRefund.objects.select_related("order").get(pk=refund_id)
    if not refund.is_open:
        return refund
    payment = _paid_payment(refund.order.number)
    outcome, detail, reference, refused_request = RefundStatus.FAILED, "", "", False
    if payment is None:
        detail = "no paid payment for this order"
    else:
        try:
            result = payments.refund_payment(
                payment=payment, amount=refund.amount, reason=refund.reason[:250],
                idempotency_key=f"order-refund:{refund.key}:{refund.provider_attempt}")
        except DomainError as exc:
            # refund_pending: sent, no answer yet (the provider answers the same key once, so
            # the same request goes again). Anything else was refused before reaching it.
            outcome = RefundStatus.PENDING if exc.code == "refund_pending" else RefundStatus.FAILED
            detail = f"{exc.code}: {exc.message}"
        else:
            reference = result.reference
            outcome = RefundStatus.SUCCEEDED if result.status == "succeeded" else RefundStatus.FAILED
            detail = "" if outcome == RefundStatus.SUCCEEDED else f"refused by the provider: {result.failure_reason}"
            refused_request = outcome == RefundStatus.FAILED
    with transaction.atomic():
        refund = OrderRefund.objects.select_for_update().get(pk=refund_id)
        if not refund.is_open:  # another worker finished it, or an operator resolved it
            return refund
        now = timezone.now()
        refund.attempts += 1
        refund.status = outcome
        refund.last_error = str(detail)[:300]
        if reference:
            refund.provider_reference = reference
            if refused_request:  # that request is spent: the next one needs a new key
                refund.provider_attempt += 1
        if outcome == RefundStatus.SUCCEEDED:
            refund.succeeded_at, refund.next_attempt_at = now, None
        else:
            refund.next_attempt_at = now + _delay(refund.attempts)
            log.error("refund %s (%s %s for %s) not done: %s; next attempt %s", refund.key, refund.amount,
                      refund.currency, refund.order.number, detail, refund.next_attempt_at.isoformat())
        refund.save()
    return refund


@db_task()
def send_refund_task(refund_id: int) -> None:
    """Sent on commit of the transaction that owed the refund (errors are recorded, not raised:
    the periodic retry takes over)."""
    send_refund(refund_id)


def refunds_due(*, now: datetime | None = None, limit: int = 200) -> list[int]:
    now = now or timezone.now()
    return list(OrderRefund.objects.filter(status__in=(RefundStatus.PENDING, RefundStatus.FAILED),
                                           next_attempt_at__lte=now)
                .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])


def retry_refunds(*, now: datetime | None = None) -> dict[str, int]:
    """Send every open refund whose next attempt is due; returns how many ended in each state."""
    counts: dict[str, int] = {}
    for refund_id in refunds_due(now=now):
        status = send_refund(refund_id).status
        counts[status] = counts.get(status, 0) + 1
    return counts


def resolve_refund(*, refund: OrderRefund, by, resolution: str) -> OrderRefund:
    """An operator settled an open refund outside Heartland (e.g. paid back by bank transfer, or
    the provider confirmed it by phone): it stops being retried. The note is required."""
    resolution = " ".join((resolution or "").split())
    if not resolution:
        raise DomainError("resolution_required", "Say how the refund was settled.", field="resolution")
    with transaction.atomic():
        refund = OrderRefund.objects.select_for_update().get(pk=refund.pk)
        if not refund.is_open:
            raise DomainError("not_open", f"This refund is already {refund.status}.")
        refund.status = RefundStatus.RESOLVED
        refund.resolved_at, refund.resolved_by, refund.resolution = timezone.now(), by, resolution[:2000]
        refund.next_attempt_at = None
        refund.save()
    return refund


def retry_now(*, refund: OrderRefund) -> OrderRefund:
    """An operator asks for another attempt at once (after fixing the cause)."""
    if not refund.is_open:
        raise DomainError("not_open", f"This refund is already {refund.status}.")
    return send_refund(refund.pk)
