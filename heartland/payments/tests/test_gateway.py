"""The sandbox gateway's API (query, refund, close) and the HTTP transports."""
import json
from datetime import timedelta
from urllib.parse import parse_qsl

import pytest
from django.urls import reverse
from django.utils import timezone

from heartland.core.errors import DomainError
from heartland.payments import services, signing, wire
from heartland.payments.models import Payment, PaymentNotice
from heartland.payments.sandbox_client import QUERY, SandboxProvider, common_params
from heartland.sandbox_payments import gateway

from .conftest import GATEWAY_KEY, INTRUDER_KEY, PLATFORM_KEY
from .helpers import NAME, VALID_ID, open_trade, pay, start

pytestmark = pytest.mark.django_db
API = "/pay/sandbox/gateway/"


def _api_params(method, biz, key=PLATFORM_KEY, **extra):
    return signing.signed({**common_params(method), "biz_content": json.dumps(biz), **extra}, key)


def _verified(envelope):
    assert signing.verify({**envelope["response"], "sign": envelope["sign"]}, GATEWAY_KEY.public_key())
    return envelope["response"]


def test_query_over_the_gateway_view_is_signed_both_ways(client):
    begun = start()
    trade = open_trade(begun)
    response = client.post(API, _api_params(QUERY, {"out_trade_no": begun.payment.reference}))
    body = _verified(response.json())
    assert (body["code"], body["trade_status"], body["trade_no"]) == ("10000", "WAIT_BUYER_PAY", trade.trade_no)
    unknown = _verified(client.post(API, _api_params(QUERY, {"out_trade_no": "NOPE"})).json())
    assert unknown["sub_code"] == "ACQ.TRADE_NOT_EXIST"


@pytest.mark.parametrize("params", [
    lambda ref: _api_params(QUERY, {"out_trade_no": ref}, key=INTRUDER_KEY),
    lambda ref: {**_api_params(QUERY, {"out_trade_no": ref}), "biz_content": json.dumps({"out_trade_no": "X"})},
    lambda ref: _api_params(QUERY, {"out_trade_no": ref}, app_id="other-app"),
    lambda ref: _api_params(QUERY, {"out_trade_no": ref},
                            timestamp=wire.format_time(timezone.now() - timedelta(hours=1))),
    lambda ref: _api_params("alipay.trade.pay", {"out_trade_no": ref}),
])
def test_the_gateway_refuses_unsigned_stale_or_foreign_requests(client, params):
    begun = start()
    open_trade(begun)
    body = _verified(client.post(API, params(begun.payment.reference)).json())
    assert body["code"] == "40002"


def test_a_forged_gateway_answer_is_not_believed(monkeypatch, django_capture_on_commit_callbacks):
    begun = start()
    open_trade(begun)

    def forged(params):
        response = {"code": "10000", "msg": "Success", "out_trade_no": begun.payment.reference,
                    "trade_status": "TRADE_SUCCESS", "trade_no": "T", "total_amount": "523.00", "currency": "CNY",
                    "payer_name": NAME, "payer_cert_no": VALID_ID, "send_pay_date": wire.format_time(timezone.now())}
        return {"response": response, "sign": signing.sign(response, INTRUDER_KEY), "sign_type": "RSA2"}

    monkeypatch.setattr(gateway, "handle_api", forged)
    with pytest.raises(DomainError) as exc:
        services.sync_payment(payment=begun.payment)
    assert exc.value.code == "provider_error"
    assert Payment.objects.get(pk=begun.payment.pk).status == "pending"
    recorded = PaymentNotice.objects.get(channel="query")
    assert (recorded.signature_valid, recorded.outcome) == (False, "bad_signature")


def test_a_query_answer_that_disagrees_with_the_payment_is_refused(django_capture_on_commit_callbacks):
    begun = start()
    trade = open_trade(begun)
    with django_capture_on_commit_callbacks(execute=True):
        gateway.pay(token=trade.cashier_token, payer_name=NAME, payer_id_number=VALID_ID)
    Payment.objects.filter(pk=begun.payment.pk).update(amount="600.00", status="pending")
    services.sync_payment(payment=Payment.objects.get(pk=begun.payment.pk))
    assert PaymentNotice.objects.filter(channel="query").last().outcome == "amount_mismatch"


def test_gateway_url_setting_sends_the_shopper_and_api_calls_there(settings, monkeypatch, client,
                                                                   django_capture_on_commit_callbacks):
    settings.HEARTLAND_SANDBOX_GATEWAY_URL = "https://sandbox.example/gateway.do"
    begun = start()
    assert begun.action.url.startswith("https://sandbox.example/gateway.do?")
    calls = []

    class FakeResponse:
        def __init__(self, body):
            self.body = body

        def read(self, n):
            return self.body

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

    def fake_urlopen(request, timeout):
        calls.append((request.full_url, timeout))
        params = dict(parse_qsl(request.data.decode()))
        return FakeResponse(client.post(API, params).content)

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    client.get(begun.action.url.replace("https://sandbox.example/gateway.do", API))
    payment = services.sync_payment(payment=begun.payment)
    assert calls == [("https://sandbox.example/gateway.do", 10)]
    assert payment.last_queried_at and payment.status == "pending"


def test_gateway_unreachable_is_a_domain_error_not_a_crash(settings):
    settings.HEARTLAND_SANDBOX_GATEWAY_URL = "http://127.0.0.1:9/gateway.do"
    settings.HEARTLAND_PAYMENT_HTTP_TIMEOUT = 1
    begun = start()
    with pytest.raises(DomainError) as exc:
        services.sync_payment(payment=begun.payment)
    assert exc.value.code == "provider_unavailable"


def test_close_then_pay_is_refused_and_close_of_a_paid_trade_says_so(django_capture_on_commit_callbacks):
    begun = start()
    trade = open_trade(begun)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_payment(payment=begun.payment, reason="order cancelled")
    assert Payment.objects.get(pk=begun.payment.pk).status == "closed"
    with pytest.raises(gateway.GatewayError):
        gateway.pay(token=trade.cashier_token, payer_name=NAME, payer_id_number=VALID_ID)
    paid = pay(django_capture_on_commit_callbacks)
    assert SandboxProvider().close(payment=paid).already_paid


@pytest.mark.django_db(transaction=True)
def test_real_http_both_ways_through_a_live_server(live_server, settings, client, received):
    """Notices POSTed with urllib to the notify view; query and refund POSTed to the gateway view."""
    settings.HEARTLAND_SANDBOX_NOTIFY_URL = live_server.url + reverse("payments:notify", args=["sandbox"])
    settings.HEARTLAND_SANDBOX_GATEWAY_URL = live_server.url + reverse("sandbox_payments:gateway")
    begun = start()
    cashier = client.get(begun.action.url.replace(live_server.url, ""))["Location"]
    response = client.post(cashier, {"action": "pay", "payer_name": NAME, "payer_id_number": VALID_ID})
    assert response.status_code == 302
    payment = Payment.objects.get(pk=begun.payment.pk)
    assert payment.status == "paid"
    assert PaymentNotice.objects.get(payment=payment, channel="notify").source == "http"
    refund = services.refund_payment(payment=payment, amount=payment.amount, reason="test", idempotency_key="live")
    assert refund.status == "succeeded"
    assert services.sync_payment(payment=payment).status == "refunded"
    assert received.names() == ["payment_succeeded", "payment_refunded"]
