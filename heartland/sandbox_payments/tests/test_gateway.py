"""The sandbox gateway on its own, as the platform's client meets it: through its URLs, with
requests signed by the protocol helpers (no platform code involved). What the platform makes
of the gateway's notices and answers is tested in heartland/payments/tests."""
import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.http import HttpResponse
from django.urls import ResolverMatch, reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from heartland.core import inprocess
from heartland.core.crypto import encrypt
from heartland.payments import signing, wire
from heartland.sandbox_payments import gateway, notices
from heartland.sandbox_payments.models import SandboxTrade

from .conftest import GATEWAY_KEY, INTRUDER_KEY, PLATFORM_KEY

pytestmark = pytest.mark.django_db
GATEWAY = "/pay/sandbox/gateway/"
NAME, VALID_ID = "张三", "11010519491231002X"


def _common(method, key=PLATFORM_KEY, **params):
    return signing.signed({"app_id": "heartland-sandbox", "method": method, "format": "JSON", "charset": "utf-8",
                           "timestamp": wire.format_time(timezone.now()), "version": "1.0", **params}, key)


def _page_pay(out_trade_no="PAY-1", amount="523.00", key=PLATFORM_KEY):
    biz = {"out_trade_no": out_trade_no, "product_code": "FAST_INSTANT_TRADE_PAY", "total_amount": amount,
           "currency": "CNY", "subject": "Heartland ORD-1",
           "time_expire": wire.format_time(timezone.now() + timedelta(minutes=30))}
    return _common(wire.PAGE_PAY, key, return_url="/pay/return/PAY-1/", notify_url="/pay/notify/sandbox/",
                   biz_content=signing.dumps_json(biz))


def _api(method, key=PLATFORM_KEY, **biz):
    return _common(method, key, biz_content=json.dumps(biz))


def _verified(envelope):
    assert signing.verify({**envelope["response"], "sign": envelope["sign"]}, GATEWAY_KEY.public_key())
    return envelope["response"]


def _cashier(client, **kwargs):
    response = client.get(f"{GATEWAY}?{urlencode(_page_pay(**kwargs))}")
    assert response.status_code == 302, response.content
    return response["Location"]


def test_the_public_paths_stay_where_the_demo_and_the_browser_tests_find_them():
    assert reverse("sandbox_payments:gateway") == GATEWAY
    assert reverse("sandbox_payments:cashier", args=["t0k"]) == "/pay/sandbox/cashier/t0k/"


def test_a_signed_page_pay_opens_one_trade_and_a_tampered_one_is_refused(client):
    first = _cashier(client)
    assert first.startswith("/pay/sandbox/cashier/") and _cashier(client) == first  # the same trade again
    assert SandboxTrade.objects.get().total_amount == 523
    tampered = {**_page_pay(), "return_url": "https://elsewhere.example/"}
    assert client.get(f"{GATEWAY}?{urlencode(tampered)}").status_code == 400
    forged = _page_pay(out_trade_no="PAY-2", key=INTRUDER_KEY)
    assert client.get(f"{GATEWAY}?{urlencode(forged)}").status_code == 400
    assert SandboxTrade.objects.count() == 1


def test_switched_off_the_sandbox_answers_404_everywhere(settings, client):
    cashier = _cashier(client)
    settings.HEARTLAND_SANDBOX_ENABLED = False
    assert client.get(f"{GATEWAY}?{urlencode(_page_pay(out_trade_no='PAY-2'))}").status_code == 404
    assert client.post(GATEWAY, _api(wire.QUERY, out_trade_no="PAY-1")).status_code == 404
    assert client.get(cashier).status_code == 404


def test_the_api_answers_signed_and_refuses_what_the_platform_did_not_sign(client):
    _cashier(client)
    body = _verified(client.post(GATEWAY, _api(wire.QUERY, out_trade_no="PAY-1")).json())
    assert (body["code"], body["trade_status"]) == (wire.SUCCESS_CODE, "WAIT_BUYER_PAY")
    refused = _verified(client.post(GATEWAY, _api(wire.QUERY, key=INTRUDER_KEY, out_trade_no="PAY-1")).json())
    assert refused["code"] == "40002"


