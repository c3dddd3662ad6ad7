"""The sandbox provider, platform side: talks to the sandbox gateway (the ``sandbox_payments``
app) exactly as a client of Alipay's open platform would — RSA2-signed requests with ``biz_content``,
RSA2-signed answers and notices verified with the gateway's public key.

Transport: with ``HEARTLAND_SANDBOX_GATEWAY_URL`` set, the shopper is redirected there and
query/refund/close are HTTP POSTs to it; otherwise the gateway is this site's own
``/pay/sandbox/gateway/`` and API calls are POSTed to that URL in-process (``core.inprocess``:
the same view, no socket). Either way every message is signed and verified, and this module
never imports the gateway.
"""
from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from heartland.core import inprocess
from heartland.core.crypto import mask_id_number

from . import conf, identity, signing, wire
from .keys import sandbox_keys
from .provider import (
    Action,
    CloseResult,
    InvalidSignature,
    MalformedMessage,
    PaymentProvider,
    ProviderError,
    ProviderUnavailable,
    QueryResult,
    RefundResult,
    TradeStatus,
    TradeUpdate,
)
from .wire import CLOSE, PAGE_PAY, QUERY, REFUND, RETURN_METHOD, SUCCESS_CODE

if TYPE_CHECKING:
    from .models import Payment, Refund

logger = logging.getLogger("heartland.payments")


STATUS_MAP = {
    "WAIT_BUYER_PAY": TradeStatus.PENDING,
    "TRADE_SUCCESS": TradeStatus.PAID,
    "TRADE_FINISHED": TradeStatus.PAID,
    "TRADE_FAILED": TradeStatus.FAILED,  # sandbox only: the tester pressed "decline"
    "TRADE_CLOSED": TradeStatus.CLOSED,
}
#: Parameters holding an ID number: masked before anything is stored or logged.
SENSITIVE = ("payer_cert_no", "buyer_cert_no")


