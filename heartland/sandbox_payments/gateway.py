"""The sandbox gateway: a small stand-in for Alipay's servers, in an app of its own so the
demo and the tests need nothing outside. It keeps its own trades (``SandboxTrade``), verifies
the platform's RSA2-signed requests with the platform's public key, answers with its own
private key, and runs the cashier page the shopper pays on. What it tells the platform
afterwards — a signed notice, re-sent until acknowledged — is in ``notices`` and ``tasks``.

The platform never imports this app: its client (``payments.sandbox_client``) reaches the
gateway by URL, and the gateway reaches the platform's notify URL — over HTTP when addresses
are configured, otherwise through ``core.inprocess`` (the same views, without a socket). This
app uses the platform's protocol helpers (``signing``, ``wire``, ``keys``, ``identity``,
``conf``), as any client of a protocol library would.
"""
from __future__ import annotations

import json
import logging
import secrets
import urllib.parse
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heartland.core.crypto import encrypt
from heartland.landedcost.money import minor_units
from heartland.payments import conf, identity, signing, wire
from heartland.payments.keys import sandbox_keys
from heartland.payments.wire import CLOSE, PAGE_PAY, QUERY, REFUND, RETURN_METHOD, SUCCESS_CODE

from . import notices, tasks
from .models import SandboxRefund, SandboxTrade
from .models import SandboxTradeStatus as T

logger = logging.getLogger("heartland.sandbox_payments")

API_REQUEST_MAX_AGE = timedelta(minutes=15)
CLOCK_SKEW = timedelta(minutes=5)


class GatewayError(Exception):
    def __init__(self, sub_code: str, message: Any, *, code: str = "40004") -> None:
        super().__init__(str(message))
        self.code = code
        self.sub_code = sub_code
        self.message = message


def _now():
    return timezone.now()


def _token(n: int = 24) -> str:
    return secrets.token_urlsafe(n)


def _trade_no() -> str:
    return _now().astimezone(wire.BEIJING).strftime("%Y%m%d") + "2200" + "".join(
        secrets.choice("0123456789") for _ in range(16))


def _notify_id() -> str:
    return secrets.token_hex(16)


# --- verifying the platform's requests --------------------------------------------------------

def _verified_biz(params: Mapping[str, str], method: str, max_age: timedelta) -> dict[str, str]:
    if not signing.verify(params, sandbox_keys().platform.public):
        raise GatewayError("isv.invalid-signature", _("The request signature is not valid."), code="40002")
    if params.get("app_id") != conf.sandbox_app_id():
        raise GatewayError("isv.invalid-app-id", _("Unknown app_id."), code="40002")
    if params.get("method") != method:
        raise GatewayError("isv.invalid-method", _("Unexpected method."), code="40002")
    try:
        sent = wire.parse_time(params.get("timestamp"))
    except ValueError:
        raise GatewayError("isv.invalid-timestamp", _("The request has no valid timestamp."), code="40002") from None
    if sent < _now() - max_age or sent > _now() + CLOCK_SKEW:
        raise GatewayError("isv.invalid-timestamp", _("The request has expired."), code="40002")
    try:
        biz = json.loads(params.get("biz_content") or "")
    except ValueError:
        raise GatewayError("isv.invalid-biz-content", _("biz_content is not JSON."), code="40002") from None
    if not isinstance(biz, dict) or not all(isinstance(v, str) for v in biz.values()):
        raise GatewayError("isv.invalid-biz-content", _("biz_content must be an object of text values."),
                           code="40002")
    return biz


def _expire_if_due(trade: SandboxTrade) -> None:
    """Unpaid trades close at time_expire (lazily: whenever someone looks)."""
    if trade.status == T.WAIT_BUYER_PAY and trade.time_expire and _now() >= trade.time_expire:
        trade.status = T.TRADE_CLOSED
        trade.gmt_close = _now()
        trade.save(update_fields=["status", "gmt_close"])


# --- page pay: the shopper arrives with a signed request ------------------------------------------

