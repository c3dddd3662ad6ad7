"""The payment state machine, as services behave — real payments walked through services and
the sandbox gateway, never the table checked against itself:

* every status × every thing that can happen to a payment ends in the status the rules say
  (written out below), and what the machine has no move for is refused or ignored with the
  payment, its audit trail and the signals untouched;
* a move the machine lacks cannot be written even by a service with a bug;
* property: no sequence of events — notices of any status in any order (genuine, forged,
  mismatched, stale, replayed), gateway payments and declines, refunds, queries, expiry —
  reaches an illegal state or double-counts paid or refunded money.
"""
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
from heartland.payments.common import lock, transition
from heartland.payments.models import Payment, PaymentNotice, PaymentStatusChange, Refund
from heartland.payments.provider import ProviderError
from heartland.payments.sandbox_client import SandboxProvider
from heartland.sandbox_payments import gateway
from heartland.sandbox_payments.models import SandboxTrade

from .conftest import INTRUDER_KEY
from .helpers import NAME, OTHER_ID, VALID_ID, notice, open_trade, pay, start

pytestmark = pytest.mark.django_db

# --- every status × every event, through services -------------------------------------------------

def _payment_in(status, capture, monkeypatch):
    """A real payment brought to ``status`` the way the platform gets there."""
    if status == "created":  # the provider did not answer when the shopper was sent to it
        def down(self, **kwargs):
            raise ProviderError("gateway down")
        monkeypatch.setattr(SandboxProvider, "start", down)
        with pytest.raises(DomainError):
            start(key="stuck-in-created")
        monkeypatch.undo()
        return Payment.objects.get(idempotency_key="stuck-in-created")
    if status in states.PAID_STATES:
        payment = pay(capture)
        refunded = {"paid": None, "partially_refunded": "100.00", "refunded": "523.00"}[status]
        if refunded:
            with capture(execute=True):
                services.refund_payment(payment=payment, amount=Decimal(refunded), reason="setup",
                                        idempotency_key=f"{payment.reference}-setup")
        return Payment.objects.get(pk=payment.pk)
    begun = start()
    if status == "failed":
        with capture(execute=True):
            gateway.decline(token=open_trade(begun).cashier_token)
    elif status == "closed":
        with capture(execute=True):
            services.close_payment(payment=begun.payment, reason="order cancelled")
    return Payment.objects.get(pk=begun.payment.pk)


def _statement(payment, trade_status):
    trade_no = payment.provider_trade_no or f"SBX{payment.reference}"
    return lambda: services.receive_notice(provider_code="sandbox",
                                           params=notice(payment, status=trade_status, trade_no=trade_no)).outcome


def _refund(payment):
    def run():
        services.refund_payment(payment=payment, amount=Decimal("1.00"), reason="test", idempotency_key="one-more")
        return "refunded"
    return run


def _close(payment):
    def run():
        closed = services.close_payment(payment=payment, reason="order cancelled").status == states.CLOSED
        return "closed" if closed and payment.status in states.OPEN else "ignored"
    return run


EVENTS = {
    "paid_notice": lambda p: _statement(p, "TRADE_SUCCESS"),
    "waiting_notice": lambda p: _statement(p, "WAIT_BUYER_PAY"),
    "declined_notice": lambda p: _statement(p, "TRADE_FAILED"),
    "closed_notice": lambda p: _statement(p, "TRADE_CLOSED"),
    "refund": _refund,
    "close": _close,
}
#: Outcomes that leave the payment, its audit trail and the signals untouched.
UNTOUCHED = {"no_change", "conflict", "not_refundable", "ignored"}

#: What each event does to a payment in each status, as docs/payments.md states the rules:
#: (the status afterwards, the outcome or DomainError code). Written out, not read from the table.
UNPAID_FINAL_RULES = {"paid_notice": "conflict", "waiting_notice": "no_change", "declined_notice": "no_change",
                      "closed_notice": "no_change", "refund": "not_refundable", "close": "ignored"}
