"""Notice handling: forgeries, mismatches, duplicates, order, replay, faults."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from heartland.core.crypto import encrypt
from heartland.payments import selectors, services
from heartland.payments.common import provider_for
from heartland.payments.models import Payment, PaymentNotice, PaymentStatusChange, Refund
from heartland.sandbox_payments import gateway, notices
from heartland.sandbox_payments.models import SandboxTrade

from .conftest import INTRUDER_KEY
from .helpers import NAME, OTHER_ID, VALID_ID, notice, open_trade, start

pytestmark = pytest.mark.django_db
NOTIFY = "/pay/notify/sandbox/"


@pytest.fixture
def pending():
    return start(orderer=True).payment


def post(client, params):
    return client.post(NOTIFY, params)


def _unchanged(payment):
    fresh = Payment.objects.get(pk=payment.pk)
    assert fresh.status == "pending" and not fresh.payer_name and not fresh.provider_trade_no
    assert PaymentStatusChange.objects.filter(payment=payment).count() == 2  # created, pending
    return fresh


def test_a_good_notice_over_http_is_acknowledged_with_plain_success(client, pending, received,
                                                                   django_capture_on_commit_callbacks):
    assert reverse("payments:notify", args=["sandbox"]) == NOTIFY
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, notice(pending))
    assert response.status_code == 200 and response.content == b"success"
    assert response["Content-Type"].startswith("text/plain")
    assert Payment.objects.get(pk=pending.pk).status == "paid"
    assert received.names() == ["payment_succeeded"]


@pytest.mark.parametrize("forge, outcome", [
    (lambda p: notice(p, key=INTRUDER_KEY), "bad_signature"),
    (lambda p: {k: v for k, v in notice(p).items() if k != "sign"}, "bad_signature"),
    (lambda p: {**notice(p), "total_amount": "0.01"}, "bad_signature"),  # tampered after signing
    (lambda p: {**notice(p), "sign_type": "RSA"}, "bad_signature"),
    (lambda p: notice(p, amount="5.23"), "amount_mismatch"),
    (lambda p: notice(p, amount="523.001"), "amount_mismatch"),
    (lambda p: notice(p, amount="-523.00"), "amount_mismatch"),
    (lambda p: notice(p, currency="USD"), "currency_mismatch"),
    (lambda p: notice(p, out_trade_no="PAY20990101NOSUCHREF"), "unknown_payment"),
    (lambda p: notice(p, app_id="someone-else"), "malformed"),
    (lambda p: notice(p, status="TRADE_WHATEVER"), "malformed"),
    (lambda p: notice(p, drop=["payer_cert_no"]), "malformed"),
    (lambda p: notice(p, id_number="110105194912310021"), "malformed"),  # bad check digit
    (lambda p: notice(p, notify_time=timezone.now() - timedelta(hours=2)), "stale"),
    (lambda p: notice(p, notify_time=timezone.now() + timedelta(hours=1)), "stale"),
])
def test_forged_or_mismatched_notices_are_refused_and_change_nothing(client, pending, received, forge, outcome,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, forge(pending))
    assert response.status_code == 400 and response.content == b"fail"
    _unchanged(pending)
    recorded = PaymentNotice.objects.get()
    assert recorded.outcome == outcome and not recorded.accepted
    assert recorded.signature_valid == (outcome != "bad_signature")
    assert VALID_ID not in str(recorded.params)
    assert received == []


def test_an_empty_post_is_refused_and_recorded(client):
    assert post(client, {}).status_code == 400
    assert PaymentNotice.objects.get().outcome == "bad_signature"
    assert client.get(NOTIFY).status_code == 405
    assert client.post("/pay/notify/paypal/", {}).status_code == 404


def test_the_payer_id_is_never_logged_in_clear(client, pending, caplog, django_capture_on_commit_callbacks):
    caplog.set_level("DEBUG")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, notice(pending, amount="1.00"))
        post(client, notice(pending, key=INTRUDER_KEY))
        post(client, notice(pending))
    assert caplog.records and VALID_ID not in caplog.text


def test_the_same_notice_twice_changes_the_payment_once(client, pending, received,
                                                        django_capture_on_commit_callbacks):
    params = notice(pending)
    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, params)
        second = post(client, params)
    assert first.content == second.content == b"success"
    assert received.names() == ["payment_succeeded"]
    assert list(PaymentNotice.objects.values_list("outcome", "accepted")) == [("applied", True),
                                                                              ("duplicate", False)]
    assert PaymentStatusChange.objects.filter(payment=pending, to_status="paid").count() == 1


def test_out_of_order_notices_after_success_change_nothing(client, pending, received,
                                                           django_capture_on_commit_callbacks):
    trade_no = f"SBX{pending.reference}"
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, notice(pending, trade_no=trade_no)).status_code == 200
        for status in ("TRADE_CLOSED", "WAIT_BUYER_PAY", "TRADE_FAILED", "TRADE_FINISHED"):
            assert post(client, notice(pending, status=status, trade_no=trade_no)).status_code == 200
    payment = Payment.objects.get(pk=pending.pk)
    assert payment.status == "paid"
    assert received.names() == ["payment_succeeded"]
    assert list(PaymentNotice.objects.values_list("outcome", flat=True)) == ["applied"] + ["no_change"] * 4


def test_a_waiting_notice_then_success(client, pending, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, notice(pending, status="WAIT_BUYER_PAY"))
        post(client, notice(pending))
    assert Payment.objects.get(pk=pending.pk).status == "paid"
    assert received.names() == ["payment_succeeded"]


def test_success_after_a_close_is_a_conflict_for_an_operator(client, pending, received, caplog,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, notice(pending, status="TRADE_CLOSED"))
        response = post(client, notice(pending))
    assert response.status_code == 200  # taken (so the gateway stops), not applied
    assert Payment.objects.get(pk=pending.pk).status == "closed"
    assert PaymentNotice.objects.last().outcome == "conflict"
    assert "operator must refund" in caplog.text
    assert received.names() == ["payment_failed"]


def test_a_different_trade_number_for_a_paid_payment_is_refused(client, pending,
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, notice(pending, trade_no="T1"))
        response = post(client, notice(pending, trade_no="T2", status="TRADE_CLOSED"))
    assert response.status_code == 400
    assert PaymentNotice.objects.last().outcome == "trade_no_mismatch"


def test_a_replayed_old_notice_is_refused(client, pending, settings, django_capture_on_commit_callbacks):
    old = notice(pending, notify_time=timezone.now() - timedelta(minutes=30))
    settings.HEARTLAND_PAYMENT_NOTICE_MAX_AGE = 600  # a 10-minute window
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, old).status_code == 400
    _unchanged(pending)
    settings.HEARTLAND_PAYMENT_NOTICE_MAX_AGE = 3600
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, old).status_code == 200  # inside the window it is fine


def test_a_replayed_accepted_notice_is_a_duplicate_even_after_later_changes(client, received,
                                                                            django_capture_on_commit_callbacks):
    payment = start().payment
    waiting = notice(payment, status="WAIT_BUYER_PAY")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, waiting)
        post(client, notice(payment, status="TRADE_FAILED"))
        assert post(client, waiting).content == b"success"
    assert Payment.objects.get(pk=payment.pk).status == "failed"
    assert PaymentNotice.objects.last().outcome == "duplicate"
    assert received.names() == ["payment_failed"]


def test_fault_after_recording_rolls_back_whole_and_the_retry_succeeds_once(pending, monkeypatch, received,
                                                                            django_capture_on_commit_callbacks):
    params = notice(pending)

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_apply_update", boom)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        services.receive_notice(provider_code="sandbox", params=params)
    assert not PaymentNotice.objects.exists()  # the record went with the rest
    _unchanged(pending)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.receive_notice(provider_code="sandbox", params=params)
        again = services.receive_notice(provider_code="sandbox", params=params)
    assert (first.outcome, again.outcome) == ("applied", "duplicate")
    assert Payment.objects.get(pk=pending.pk).status == "paid"
    assert received.names() == ["payment_succeeded"]


def test_fault_inside_the_view_answers_500_so_the_gateway_retries(client, pending, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "_apply_update", lambda *a, **k: 1 / 0)
    client.raise_request_exception = False
    params = notice(pending)
    assert post(client, params).status_code == 500
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, params).content == b"success"
    assert Payment.objects.get(pk=pending.pk).status == "paid"


def test_the_gateway_task_survives_a_failing_platform_and_delivers_later(pending, monkeypatch, received,
                                                                         django_capture_on_commit_callbacks):
    trade = open_trade(services._start(pending, provider_for("sandbox"), by=None))
    real = services._apply_update
    monkeypatch.setattr(services, "_apply_update", lambda *a, **k: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        gateway.pay(token=trade.cashier_token, payer_name=NAME, payer_id_number=VALID_ID)
    _unchanged(pending)
    assert SandboxTrade.objects.get(pk=trade.pk).notice_acknowledged_at is None
    monkeypatch.setattr(services, "_apply_update", real)
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.deliver_notice(trade.pk)  # Huey's retry
        assert notices.deliver_notice(trade.pk)  # and once more: nothing left to send
    assert Payment.objects.get(pk=pending.pk).status == "paid"
    assert received.names() == ["payment_succeeded"]
    assert SandboxTrade.objects.get(pk=trade.pk).notice_attempts == 2


def test_paid_by_someone_other_than_the_orderer_is_refunded_in_full(pending, received,
                                                                    django_capture_on_commit_callbacks):
    """A provider that does not enforce orderer = payer: the platform does."""
    trade = open_trade(services._start(pending, provider_for("sandbox"), by=None))
    SandboxTrade.objects.filter(pk=trade.pk).update(
        status="TRADE_SUCCESS", payer_name="李四", payer_id_number_encrypted=encrypt(OTHER_ID),
        gmt_payment=timezone.now(), notify_id="mismatch-1")
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.deliver_notice(trade.pk)
    payment = Payment.objects.get(pk=pending.pk)
    assert payment.payer_matches_orderer is False
    assert payment.status == "refunded" and payment.refunded_amount == payment.amount
    assert received.names() == ["payment_failed", "payment_refunded"]
    assert received.of("payment_failed")[0]["reason"] == "payer_not_orderer"
    assert Refund.objects.get(payment=payment).status == "succeeded"
    assert SandboxTrade.objects.get(pk=trade.pk).refunded_amount == payment.amount


def test_a_payment_without_an_orderer_takes_any_valid_payer(client, received, django_capture_on_commit_callbacks):
    payment = start(orderer=False).payment
    with django_capture_on_commit_callbacks(execute=True):
        post(client, notice(payment, name="李四", id_number=OTHER_ID))
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.payer_matches_orderer is None
    assert payment.payer_id_number == OTHER_ID
    assert received.names() == ["payment_succeeded"]


def test_junk_posted_to_the_notify_url_is_recorded_capped(client):
    junk = {f"k{i}": "x" * 10_000 for i in range(200)}
    assert post(client, junk).status_code == 400
    stored = PaymentNotice.objects.get().params
    assert len(stored) == 60 and max(len(v) for v in stored.values()) == 2000


def test_a_payment_stuck_in_created_is_picked_up_by_the_periodic_job(django_capture_on_commit_callbacks):
    payment = start().payment
    Payment.objects.filter(pk=payment.pk).update(
        status="created", created_at=timezone.now() - timedelta(hours=2), expires_at=timezone.now() - timedelta(hours=1))
    assert [p.pk for p in selectors.payments_to_query(now=timezone.now(), older_than=timedelta(minutes=5))] == [payment.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.sync_stale_payments()
    assert Payment.objects.get(pk=payment.pk).status == "closed"


def test_customs_fields_only_for_paid_payments(pending):
    with pytest.raises(ValueError):
        selectors.customs_payment_fields(pending)


def test_a_notice_full_of_nul_characters_is_refused_without_a_server_error_on_both_databases(client):
    """Anyone can POST to the notify URL, and PostgreSQL refuses NUL in text and JSON. Over HTTP such a
    request is refused at the door (400); a notice delivered in-process (no middleware) is recorded
    stripped of NUL and refused — never a server error."""
    params = {"\x00": "", "notify_id": "n\x00id", "trade_status": "TRADE\x00SUCCESS", "sign": "\x00"}
    assert client.post(reverse("payments:notify", args=["sandbox"]), params).status_code == 400
    assert not PaymentNotice.objects.exists()
    receipt = services.receive_notice(provider_code="sandbox", params=params, source="in-process")
    assert receipt.outcome == "bad_signature"
    kept = PaymentNotice.objects.get()
    assert kept.notify_id == "nid" and "\x00" not in str(kept.params) and kept.signature_valid is False
