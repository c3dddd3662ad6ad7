"""The whole sandbox flow through the real views: create → gateway → cashier → notice."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from heartland.core.errors import DomainError
from heartland.payments import selectors, services, tasks
from heartland.payments.models import Payment, PaymentNotice, PaymentStatusChange
from heartland.sandbox_payments import gateway, notices
from heartland.sandbox_payments import tasks as sandbox_tasks
from heartland.sandbox_payments.models import SandboxTrade, SandboxTradeStatus

from .helpers import NAME, OTHER_ID, VALID_ID, query_params, start

pytestmark = pytest.mark.django_db
EN = {}  # /pay/ is outside i18n_patterns: shopper pages are in 简体中文


def _all_payment_rows_text() -> str:
    """Every row of every payments table, as the database stores it."""
    out = []
    with connection.cursor() as cursor:
        for table in ("payments_payment", "payments_paymentnotice", "payments_paymentstatuschange",
                      "payments_sandboxtrade", "payments_refund"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed names)
            out.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(out)


def _to_cashier(client, begun):
    response = client.get(begun.action.url, **EN)
    assert response.status_code == 302
    assert response["Location"].startswith("/pay/sandbox/cashier/")
    return response["Location"]


def test_pay_as_a_named_payer_end_to_end(client, django_capture_on_commit_callbacks, received, admin_client):
    begun = start(amount="523.00", orderer=True, subject="Heartland ORD · 牛肉干")
    assert begun.action.kind == "redirect" and begun.payment.status == "pending"
    assert VALID_ID not in begun.action.url  # the orderer's ID travels encrypted for the gateway
    cashier = _to_cashier(client, begun)

    page = client.get(cashier, **EN)
    html = page.content.decode()
    assert page.status_code == 200 and "523.00" in html and "CNY" in html
    assert "1101**********002X" in html and VALID_ID not in html  # the orderer, masked
    assert 'name="csrfmiddlewaretoken"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cashier, {"action": "pay", "payer_name": NAME, "payer_id_number": VALID_ID.lower()}, **EN)
    assert response.status_code == 302
    back = response["Location"]
    assert back.startswith(reverse("payments:return", args=[begun.payment.reference]) + "?")
    assert "sign" in query_params(back)

    payment = Payment.objects.get(pk=begun.payment.pk)
    assert payment.status == "paid" and payment.paid_at and payment.provider_trade_no
    assert payment.payer_name == NAME and payment.payer_id_number == VALID_ID and payment.payer_id_type == "1"
    assert payment.payer_matches_orderer is True
    assert payment.payer_id_number_encrypted and VALID_ID not in payment.payer_id_number_encrypted
    assert VALID_ID not in _all_payment_rows_text()  # not in clear anywhere: payments, notices, gateway
    assert "1101**********002X" in str(payment) and VALID_ID not in str(payment)
    assert received.names() == ["payment_succeeded"]
    assert received.of("payment_succeeded")[0]["payment"].pk == payment.pk

    trail = list(PaymentStatusChange.objects.filter(payment=payment).values_list("from_status", "to_status"))
    assert trail == [("", "created"), ("created", "pending"), ("pending", "paid")]
    notice = PaymentNotice.objects.get(payment=payment)
    assert (notice.signature_valid, notice.accepted, notice.outcome, notice.source) == (True, True, "applied",
                                                                                        "in_process")
    assert notice.params["payer_cert_no"] == "1101**********002X"

    landing = client.get(back, **EN)
    assert landing.status_code == 200 and "支付成功" in landing.content.decode()

    admin_page = admin_client.get(reverse("admin:payments_payment_change", args=[payment.pk]))
    assert admin_page.status_code == 200
    assert "1101**********002X" in admin_page.content.decode() and VALID_ID not in admin_page.content.decode()
    admin_list = admin_client.get(reverse("admin:payments_payment_changelist"))
    assert "1101**********002X" in admin_list.content.decode() and VALID_ID not in admin_list.content.decode()
    trade_page = admin_client.get(reverse("admin:sandbox_payments_sandboxtrade_change",
                                          args=[SandboxTrade.objects.get(out_trade_no=payment.reference).pk]))
    assert "1101**********002X" in trade_page.content.decode() and VALID_ID not in trade_page.content.decode()

    customs = selectors.customs_payment_fields(payment)
    assert customs["payTransactionId"] == payment.provider_trade_no and customs["orderNo"] == payment.purpose_reference
    assert (customs["payerIdType"], customs["payerIdNumber"], customs["payerName"]) == ("1", VALID_ID, NAME)
    assert (customs["amountPaid"], customs["currency"]) == ("523.00", "142") and len(customs["payTime"]) == 14

    # The notice task running again changes nothing.
    trade = SandboxTrade.objects.get(out_trade_no=payment.reference)
    with django_capture_on_commit_callbacks(execute=True):
        sandbox_tasks.deliver_sandbox_notice.call_local(trade.pk)
        SandboxTrade.objects.filter(pk=trade.pk).update(notice_acknowledged_at=None)
        sandbox_tasks.deliver_sandbox_notice.call_local(trade.pk)
    assert received.names() == ["payment_succeeded"]
    assert PaymentNotice.objects.filter(payment=payment, outcome="duplicate").count() == 1
    assert Payment.objects.get(pk=payment.pk).status == "paid"


def test_the_cashier_speaks_chinese_by_default_and_validates_the_id(client):
    begun = start(orderer=True)
    cashier = client.get(begun.action.url)["Location"]
    page = client.get(cashier).content.decode()
    assert "确认付款" in page and "身份证号" in page
    response = client.post(cashier, {"action": "pay", "payer_name": NAME, "payer_id_number": "110105194912310021"})
    assert response.status_code == 400 and "身份证号" in response.content.decode()
    assert SandboxTrade.objects.get(out_trade_no=begun.payment.reference).status == "WAIT_BUYER_PAY"


def test_a_payment_that_names_no_orderer_asks_only_for_the_payers_name(client, received,
                                                                         django_capture_on_commit_callbacks):
    """Outside the mainland (HK, JP, KR, SG orders) no resident ID is involved: the cashier needs
    only a name, and the platform records a payer without an ID number."""
    begun = start(orderer=False, currency="HKD", amount="269.80")
    cashier = client.get(begun.action.url)["Location"]
    page = client.get(cashier).content.decode()
    assert "确认付款" in page and "他人代付" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cashier, {"action": "pay", "payer_name": "Chan Tai Man"})
    assert response.status_code == 302
    payment = Payment.objects.get(pk=begun.payment.pk)
    assert (payment.status, payment.payer_name, payment.payer_id_number) == ("paid", "Chan Tai Man", "")
    assert payment.payer_matches_orderer is None and received.names() == ["payment_succeeded"]


def test_someone_else_paying_at_the_cashier_is_refunded_by_the_platform(client, received,
                                                                        django_capture_on_commit_callbacks):
    """Like a real wallet the gateway takes anyone's money; the platform enforces orderer = payer."""
    begun = start(orderer=True)
    cashier = client.get(begun.action.url)["Location"]
    assert "他人代付的款项将自动原路退回" in client.get(cashier).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cashier, {"action": "pay", "payer_name": "李四", "payer_id_number": OTHER_ID})
    assert response.status_code == 302
    payment = Payment.objects.get(pk=begun.payment.pk)
    assert payment.status == "refunded" and payment.payer_matches_orderer is False
    assert received.names() == ["payment_failed", "payment_refunded"]
    assert received.of("payment_failed")[0]["reason"] == "payer_not_orderer"
    trail = list(PaymentStatusChange.objects.filter(payment=payment).values_list("to_status", flat=True))
    assert trail == ["created", "pending", "paid", "refunded"]
    assert OTHER_ID not in _all_payment_rows_text()