EXPECTED = {
    "created": {"paid_notice": ("paid", "applied"), "waiting_notice": ("pending", "applied"),
                "declined_notice": ("failed", "applied"), "closed_notice": ("closed", "applied"),
                "refund": ("created", "not_refundable"), "close": ("closed", "closed")},
    "pending": {"paid_notice": ("paid", "applied"), "waiting_notice": ("pending", "no_change"),
                "declined_notice": ("failed", "applied"), "closed_notice": ("closed", "applied"),
                "refund": ("pending", "not_refundable"), "close": ("closed", "closed")},
    "paid": {"paid_notice": ("paid", "no_change"), "waiting_notice": ("paid", "no_change"),
             "declined_notice": ("paid", "no_change"), "closed_notice": ("paid", "no_change"),
             "refund": ("partially_refunded", "refunded"), "close": ("paid", "ignored")},
    "partially_refunded": {"paid_notice": ("partially_refunded", "no_change"),
                           "waiting_notice": ("partially_refunded", "no_change"),
                           "declined_notice": ("partially_refunded", "no_change"),
                           "closed_notice": ("partially_refunded", "no_change"),
                           "refund": ("partially_refunded", "refunded"), "close": ("partially_refunded", "ignored")},
    "refunded": {"paid_notice": ("refunded", "no_change"), "waiting_notice": ("refunded", "no_change"),
                 "declined_notice": ("refunded", "no_change"), "closed_notice": ("refunded", "no_change"),
                 "refund": ("refunded", "not_refundable"), "close": ("refunded", "ignored")},
    "failed": {event: ("failed", outcome) for event, outcome in UNPAID_FINAL_RULES.items()},
    "closed": {event: ("closed", outcome) for event, outcome in UNPAID_FINAL_RULES.items()},
}
CASES = [(status, event) for status in EXPECTED for event in EVENTS]


@pytest.mark.parametrize(("status", "event"), CASES, ids=[f"{s}-{e}" for s, e in CASES])
def test_each_event_in_each_status_does_what_the_rules_say(status, event, django_capture_on_commit_callbacks,
                                                           monkeypatch, received):
    payment = _payment_in(status, django_capture_on_commit_callbacks, monkeypatch)
    assert payment.status == status
    trail = list(PaymentStatusChange.objects.filter(payment=payment).order_by("pk").values_list("pk", flat=True))
    before = Payment.objects.filter(pk=payment.pk).values().get()
    received.clear()
    expected_status, expected = EXPECTED[status][event]
    with django_capture_on_commit_callbacks(execute=True):
        try:
            got = EVENTS[event](payment)()
        except DomainError as exc:
            got = exc.code
    after = Payment.objects.get(pk=payment.pk)
    assert (after.status, got) == (expected_status, expected)
    new_rows = PaymentStatusChange.objects.filter(payment=payment).exclude(pk__in=trail).order_by("pk")
    if expected in UNTOUCHED:  # refused or ignored: nothing about the payment moved
        assert not new_rows.exists() and not received
        assert Payment.objects.filter(pk=payment.pk).values().get() == before
    elif expected_status == status:  # money went back, the status stays (partially refunded)
        assert not new_rows.exists() and received.names() == ["payment_refunded"]
    else:  # each change one audit row, each a move of the machine, from the status it was in
        moves = list(new_rows.values_list("from_status", "to_status"))
        assert moves[0][0] == status and moves[-1][1] == expected_status
        assert all(states.MACHINE.can(frm, to) for frm, to in moves)
        assert all(frm == prev_to for (_, prev_to), (frm, _) in zip(moves, moves[1:], strict=False))


def test_a_move_the_machine_lacks_is_refused_even_to_a_buggy_service(django_capture_on_commit_callbacks):
    payment = pay(django_capture_on_commit_callbacks)
    rows = PaymentStatusChange.objects.filter(payment=payment).count()
    with pytest.raises(RuntimeError, match="a payment that is paid cannot become failed"):
        with transaction.atomic():
            locked = lock(payment)
            transition(locked, to=states.FAILED, event="a bug")
            locked.save()
    assert Payment.objects.get(pk=payment.pk).status == "paid"
    assert PaymentStatusChange.objects.filter(payment=payment).count() == rows


# --- any sequence of events ------------------------------------------------------------------------

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
        assert frm == prev_to and states.MACHINE.can(frm, to), trail
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