def open_page_pay(params: Mapping[str, str]) -> SandboxTrade:
    """Verify a page-pay request and return its trade (created on first visit)."""
    biz = _verified_biz(params, PAGE_PAY, max_age=timedelta(seconds=conf.payment_timeout()) + CLOCK_SKEW)
    out_trade_no = biz.get("out_trade_no", "")
    currency = biz.get("currency", "")
    try:
        minor_units(currency)
        amount = wire.parse_amount(biz.get("total_amount"), currency)
        time_expire = wire.parse_time(biz.get("time_expire"))
    except ValueError as exc:
        raise GatewayError("ACQ.INVALID_PARAMETER", _("Invalid parameter: %(error)s") % {"error": exc}) from None
    if not out_trade_no or len(out_trade_no) > 64:
        raise GatewayError("ACQ.INVALID_PARAMETER", _("Invalid parameter: out_trade_no"))
    orderer_name = orderer_id = ""
    if biz.get("buyer_cert_no"):
        try:
            orderer_id = identity.clean_id_number(
                signing.decrypt_field(biz["buyer_cert_no"], sandbox_keys().gateway.require_private("gateway")))
            orderer_name = identity.clean_name(biz.get("buyer_name", ""))
        except ValueError:
            raise GatewayError("ACQ.INVALID_PARAMETER", _("The buyer's identity cannot be read.")) from None
    app_id = params["app_id"]
    with transaction.atomic():
        trade = SandboxTrade.objects.select_for_update().filter(app_id=app_id, out_trade_no=out_trade_no).first()
        if trade is None:
            if time_expire <= _now():
                raise GatewayError("ACQ.TRADE_HAS_CLOSE", _("This trade has expired."))
            try:
                with transaction.atomic():
                    trade = SandboxTrade.objects.create(
                        app_id=app_id, out_trade_no=out_trade_no, trade_no=_trade_no(), cashier_token=_token(),
                        subject=biz.get("subject", "")[:256].replace("&", "＆"), total_amount=amount,
                        currency=currency, notify_url=params.get("notify_url", "")[:500],
                        return_url=params.get("return_url", "")[:500], time_expire=time_expire,
                        orderer_name=orderer_name, orderer_id_number_encrypted=encrypt(orderer_id) if orderer_id else "",
                    )
            except IntegrityError:
                trade = SandboxTrade.objects.select_for_update().get(app_id=app_id, out_trade_no=out_trade_no)
        if trade.total_amount != amount or trade.currency != currency:
            raise GatewayError("ACQ.CONTEXT_INCONSISTENT", _("The trade details do not match the original request."))
        _expire_if_due(trade)
    return trade


def trade_for_cashier(token: str) -> SandboxTrade | None:
    with transaction.atomic():
        trade = SandboxTrade.objects.select_for_update().filter(cashier_token=token).first()
        if trade is not None:
            _expire_if_due(trade)
    return trade


def _queue_notice(trade: SandboxTrade) -> None:
    trade.notify_id = _notify_id()
    trade.notice_acknowledged_at = None
    trade.notice_attempts = 0
    trade_id = trade.pk
    transaction.on_commit(lambda: tasks.deliver_sandbox_notice(trade_id))


def pay(*, token: str, payer_name: str, payer_id_number: str) -> SandboxTrade:
    """The tester pays as a named person. Like a real wallet, the gateway takes the money
    whoever pays: enforcing orderer = payer is the platform's job (it refunds a mismatch),
    and the sandbox lets a tester try exactly that."""
    name = identity.clean_name(payer_name)
    id_number = identity.clean_id_number(payer_id_number) if payer_id_number else ""
    with transaction.atomic():
        trade = SandboxTrade.objects.select_for_update().get(cashier_token=token)
        if trade.orderer_id_number_encrypted and not id_number:
            # A trade that names its orderer is a mainland one: the wallet knows its payer's ID.
            raise GatewayError("ACQ.INVALID_PARAMETER", _("Enter a valid 18-character resident ID number."))
        _expire_if_due(trade)
        if trade.status == T.TRADE_SUCCESS:
            raise GatewayError("ACQ.TRADE_HAS_SUCCESS", _("This trade is already paid."))
        if trade.status != T.WAIT_BUYER_PAY:
            raise GatewayError("ACQ.TRADE_HAS_CLOSE", _("This trade is closed."))
        trade.status = T.TRADE_SUCCESS
        trade.gmt_payment = _now()
        trade.payer_name = name
        trade.payer_id_number_encrypted = encrypt(id_number) if id_number else ""
        trade.buyer_id = "2088" + str(int.from_bytes(secrets.token_bytes(6), "big")).zfill(12)[:12]
        _queue_notice(trade)
        trade.save()
    logger.info("sandbox trade %s paid", trade.trade_no)
    return trade


