"""Builders for payments tests."""
from __future__ import annotations

import itertools
import secrets
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

from django.utils import timezone

from heartland.payments import services, signing, wire
from heartland.payments.models import Payment
from heartland.sandbox_payments import gateway
from heartland.sandbox_payments.models import SandboxTrade

from .conftest import GATEWAY_KEY

VALID_ID = "11010519491231002X"   # the GB 11643 textbook example
OTHER_ID = "360426199101010071"
NAME = "张三"
_seq = itertools.count(1)


def start(*, amount="523.00", currency="CNY", orderer=True, key=None, purpose=None, **extra) -> services.PaymentStart:
    n = next(_seq)
    kwargs = dict(purpose_reference=purpose or f"ORD-{n}", amount=Decimal(amount), currency=currency,
                  idempotency_key=key or f"pay-{n}-{secrets.token_hex(4)}", **extra)
    if orderer:
        kwargs.update(orderer_name=NAME, orderer_id_number=VALID_ID)
    return services.create_payment(**kwargs)


def query_params(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def open_trade(begun: services.PaymentStart) -> SandboxTrade:
    """The shopper follows the redirect to the gateway (without the HTTP round trip)."""
    return gateway.open_page_pay(query_params(begun.action.url))


def pay(capture, *, amount="523.00", currency="CNY", name=NAME, id_number=VALID_ID, **extra) -> Payment:
    """A payment paid through the gateway, notice delivered (on_commit callbacks executed)."""
    begun = start(amount=amount, currency=currency, **extra)
    trade = open_trade(begun)
    with capture(execute=True):
        gateway.pay(token=trade.cashier_token, payer_name=name, payer_id_number=id_number)
    payment = Payment.objects.get(pk=begun.payment.pk)
    assert payment.status == "paid", payment.status
    return payment


def notice(payment: Payment, *, status="TRADE_SUCCESS", notify_id=None, notify_time=None, amount=None,
           currency=None, trade_no=None, name=NAME, id_number=VALID_ID, key=GATEWAY_KEY, drop=(), **extra) -> dict:
    """A notice as the gateway would sign it (or as a forger would, with another key)."""
    now = timezone.now()
    params = {
        "notify_time": wire.format_time(notify_time or now),
        "notify_type": "trade_status_sync",
        "notify_id": notify_id or secrets.token_hex(16),
        "app_id": "heartland-sandbox",
        "charset": "utf-8",
        "version": "1.0",
        "trade_no": trade_no or f"SBX{payment.reference}",
        "out_trade_no": payment.reference,
        "trade_status": status,
        "total_amount": amount or wire.format_amount(payment.amount, payment.currency),
        "currency": currency or payment.currency,
        "gmt_create": wire.format_time(now),
    }
    if status in ("TRADE_SUCCESS", "TRADE_FINISHED"):
        params.update(gmt_payment=wire.format_time(now), payer_name=name, payer_cert_type="IDENTITY_CARD",
                      payer_cert_no=id_number)
    params.update(extra)
    for k in drop:
        params.pop(k, None)
    return signing.signed(params, key)