def test_cashier_form_keeps_csrf_protection_and_the_notify_endpoint_does_not_need_it():
    csrf_client = Client(enforce_csrf_checks=True)
    begun = start()
    cashier = csrf_client.get(begun.action.url)["Location"]
    assert csrf_client.post(cashier, {"action": "pay", "payer_name": NAME, "payer_id_number": VALID_ID}).status_code == 403
    response = csrf_client.post(reverse("payments:notify", args=["sandbox"]), {"notify_id": "x"})
    assert response.status_code == 400 and response.content == b"fail"  # refused by signature, not by CSRF


def test_decline_fails_the_payment(client, django_capture_on_commit_callbacks, received):
    begun = start()
    cashier = client.get(begun.action.url)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cashier, {"action": "decline"}, **EN)
    assert response.status_code == 200 and "支付被拒绝" in response.content.decode()
    payment = Payment.objects.get(pk=begun.payment.pk)
    assert payment.status == "failed" and not payment.payer_name
    assert received.names() == ["payment_failed"] and received.of("payment_failed")[0]["reason"] == "failed"
    # The return page tells the truth from the database.
    assert "支付被拒绝" in client.get(reverse("payments:return", args=[payment.reference]), **EN).content.decode()


def test_abandon_stays_pending_until_the_periodic_query_hears_the_gateway_closed_it(
        client, django_capture_on_commit_callbacks, received):
    begun = start()
    client.get(begun.action.url)  # the shopper reaches the cashier, then just leaves
    payment = Payment.objects.get(pk=begun.payment.pk)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sync_stale_payments.call_local()
    assert Payment.objects.get(pk=payment.pk).status == "pending"  # too recent to ask about
    # Time passes: past the query threshold on our side, past time_expire on the gateway's.
    past = timezone.now() - timedelta(hours=1)
    Payment.objects.filter(pk=payment.pk).update(pending_since=past)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sync_stale_payments.call_local()
    payment.refresh_from_db()
    assert payment.status == "pending" and payment.last_queried_at  # the gateway still waits for the buyer
    assert PaymentNotice.objects.get(payment=payment, channel="query").outcome == "no_change"
    SandboxTrade.objects.filter(out_trade_no=payment.reference).update(time_expire=past)
    Payment.objects.filter(pk=payment.pk).update(last_queried_at=past)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sync_stale_payments.call_local()
    payment.refresh_from_db()
    assert payment.status == "closed"
    assert received.names() == ["payment_failed"] and received.of("payment_failed")[0]["reason"] == "closed"
    assert PaymentStatusChange.objects.filter(payment=payment, to_status="closed", event="sandbox query").exists()
    # The old cashier link is dead now.
    cashier = SandboxTrade.objects.get(out_trade_no=payment.reference).cashier_token
    response = client.post(reverse("sandbox_payments:cashier", args=[cashier]),
                           {"action": "pay", "payer_name": NAME, "payer_id_number": VALID_ID}, **EN)
    assert "该交易已关闭" in response.content.decode()
    assert Payment.objects.get(pk=payment.pk).status == "closed"