def decline(*, token: str) -> SandboxTrade:
    """The tester declines: the trade fails and the platform is told."""
    with transaction.atomic():
        trade = SandboxTrade.objects.select_for_update().get(cashier_token=token)
        _expire_if_due(trade)
        if trade.status != T.WAIT_BUYER_PAY:
            raise GatewayError("ACQ.TRADE_STATUS_ERROR", _("This trade can no longer be declined."))
        trade.status = T.TRADE_FAILED
        trade.fail_reason = "BUYER_DECLINED"
        trade.gmt_close = _now()
        _queue_notice(trade)
        trade.save()
    logger.info("sandbox trade %s declined", trade.trade_no)
    return trade


# --- back to the shop ------------------------------------------------------------------------------

def return_url_for(trade: SandboxTrade) -> str:
    """Where the cashier sends the shopper after paying, with signed (informational) params."""
    params = signing.signed({
        "app_id": trade.app_id, "method": RETURN_METHOD, "charset": "utf-8", "version": "1.0",
        "timestamp": wire.format_time(_now()), "out_trade_no": trade.out_trade_no, "trade_no": trade.trade_no,
        "total_amount": wire.format_amount(trade.total_amount, trade.currency), "currency": trade.currency,
    }, sandbox_keys().gateway.require_private("gateway"))
    base = trade.return_url or "/"
    return f"{base}{'&' if '?' in base else '?'}{urllib.parse.urlencode(params)}"


# --- the API: query, refund, close -------------------------------------------------------------------

def _respond(response: dict[str, str]) -> dict[str, Any]:
    response = {k: v for k, v in response.items() if v not in (None, "")}
    sign = signing.sign(response, sandbox_keys().gateway.require_private("gateway"))
    return {"response": response, "sign": sign, "sign_type": signing.SIGN_TYPE}


def _ok(**fields: str) -> dict[str, str]:
    return {"code": SUCCESS_CODE, "msg": "Success", **fields}


def _locked_trade(biz: dict[str, str], app_id: str) -> SandboxTrade:
    """The trade ``biz`` names, locked (call inside a transaction); TRADE_NOT_EXIST if there is
    none or it is only a close tombstone."""
    trade = SandboxTrade.objects.select_for_update().filter(
        app_id=app_id, out_trade_no=biz.get("out_trade_no", "")).first()
    if trade is None or not trade.currency:
        raise GatewayError("ACQ.TRADE_NOT_EXIST", "trade does not exist")
    return trade


def _query(biz: dict[str, str], app_id: str) -> dict[str, str]:
    with transaction.atomic():
        trade = _locked_trade(biz, app_id)
        _expire_if_due(trade)
    fields = notices.trade_fields(trade)
    if trade.gmt_payment:
        fields["send_pay_date"] = wire.format_time(trade.gmt_payment)
    return _ok(**fields)