def redact(params: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(params)
    for key in SENSITIVE:
        if out.get(key):
            out[key] = mask_id_number(str(out[key]))
    return out


def common_params(method: str) -> dict[str, str]:
    return {"app_id": conf.sandbox_app_id(), "method": method, "format": "JSON", "charset": "utf-8",
            "timestamp": wire.format_time(timezone.now()), "version": "1.0"}


def gateway_url() -> str:
    return conf.sandbox_gateway_url() or reverse("sandbox_payments:gateway")


def notify_url() -> str:
    return conf.sandbox_notify_url() or reverse("payments:notify", kwargs={"provider": "sandbox"})


def _trade_update(data: Mapping[str, str], *, notice: bool) -> TradeUpdate:
    """Normalize a notice or a query answer (both carry the same trade fields)."""
    def need(key: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value:
            raise MalformedMessage(f"missing {key}")
        return value

    raw_status = need("trade_status")
    status = STATUS_MAP.get(raw_status)
    if status is None:
        raise MalformedMessage(f"unknown trade_status {raw_status!r}")
    fields: dict[str, Any] = {
        "reference": need("out_trade_no"), "status": status, "provider_status": raw_status,
        "amount_text": need("total_amount"), "currency": need("currency"),
        "provider_trade_no": data.get("trade_no", ""), "app_id": data.get("app_id", ""),
        "detail": data.get("fail_reason", ""),
    }
    if notice:
        if data.get("app_id") != conf.sandbox_app_id():
            raise MalformedMessage("app_id is not ours")
        if data.get("notify_type") != "trade_status_sync":
            raise MalformedMessage("notify_type is not trade_status_sync")
        fields["notify_id"] = need("notify_id")
        if len(fields["notify_id"]) > 64:
            raise MalformedMessage("notify_id longer than 64 characters")
        try:
            fields["sent_at"] = wire.parse_time(need("notify_time"))
        except ValueError as exc:
            raise MalformedMessage(f"notify_time: {exc}") from None
    if len(fields["provider_trade_no"]) > 64 or len(fields["reference"]) > 64:
        raise MalformedMessage("trade_no or out_trade_no longer than 64 characters")
    if status == TradeStatus.PAID:
        fields["provider_trade_no"] = need("trade_no")
        try:
            fields["payer_name"] = identity.clean_name(need("payer_name"))
            # A wallet outside the mainland names the payer without a resident ID.
            cert = data.get("payer_cert_no", "")
            fields["payer_id_number"] = identity.clean_id_number(cert) if cert else ""
            fields["paid_at"] = wire.parse_time(need("gmt_payment" if notice else "send_pay_date"))
        except ValueError as exc:
            raise MalformedMessage(f"payer: {exc}") from None
        if data.get("payer_cert_type", "IDENTITY_CARD") != "IDENTITY_CARD":
            raise MalformedMessage("payer_cert_type must be IDENTITY_CARD")
    return TradeUpdate(**fields)


class SandboxProvider(PaymentProvider):
    code = "sandbox"
    ack_body = "success"
    nack_body = "fail"
    customs_pay_code = "SANDBOX"
    customs_pay_name = "Heartland sandbox payments"

    def __init__(self) -> None:
        if not conf.sandbox_enabled():
            raise ProviderUnavailable("the sandbox payment provider is switched off (HEARTLAND_SANDBOX_ENABLED)")

    # --- start --------------------------------------------------------------------------
    def start(self, *, payment: Payment) -> Action:
        keys = sandbox_keys()
        biz: dict[str, str] = {
            "out_trade_no": payment.reference,
            "product_code": "FAST_INSTANT_TRADE_PAY",
            "total_amount": wire.format_amount(payment.amount, payment.currency),
            "currency": payment.currency,
            "subject": payment.subject,
            "time_expire": wire.format_time(payment.expires_at),
        }
        if payment.orderer_id_number_encrypted:
            # The orderer goes to the gateway so its cashier can insist the payer is the same
            # person; the ID number encrypted for the gateway alone (it travels in a URL).
            biz["buyer_name"] = payment.orderer_name
            biz["buyer_cert_type"] = "IDENTITY_CARD"
            biz["buyer_cert_no"] = signing.encrypt_field(payment.orderer_id_number, keys.gateway.public)
        params = {
            **common_params(PAGE_PAY),
            "return_url": payment.return_url or reverse("payments:return", args=[payment.reference]),
            "notify_url": notify_url(),
            "biz_content": signing.dumps_json(biz),
        }
        signed = signing.signed(params, keys.platform.require_private("platform"))
        return Action(kind="redirect", url=f"{gateway_url()}?{urllib.parse.urlencode(signed)}")

    # --- notices ------------------------------------------------------------------------
    def verify_notice(self, params: Mapping[str, str]) -> bool:
        return signing.verify(params, sandbox_keys().gateway.public)

    def parse_notice(self, params: Mapping[str, str]) -> TradeUpdate:
        return _trade_update(params, notice=True)

    def verify_return(self, params: Mapping[str, str]) -> bool:
        return params.get("method") == RETURN_METHOD and signing.verify(params, sandbox_keys().gateway.public)

    def redact(self, params: Mapping[str, str]) -> dict[str, str]:
        return redact(params)

    # --- API calls ----------------------------------------------------------------------
    def _call(self, method: str, biz: dict[str, str]) -> dict[str, str]:
        keys = sandbox_keys()
        params = signing.signed({**common_params(method), "biz_content": signing.dumps_json(biz)},
                                keys.platform.require_private("platform"))
        url = conf.sandbox_gateway_url()
        if url:
            body = urllib.parse.urlencode(params).encode()
            request = urllib.request.Request(url, data=body, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded;charset=utf-8", "Accept": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=conf.http_timeout()) as response:  # noqa: S310 (configured URL)
                    envelope = json.loads(response.read(1_000_000).decode("utf-8"))
            except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
                raise ProviderError(f"sandbox gateway {method}: {exc}") from exc
        else:
            answer = inprocess.post(reverse("sandbox_payments:gateway"), params)
            try:
                envelope = json.loads(answer.body)
            except ValueError as exc:
                raise ProviderError(f"sandbox gateway {method}: HTTP {answer.status}, not JSON") from exc
        if not isinstance(envelope, dict) or not isinstance(envelope.get("response"), dict):
            raise ProviderError(f"sandbox gateway {method}: no response object")
        response = envelope["response"]
        if not all(isinstance(v, str) for v in response.values()):
            raise ProviderError(f"sandbox gateway {method}: non-text values in the response")
        if not signing.verify({**response, "sign": envelope.get("sign", ""), "sign_type": envelope.get("sign_type", "")},
                              keys.gateway.public):
            raise InvalidSignature(f"sandbox gateway {method}: the response signature does not verify")
        return response

    def query(self, *, payment: Payment) -> QueryResult:
        response = self._call(QUERY, {"out_trade_no": payment.reference})
        if response.get("code") == SUCCESS_CODE:
            if response.get("out_trade_no") != payment.reference:
                raise ProviderError("query answered about another trade")
            try:
                update = _trade_update(response, notice=False)
            except MalformedMessage as exc:
                raise ProviderError(f"query: {exc}") from exc
            return QueryResult(found=True, update=update, raw=redact(response))
        if response.get("sub_code") == "ACQ.TRADE_NOT_EXIST":
            return QueryResult(found=False, raw=redact(response))
        raise ProviderError(f"query: {response.get('sub_code')} {response.get('sub_msg')}")

    def refund(self, *, payment: Payment, refund: Refund) -> RefundResult:
        response = self._call(REFUND, {
            "out_trade_no": payment.reference,
            "refund_amount": wire.format_amount(refund.amount, refund.currency),
            "out_request_no": refund.reference,
            "refund_reason": refund.reason[:256],
        })
        if response.get("code") == SUCCESS_CODE:
            if response.get("out_request_no") != refund.reference:
                raise ProviderError("refund answered about another request")
            return RefundResult(succeeded=True, provider_refund_no=response.get("refund_no", ""), raw=response)
        if response.get("code") == "40004":
            return RefundResult(succeeded=False, detail=f"{response.get('sub_code')}: {response.get('sub_msg')}",
                                raw=response)
        raise ProviderError(f"refund: {response.get('code')} {response.get('sub_code')} {response.get('sub_msg')}")

    def close(self, *, payment: Payment) -> CloseResult:
        response = self._call(CLOSE, {"out_trade_no": payment.reference})
        if response.get("code") == SUCCESS_CODE:
            return CloseResult(closed=True)
        if response.get("sub_code") == "ACQ.TRADE_STATUS_ERROR" and response.get("trade_status") in (
                "TRADE_SUCCESS", "TRADE_FINISHED"):
            return CloseResult(closed=False, already_paid=True, detail="the trade is paid")
        raise ProviderError(f"close: {response.get('sub_code')} {response.get('sub_msg')}")
