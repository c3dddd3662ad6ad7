"""Property: no sequence of events — notices of any status in any order (genuine, forged,
mismatched, stale, replayed), gateway payments and declines, refunds, queries, expiry —
reaches an illegal state or double-counts paid or refunded money."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from heartland.core.errors import DomainError
from heartland.payments import services, states
from heartland.payments.models import Payment, PaymentNotice, PaymentStatusChange, Refund
from heartland.sandbox_payments import gateway
from heartland.sandbox_payments.models import SandboxTrade

from .conftest import INTRUDER_KEY
from .helpers import NAME, OTHER_ID, VALID_ID, notice, open_trade, start

pytestmark = pytest.mark.django_db

STATUSES = ["WAIT_BUYER_PAY", "TRADE_SUCCESS", "TRADE_FINISHED", "TRADE_FAILED", "TRADE_CLOSED"]
VARIANTS = ["ok", "ok", "ok", "amount", "currency", "trade_no", "forged", "stale", "other_payer"]

events = st.lists(st.one_of(
    st.tuples(st.just("notice"), st.sampled_from(STATUSES), st.sampled_from(VARIANTS)),
    st.tuples(st.just("replay"), st.integers(0, 30)),
    st.just(("gateway_pay",)),
    st.just(("gateway_pay_other",)),
    st.just(("gateway_decline",)),
    st.tuples(st.just("refund"), st.sampled_from(["0.01", "100.00", "423.00", "523.00", "600.00"]),
              st.integers(0, 3)),
    st.just(("query",)),
    st.just(("expire",)),
), max_size=14)


def _notice_for(payment, trade, status, variant):
    kwargs = {"status": status, "trade_no": trade.trade_no}
    if variant == "amount":
        kwargs["amount"] = "522.99"
    elif variant == "currency":
        kwargs["currency"] = "HKD"
    elif variant == "trade_no":
        kwargs["trade_no"] = "SOMEONE-ELSES-TRADE"
    elif variant == "forged":
        kwargs["key"] = INTRUDER_KEY
    elif variant == "stale":
        kwargs["notify_time"] = timezone.now() - timedelta(days=1)
    elif variant == "other_payer":
        kwargs.update(name="李四", id_number=OTHER_ID)
    return notice(payment, **kwargs)


def _check(payment_pk, seen, received):
    p = Payment.objects.get(pk=payment_pk)
    assert p.status in states.ALL
    trail = list(PaymentStatusChange.objects.filter(payment_id=payment_pk).order_by("pk")
                 .values_list("from_status", "to_status"))
    assert trail[0] == ("", states.CREATED)
    for (_, prev_to), (frm, to) in zip(trail, trail[1:], strict=False):
        assert frm == prev_to and states.can_transition(frm, to), trail
    assert trail[-1][1] == p.status
    # money
    succeeded = sum((r.amount for r in Refund.objects.filter(payment_id=payment_pk, status="succeeded")), Decimal(0))
    assert p.refunded_amount == succeeded <= p.amount
    if p.status in states.PAID_STATES:
        assert p.status == states.status_after_refunds(amount=p.amount, refunded=p.refunded_amount)
        assert p.payer_name and p.payer_id_number and p.paid_at and p.provider_trade_no
    else:
        assert p.refunded_amount == 0
    trade = SandboxTrade.objects.get(out_trade_no=p.reference)
    assert trade.refunded_amount == p.refunded_amount  # neither side counts a refund twice
    # once decided, decided
    if seen and seen[-1] in states.PAID_STATES:
        assert p.status in states.PAID_STATES
    if seen and seen[-1] in states.UNPAID_FINAL:
        assert p.status == seen[-1]
    seen.append(p.status)
    # signals: one resolution at most, one per refund
    assert len(received.of("payment_succeeded")) + len(received.of("payment_failed")) <= 1
    if p.status in states.PAID_STATES and p.payer_matches_orderer is not False:
        assert len(received.of("payment_succeeded")) == 1
    if p.status in states.UNPAID_FINAL:
        assert len(received.of("payment_failed")) == 1 and not received.of("payment_succeeded")
    assert len(received.of("payment_refunded")) == Refund.objects.filter(payment_id=payment_pk,
                                                                          status="succeeded").count()
    accepted = list(PaymentNotice.objects.filter(channel="notify", accepted=True).values_list("notify_id", flat=True))
    assert len(accepted) == len(set(accepted))


@hsettings(max_examples=120, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(events)
def test_no_sequence_of_events_breaks_the_payment(django_capture_on_commit_callbacks, received, steps):
    with transaction.atomic():
        received.clear()
        begun = start(orderer=True)
        payment = begun.payment
        trade = open_trade(begun)
        sent = []
        seen = []
        _check(payment.pk, seen, received)
        for step in steps:
            with django_capture_on_commit_callbacks(execute=True):
                kind = step[0]
                try:
                    if kind == "notice":
                        params = _notice_for(payment, trade, step[1], step[2])
                        sent.append(params)
                        services.receive_notice(provider_code="sandbox", params=params)
                    elif kind == "replay" and sent:
                        services.receive_notice(provider_code="sandbox", params=sent[step[1] % len(sent)])
                    elif kind == "gateway_pay":
                        gateway.pay(token=trade.cashier_token, payer_name=NAME, payer_id_number=VALID_ID)
                    elif kind == "gateway_pay_other":  # someone else pays: the platform refunds
                        gateway.pay(token=trade.cashier_token, payer_name="李四", payer_id_number=OTHER_ID)
                    elif kind == "gateway_decline":
                        gateway.decline(token=trade.cashier_token)
                    elif kind == "refund":
                        services.refund_payment(payment=Payment.objects.get(pk=payment.pk), amount=Decimal(step[1]),
                                                reason="test", idempotency_key=f"{payment.reference}-k{step[2]}")
                    elif kind == "query":
                        services.sync_payment(payment=Payment.objects.get(pk=payment.pk))
                    elif kind == "expire":
                        past = timezone.now() - timedelta(hours=1)
                        SandboxTrade.objects.filter(pk=trade.pk).update(time_expire=past)
                        Payment.objects.filter(pk=payment.pk).update(expires_at=past - services.EXPIRY_GRACE)
                except (DomainError, gateway.GatewayError):
                    pass
            _check(payment.pk, seen, received)
        final = Payment.objects.get(pk=payment.pk)
        event(f"final status: {final.status}")
        event(f"refunds succeeded: {Refund.objects.filter(payment=final, status='succeeded').count()}")
        transaction.set_rollback(True)