def _refund(biz: dict[str, str], app_id: str) -> dict[str, str]:
    request_no = biz.get("out_request_no", "")
    if not request_no or len(request_no) > 64:
        raise GatewayError("ACQ.INVALID_PARAMETER", "out_request_no")
    with transaction.atomic():
        trade = _locked_trade(biz, app_id)
        try:
            amount = wire.parse_amount(biz.get("refund_amount"), trade.currency)
        except ValueError as exc:
            raise GatewayError("ACQ.INVALID_PARAMETER", f"refund_amount: {exc}") from None
        existing = SandboxRefund.objects.filter(trade=trade, out_request_no=request_no).first()
        if existing is not None:  # the same request again: the same answer, no second refund
            if existing.amount != amount:
                raise GatewayError("ACQ.REFUND_AMT_RESTRICTION", "out_request_no reused with another amount")
            refund = existing
        else:
            if trade.status != T.TRADE_SUCCESS:
                raise GatewayError("ACQ.TRADE_STATUS_ERROR", "the trade is not paid")
            if amount > trade.total_amount - trade.refunded_amount:
                raise GatewayError("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "refund amount exceeds what is left")
            refund = SandboxRefund.objects.create(trade=trade, out_request_no=request_no, amount=amount,
                                                  reason=biz.get("refund_reason", "")[:256])
            trade.refunded_amount += amount
            trade.save(update_fields=["refunded_amount"])
    return _ok(trade_no=trade.trade_no, out_trade_no=trade.out_trade_no, out_request_no=request_no,
               refund_no=f"{trade.trade_no}-R{refund.pk}", fund_change="Y" if existing is None else "N",
               refund_fee=wire.format_amount(trade.refunded_amount, trade.currency),
               gmt_refund_pay=wire.format_time(refund.created_at))


def _close(biz: dict[str, str], app_id: str) -> dict[str, str]:
    out_trade_no = biz.get("out_trade_no", "")
    if not out_trade_no or len(out_trade_no) > 64:
        raise GatewayError("ACQ.INVALID_PARAMETER", "out_trade_no")
    with transaction.atomic():
        trade = SandboxTrade.objects.select_for_update().filter(app_id=app_id, out_trade_no=out_trade_no).first()
        if trade is None:
            # Never opened: leave a closed tombstone so the link cannot be used later.
            try:
                with transaction.atomic():
                    trade = SandboxTrade.objects.create(
                        app_id=app_id, out_trade_no=out_trade_no, trade_no=_trade_no(), cashier_token=_token(),
                        status=T.TRADE_CLOSED, gmt_close=_now())
            except IntegrityError:
                trade = SandboxTrade.objects.select_for_update().get(app_id=app_id, out_trade_no=out_trade_no)
        _expire_if_due(trade)
        if trade.status == T.TRADE_SUCCESS:
            error = GatewayError("ACQ.TRADE_STATUS_ERROR", "the trade is paid")
            error.trade_status = trade.status
            raise error
        if trade.status == T.WAIT_BUYER_PAY:
            trade.status = T.TRADE_CLOSED
            trade.gmt_close = _now()
            trade.save(update_fields=["status", "gmt_close"])
    return _ok(trade_no=trade.trade_no, out_trade_no=trade.out_trade_no)


API = {QUERY: _query, REFUND: _refund, CLOSE: _close}


def handle_api(params: Mapping[str, str]) -> dict[str, Any]:
    """The gateway's API (query, refund, close), behind its URL: the platform's client POSTs
    there, over HTTP or through ``core.inprocess``. Always answers a signed envelope, errors
    included."""
    method = params.get("method", "")
    try:
        if method not in API:
            raise GatewayError("isv.invalid-method", "unknown method", code="40002")
        biz = _verified_biz(params, method, max_age=API_REQUEST_MAX_AGE)
        response = API[method](biz, params["app_id"])
    except GatewayError as exc:
        logger.info("sandbox gateway %s refused: %s %s", method, exc.sub_code, exc)
        response = {"code": exc.code, "msg": "Business Failed" if exc.code == "40004" else "Invalid Arguments",
                    "sub_code": exc.sub_code, "sub_msg": str(exc),
                    "trade_status": getattr(exc, "trade_status", "")}
    return _respond(response)


def trade_view(trade: SandboxTrade) -> dict[str, Any]:
    """What the cashier page shows (no identity number in clear)."""
    return {
        "trade": trade, "amount": wire.format_amount(trade.total_amount, trade.currency), "currency": trade.currency,
        "orderer_name": trade.orderer_name, "orderer_id_masked": trade.orderer_id_masked,
        "pay_before": wire.format_time(trade.time_expire)[:16] if trade.time_expire else "",
    }
