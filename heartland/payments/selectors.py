"""Reads for payments: for views, for other apps (orders, fulfillment) and for the jobs."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from . import states, wire
from .models import Payment, Refund, RefundStatus
from .provider import get_provider

#: Customs (JGS-20) currency codes for the payment message. CBEC import messages use 142.
CUSTOMS_CURRENCY = {"CNY": "142", "HKD": "110", "JPY": "116", "SGD": "132", "USD": "502"}


def payments_for(purpose_reference: str) -> QuerySet[Payment]:
    """Every payment attempt for an order, newest first."""
    return Payment.objects.filter(purpose_reference=purpose_reference).order_by("-created_at", "-pk")


def payments_to_query(*, now: datetime, older_than: timedelta, limit: int = 200) -> Iterable[Payment]:
    """Pending (or stuck in created) longer than ``older_than`` without a resolving notice,
    and not queried within it either."""
    cutoff = now - older_than
    return list(Payment.objects.filter(Q(status=states.PENDING, pending_since__lte=cutoff)
                                       | Q(status=states.CREATED, created_at__lte=cutoff))
                .filter(Q(last_queried_at__isnull=True) | Q(last_queried_at__lte=cutoff))
                .order_by("created_at")[:limit])


def refunds_to_retry(*, now: datetime, older_than: timedelta, limit: int = 200) -> Iterable[Refund]:
    return list(Refund.objects.filter(status=RefundStatus.PENDING, created_at__lte=now - older_than)
                .select_related("payment").order_by("created_at")[:limit])


def customs_payment_fields(payment: Payment) -> dict[str, str]:
    """The payment's part of the customs payment voucher (CEB411 PaymentHead), in XSD order.

    The envelope fields (guid, appType, appTime, appStatus) and the platform's ebpCode/ebpName
    belong to whoever builds the message. Contains the payer's ID number in clear: hand it
    only to the message builder, never to a log.
    """
    if not payment.is_paid:
        raise ValueError(f"{payment.reference} is not paid")
    provider = get_provider(payment.provider)
    return {
        "payCode": provider.customs_pay_code,
        "payName": provider.customs_pay_name,
        "payTransactionId": payment.provider_trade_no,
        "orderNo": payment.purpose_reference,
        "payerIdType": payment.payer_id_type or "1",
        "payerIdNumber": payment.payer_id_number,
        "payerName": payment.payer_name,
        "telephone": "",
        "amountPaid": wire.format_amount(payment.amount, payment.currency),
        "currency": CUSTOMS_CURRENCY.get(payment.currency, ""),
        "payTime": payment.paid_at.astimezone(wire.BEIJING).strftime("%Y%m%d%H%M%S"),
    }