def test_a_trade_never_opened_is_closed_at_the_gateway_after_expiry(client, django_capture_on_commit_callbacks):
    begun = start()
    Payment.objects.filter(pk=begun.payment.pk).update(
        pending_since=timezone.now() - timedelta(hours=2), expires_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.sync_stale_payments()
    assert counts["queried"] == 1
    assert Payment.objects.get(pk=begun.payment.pk).status == "closed"
    assert SandboxTrade.objects.get(out_trade_no=begun.payment.reference).status == "TRADE_CLOSED"
    response = client.get(begun.action.url, **EN)  # the shopper comes back with the old link
    assert response.status_code == 400


def test_a_lost_notice_is_made_good_by_the_query_and_the_late_notice_changes_nothing(
        settings, django_capture_on_commit_callbacks, received):
    settings.HEARTLAND_SANDBOX_NOTIFY_URL = "http://127.0.0.1:9/pay/notify/sandbox/"  # nobody listens
    begun = start()
    trade = gateway.open_page_pay(query_params(begun.action.url))
    with django_capture_on_commit_callbacks(execute=True):
        gateway.pay(token=trade.cashier_token, payer_name=NAME, payer_id_number=VALID_ID)
    assert Payment.objects.get(pk=begun.payment.pk).status == "pending"
    assert any(t.name.endswith("deliver_sandbox_notice") for t in HUEY.scheduled())  # retry with backoff
    Payment.objects.filter(pk=begun.payment.pk).update(pending_since=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.sync_stale_payments()
    payment = Payment.objects.get(pk=begun.payment.pk)
    assert payment.status == "paid" and payment.payer_id_number == VALID_ID
    settings.HEARTLAND_SANDBOX_NOTIFY_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.deliver_notice(trade.pk)  # the retry finally gets through
    assert received.names() == ["payment_succeeded"]
    assert PaymentNotice.objects.filter(payment=payment, channel="notify").get().outcome == "no_change"


def test_http_delivery_posts_to_the_notify_url(settings, client, django_capture_on_commit_callbacks, monkeypatch,
                                               received):
    settings.HEARTLAND_SANDBOX_NOTIFY_URL = "https://shop.example/pay/notify/sandbox/"
    sent = []

    def fake_post(url, params):  # urllib's part, answered by our real view
        sent.append(url)
        response = client.post(reverse("payments:notify", args=["sandbox"]), params)
        return response.status_code, response.content.decode()

    monkeypatch.setattr(notices, "_post", fake_post)
    begun = start()
    trade = gateway.open_page_pay(query_params(begun.action.url))
    with django_capture_on_commit_callbacks(execute=True):
        gateway.pay(token=trade.cashier_token, payer_name=NAME, payer_id_number=VALID_ID)
    assert sent == ["https://shop.example/pay/notify/sandbox/"]
    assert Payment.objects.get(pk=begun.payment.pk).status == "paid"
    assert PaymentNotice.objects.get(payment=begun.payment).source == "http"
    assert SandboxTrade.objects.get(pk=trade.pk).notice_acknowledged_at is not None
    assert received.names() == ["payment_succeeded"]


def test_the_return_page_never_changes_state(client):
    begun = start()
    trade = gateway.open_page_pay(query_params(begun.action.url))
    url = reverse("payments:return", args=[begun.payment.reference])
    forged = client.get(url, {"out_trade_no": begun.payment.reference, "trade_status": "TRADE_SUCCESS",
                              "method": "alipay.trade.page.pay.return", "sign": "AAAA", "sign_type": "RSA2"}, **EN)
    assert forged.status_code == 200 and "正在确认支付结果" in forged.content.decode()
    assert "支付机构显示您已付款" not in forged.content.decode()
    # Even genuinely signed return params are only a hint.
    SandboxTrade.objects.filter(pk=trade.pk).update(status=SandboxTradeStatus.TRADE_SUCCESS)
    genuine = client.get(gateway.return_url_for(SandboxTrade.objects.get(pk=trade.pk)), **EN)
    assert "支付机构显示您已付款" in genuine.content.decode()
    assert Payment.objects.get(pk=begun.payment.pk).status == "pending"


def test_idempotent_creation_and_one_open_payment_per_order(django_capture_on_commit_callbacks, received):
    first = start(key="order-7-attempt-1", purpose="ORD-7")
    again = start(key="order-7-attempt-1", purpose="ORD-7")
    assert again.payment.pk == first.payment.pk and again.action is not None
    with pytest.raises(DomainError) as exc:
        start(key="order-7-attempt-1", purpose="ORD-7", amount="1.00")
    assert exc.value.code == "idempotency_conflict"
    gateway.open_page_pay(query_params(first.action.url))
    with django_capture_on_commit_callbacks(execute=True):
        second = start(key="order-7-attempt-2", purpose="ORD-7")
    assert Payment.objects.get(pk=first.payment.pk).status == "closed"  # superseded, at the gateway too
    assert SandboxTrade.objects.get(out_trade_no=first.payment.reference).status == "TRADE_CLOSED"
    assert second.payment.status == "pending"
    assert received.of("payment_failed")[0]["payment"].pk == first.payment.pk


def test_a_paid_order_cannot_be_paid_again(django_capture_on_commit_callbacks):
    first = start(purpose="ORD-8")
    trade = gateway.open_page_pay(query_params(first.action.url))
    with django_capture_on_commit_callbacks(execute=True):
        gateway.pay(token=trade.cashier_token, payer_name=NAME, payer_id_number=VALID_ID)
    with pytest.raises(DomainError) as exc:
        start(purpose="ORD-8")
    assert exc.value.code == "already_paid"


def test_paid_at_the_gateway_but_notice_not_yet_in_then_a_new_attempt_is_refused(
        settings, django_capture_on_commit_callbacks):
    settings.HEARTLAND_SANDBOX_NOTIFY_URL = "http://127.0.0.1:9/"
    first = start(purpose="ORD-9")
    trade = gateway.open_page_pay(query_params(first.action.url))
    with django_capture_on_commit_callbacks(execute=True):
        gateway.pay(token=trade.cashier_token, payer_name=NAME, payer_id_number=VALID_ID)
    with pytest.raises(DomainError) as exc, django_capture_on_commit_callbacks(execute=True):
        start(purpose="ORD-9")
    assert exc.value.code == "already_paid"
    assert Payment.objects.get(pk=first.payment.pk).status == "paid"  # learned through the query


@pytest.mark.parametrize("kwargs, code", [
    ({"amount": "0"}, "bad_amount"),
    ({"amount": "1.005"}, "bad_amount"),
    ({"amount": "12.5", "currency": "JPY"}, "bad_amount"),
    ({"currency": "XYZ"}, "bad_currency"),
    ({"purpose": "ORD 1"}, "bad_purpose"),
    ({"return_url": "https://evil.example/steal"}, "bad_return_url"),
    ({"return_url": "/orders/1/?a=1&b=2"}, "bad_return_url"),
    ({"orderer": False, "orderer_name": "张三"}, "bad_orderer"),
    ({"orderer": False, "orderer_name": "张三", "orderer_id_number": "110105194912310021"}, "bad_orderer"),
    ({"provider": "paypal"}, "provider_unavailable"),
])
def test_bad_payment_requests_are_refused_with_a_reason(kwargs, code):
    with pytest.raises(DomainError) as exc:
        start(**kwargs)
    assert exc.value.code == code
    assert not Payment.objects.exists()


def test_float_amounts_are_refused():
    with pytest.raises(DomainError) as exc:
        services.create_payment(purpose_reference="ORD-F", amount=523.0, currency="CNY", idempotency_key="f")
    assert exc.value.code == "bad_amount"


def test_jpy_amounts_travel_without_decimals(client):
    begun = start(amount="1280", currency="JPY", orderer=False)
    biz = query_params(begun.action.url)["biz_content"]
    assert '"total_amount":"1280"' in biz and '"currency":"JPY"' in biz


def test_switched_off_sandbox_is_invisible(settings, client):
    begun = start()
    settings.HEARTLAND_SANDBOX_ENABLED = False
    assert client.get(begun.action.url).status_code == 404
    assert client.post(reverse("payments:notify", args=["sandbox"]), {}).status_code == 404
    with pytest.raises(DomainError) as exc:
        start()
    assert exc.value.code == "provider_unavailable"


def test_the_gateway_refuses_a_tampered_redirect(client):
    begun = start(amount="523.00")
    tampered = begun.action.url.replace("523.00", "5.23")
    response = client.get(tampered, **EN)
    assert response.status_code == 400 and "请求签名无效" in response.content.decode()
    assert not SandboxTrade.objects.exists()


@pytest.mark.parametrize("url, ok", [
    ("/orders/ORD-1/", True),
    ("http://testserver/zh-hant/orders/ORD-1/", True),
    ("https://shop.example/orders/ORD-1/", True),
    ("https://a.shop.example/orders/", True),
    ("https://evil.example/", False),
    ("https://shop.example@evil.example/", False),
    ("//evil.example/", False),
    ("javascript:alert(1)", False),
])
def test_return_urls_must_stay_on_this_site(settings, url, ok):
    settings.ALLOWED_HOSTS = ["testserver", ".shop.example"]
    if ok:
        assert start(return_url=url).payment.return_url == url
    else:
        with pytest.raises(DomainError):
            start(return_url=url)
