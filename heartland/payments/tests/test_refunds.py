from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from heartland.core.errors import DomainError
from heartland.payments import services
from heartland.payments.models import Payment, PaymentStatusChange, Refund
from heartland.payments.provider import ProviderError
from heartland.payments.sandbox_client import SandboxProvider
from heartland.sandbox_payments.models import SandboxRefund, SandboxTrade

from .helpers import pay, start

pytestmark = pytest.mark.django_db


def refund(payment, amount, key, reason="damaged in transit", **kw):
    return services.refund_payment(payment=payment, amount=Decimal(amount), reason=reason, idempotency_key=key, **kw)


def test_full_refund(django_capture_on_commit_callbacks, received, admin_user):
    payment = pay(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        r = refund(payment, "523.00", "r-1", by=admin_user)
    payment.refresh_from_db()
    assert r.status == "succeeded" and r.provider_refund_no and r.reference.startswith("RFD")
    assert payment.status == "refunded" and payment.refunded_amount == Decimal("523.00")
    assert payment.refundable_amount == 0
    assert received.names() == ["payment_succeeded", "payment_refunded"]
    assert received.of("payment_refunded")[0]["refund"].pk == r.pk
    change = PaymentStatusChange.objects.get(payment=payment, to_status="refunded")
    assert (change.from_status, change.by, change.reason) == ("paid", admin_user, "damaged in transit")
    assert SandboxTrade.objects.get(out_trade_no=payment.reference).refunded_amount == Decimal("523.00")


def test_partial_refunds_then_the_rest(django_capture_on_commit_callbacks, received):
    payment = pay(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        refund(payment, "100.00", "r-1")
        assert Payment.objects.get(pk=payment.pk).status == "partially_refunded"
        refund(payment, "23.00", "r-2")
        assert Payment.objects.get(pk=payment.pk).status == "partially_refunded"
        with pytest.raises(DomainError) as exc:
            refund(payment, "400.01", "r-3")
        assert exc.value.code == "over_refund" and "400.00" in exc.value.message
        refund(payment, "400.00", "r-4")
    payment.refresh_from_db()
    assert payment.status == "refunded" and payment.refunded_amount == payment.amount
    assert received.names() == ["payment_succeeded"] + ["payment_refunded"] * 3
    trail = list(PaymentStatusChange.objects.filter(payment=payment).values_list("to_status", flat=True))
    assert trail == ["created", "pending", "paid", "partially_refunded", "refunded"]
    assert not Refund.objects.filter(idempotency_key="r-3").exists()
    with pytest.raises(DomainError) as exc:
        refund(payment, "0.01", "r-5")
    assert exc.value.code == "not_refundable"


def test_the_same_key_refunds_once(django_capture_on_commit_callbacks, received):
    payment = pay(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        first = refund(payment, "50.00", "once")
        second = refund(payment, "50.00", "once")
    assert first.pk == second.pk and Refund.objects.count() == 1
    assert SandboxRefund.objects.count() == 1
    assert Payment.objects.get(pk=payment.pk).refunded_amount == Decimal("50.00")
    assert received.names().count("payment_refunded") == 1
    with pytest.raises(DomainError) as exc:
        refund(payment, "60.00", "once")
    assert exc.value.code == "idempotency_conflict"


@pytest.mark.parametrize("amount, code", [("0", "bad_amount"), ("-1", "bad_amount"), ("1.001", "bad_amount"),
                                          (1.5, "bad_amount")])
def test_bad_refund_amounts(django_capture_on_commit_callbacks, amount, code):
    payment = pay(django_capture_on_commit_callbacks)
    with pytest.raises(DomainError) as exc:
        services.refund_payment(payment=payment, amount=amount, reason="x", idempotency_key="k")
    assert exc.value.code == code
    with pytest.raises(DomainError) as exc:
        services.refund_payment(payment=payment, amount=Decimal(1), reason=" ", idempotency_key="k")
    assert exc.value.code == "reason_required"


def test_an_unpaid_payment_cannot_be_refunded():
    payment = start().payment
    with pytest.raises(DomainError) as exc:
        refund(payment, "1.00", "k")
    assert exc.value.code == "not_refundable"


def test_a_refund_the_provider_never_answered_is_held_and_retried(django_capture_on_commit_callbacks, monkeypatch,
                                                                  received):
    payment = pay(django_capture_on_commit_callbacks)
    real = SandboxProvider.refund

    def down(self, **kwargs):
        raise ProviderError("timeout")

    monkeypatch.setattr(SandboxProvider, "refund", down)
    with pytest.raises(DomainError) as exc:
        refund(payment, "500.00", "slow")
    assert exc.value.code == "refund_pending"
    held = Refund.objects.get(idempotency_key="slow")
    assert held.status == "pending" and held.attempts == 1
    with pytest.raises(DomainError) as exc:  # the held amount is not available twice
        refund(payment, "23.01", "other")
    assert exc.value.code == "over_refund"
    monkeypatch.setattr(SandboxProvider, "refund", real)
    Refund.objects.filter(pk=held.pk).update(created_at=held.created_at.replace(year=2000))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sync_stale_payments()["refunds_retried"] == 1
        again = refund(payment, "500.00", "slow")  # the caller's own retry finds it done
    assert again.status == "succeeded" and again.attempts == 2
    assert Payment.objects.get(pk=payment.pk).status == "partially_refunded"
    assert received.names().count("payment_refunded") == 1


def test_a_refund_the_gateway_refuses_is_recorded_as_failed(django_capture_on_commit_callbacks):
    payment = pay(django_capture_on_commit_callbacks)
    SandboxTrade.objects.filter(out_trade_no=payment.reference).update(refunded_amount=Decimal("500.00"))
    r = refund(payment, "100.00", "k")  # the gateway thinks only 23.00 is left
    assert r.status == "failed" and "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL" in r.failure_reason
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.refunded_amount == 0


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("600.00"), places=2, allow_nan=False,
                      allow_infinity=False)


@hsettings(max_examples=25, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(amounts, min_size=1, max_size=6))
def test_refunds_never_exceed_paid_minus_refunded(django_capture_on_commit_callbacks, received, requests):
    with transaction.atomic():
        payment = pay(django_capture_on_commit_callbacks)
        received.clear()
        left = payment.amount
        for i, amount in enumerate(requests):
            with django_capture_on_commit_callbacks(execute=True):
                if amount <= left:
                    assert refund(payment, amount, f"p-{i}").status == "succeeded"
                    left -= amount
                else:
                    with pytest.raises(DomainError) as exc:
                        refund(payment, amount, f"p-{i}")
                    assert exc.value.code in ("over_refund", "not_refundable")
            fresh = Payment.objects.get(pk=payment.pk)
            done = sum(r.amount for r in Refund.objects.filter(payment=payment, status="succeeded"))
            assert fresh.refunded_amount == done == payment.amount - left <= payment.amount
            assert fresh.status == ("paid" if left == payment.amount else "refunded" if left == 0
                                    else "partially_refunded")
            assert SandboxTrade.objects.get(out_trade_no=payment.reference).refunded_amount == done
        assert len(received.of("payment_refunded")) == Refund.objects.filter(payment=payment).count()
        transaction.set_rollback(True)