def test_paying_sends_a_signed_notice_to_the_platforms_notify_url_until_it_is_acknowledged(
        client, monkeypatch, django_capture_on_commit_callbacks):
    cashier = _cashier(client)
    answers, sent = [inprocess.Answer(500, ""), inprocess.Answer(200, "success")], []

    def platform(path, data):  # stands in for the platform's notify view, reached by its URL
        sent.append((path, dict(data)))
        return answers.pop(0)

    monkeypatch.setattr(inprocess, "post", platform)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cashier, {"action": "pay", "payer_name": NAME, "payer_id_number": VALID_ID})
    assert response.status_code == 302 and response["Location"].startswith("/pay/return/PAY-1/?")
    trade = SandboxTrade.objects.get()
    assert [path for path, _ in sent] == [reverse("payments:notify", args=["sandbox"])]
    params = sent[0][1]
    assert signing.verify(params, GATEWAY_KEY.public_key())
    assert (params["trade_status"], params["payer_cert_no"], params["notify_id"]) == (
        "TRADE_SUCCESS", VALID_ID, trade.notify_id)
    assert trade.notice_acknowledged_at is None  # HTTP 500: not taken
    assert any(t.name.endswith("deliver_sandbox_notice") for t in HUEY.scheduled())  # retried with backoff
    assert notices.deliver_notice(trade.pk)  # the retry: acknowledged
    assert notices.deliver_notice(trade.pk) and len(sent) == 2  # nothing left to send
    trade.refresh_from_db()
    assert trade.notice_acknowledged_at is not None and trade.notice_attempts == 2


def test_the_in_process_transport_answers_as_http_would(client, monkeypatch, caplog):
    _cashier(client)
    params = _api(wire.QUERY, out_trade_no="PAY-1")
    over_http = client.post(GATEWAY, params)
    in_process = inprocess.post(reverse("sandbox_payments:gateway"), params)
    assert in_process.status == over_http.status_code == 200
    assert _verified(json.loads(in_process.body))["trade_no"] == _verified(over_http.json())["trade_no"]
    assert inprocess.post("/pay/sandbox/no-such-page/", {}).status == 404
    monkeypatch.setattr(gateway, "handle_api", lambda params: 1 / 0)
    assert inprocess.post(GATEWAY, params).status == 500  # and logged, as Django's handler logs it
    assert any(r.name == "django.request" and r.levelname == "ERROR" for r in caplog.records)


def test_the_request_is_the_one_a_server_would_build(monkeypatch):
    seen = []

    def view(request, provider):
        seen.append((request.method, request.path, request.POST.dict(), provider, request.in_process))
        return HttpResponse("success", content_type="text/plain; charset=utf-8")

    monkeypatch.setattr(inprocess, "resolve", lambda path: ResolverMatch(view, (), {"provider": path.split("/")[-2]}))
    answer = inprocess.post("/pay/notify/sandbox/", {"notify_id": "n1", "payer_name": NAME})
    assert (answer.status, answer.body) == (200, "success")
    assert seen == [("POST", "/pay/notify/sandbox/", {"notify_id": "n1", "payer_name": NAME}, "sandbox", True)]


def test_the_caller_keeps_its_database_connection(client):
    """No request_started/request_finished: Django closes connections on those, and the caller
    (a request or a task, inside its transaction) still needs its own."""
    _cashier(client)
    signalled = []

    def note(**kwargs):
        signalled.append(kwargs)

    request_started.connect(note, dispatch_uid="inprocess-test-started")
    request_finished.connect(note, dispatch_uid="inprocess-test-finished")
    try:
        with transaction.atomic():
            assert inprocess.post(GATEWAY, _api(wire.QUERY, out_trade_no="PAY-1")).status == 200
            assert SandboxTrade.objects.count() == 1  # the connection still answers
    finally:
        request_started.disconnect(dispatch_uid="inprocess-test-started")
        request_finished.disconnect(dispatch_uid="inprocess-test-finished")
    assert signalled == []


def test_the_admin_shows_identity_numbers_masked(admin_client):
    trade = SandboxTrade.objects.create(
        app_id="heartland-sandbox", out_trade_no="PAY-9", trade_no="T9", cashier_token="c9", total_amount=1,
        currency="CNY", status="TRADE_SUCCESS", payer_name=NAME, payer_id_number_encrypted=encrypt(VALID_ID),
        orderer_name=NAME, orderer_id_number_encrypted=encrypt(VALID_ID))
    for url in (reverse("admin:sandbox_payments_sandboxtrade_change", args=[trade.pk]),
                reverse("admin:sandbox_payments_sandboxtrade_changelist")):
        html = admin_client.get(url).content.decode()
        assert "1101**********002X" in html and VALID_ID not in html


@pytest.mark.parametrize("lang", ["zh_Hans", "zh_Hant"])
def test_the_cashier_translations_are_complete_and_compiled(lang):
    folder = Path(__file__).resolve().parents[1] / "locale" / lang / "LC_MESSAGES"
    with open(folder / "django.po", "rb") as f:
        po = read_po(f)
    with open(folder / "django.mo", "rb") as f:
        mo = read_mo(f)
    assert [m.id for m in po if m.id and not m.string] == []
    assert {m.id for m in po if m.id} <= {m.id for m in mo if m.id}
