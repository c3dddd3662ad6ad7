"""Row locks at work: simultaneous duplicates and refunds, as real concurrent transactions on
both databases (PostgreSQL: row locks; SQLite: its write lock, taken at BEGIN IMMEDIATE)."""
import threading
from decimal import Decimal

import pytest
from django.db import connections

from heartland.core.errors import DomainError
from heartland.payments import services
from heartland.payments.models import Payment, PaymentNotice, Refund
from heartland.sandbox_payments import gateway

from .helpers import NAME, VALID_ID, notice, open_trade, start

pytestmark = [pytest.mark.django_db(transaction=True)]


def _race(n, fn):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(fn(i))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_the_same_notice_arriving_at_once_is_applied_once(received):
    payment = start().payment
    params = notice(payment)
    results, errors = _race(6, lambda i: services.receive_notice(provider_code="sandbox", params=params).outcome)
    assert not errors, errors
    assert sorted(results) == ["applied"] + ["duplicate"] * 5
    assert Payment.objects.get(pk=payment.pk).status == "paid"
    assert PaymentNotice.objects.filter(accepted=True).count() == 1
    assert received.names() == ["payment_succeeded"]


def test_simultaneous_refunds_never_exceed_the_payment(received):
    begun = start()
    trade = open_trade(begun)
    gateway.pay(token=trade.cashier_token, payer_name=NAME, payer_id_number=VALID_ID)  # commits: notice delivered
    payment = Payment.objects.get(pk=begun.payment.pk)
    assert payment.status == "paid"

    def refund(i):
        try:
            return services.refund_payment(payment=payment, amount=Decimal("200.00"), reason="race",
                                           idempotency_key=f"race-{i}").status
        except DomainError as exc:
            return exc.code

    results, errors = _race(5, refund)
    assert not errors, errors
    assert sorted(results) == ["over_refund"] * 3 + ["succeeded"] * 2
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("400.00") and payment.status == "partially_refunded"
    assert Refund.objects.filter(status="succeeded").count() == 2
    assert received.names().count("payment_refunded") == 2
