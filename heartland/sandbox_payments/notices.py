"""The sandbox gateway's notices: what it tells the platform about a trade, signed with the
gateway's key, and the delivery to the platform's notify URL — over HTTP when
``HEARTLAND_SANDBOX_NOTIFY_URL`` is set, otherwise through ``core.inprocess`` (the platform's
notify view, reached by its URL name, without a socket). ``tasks.deliver_sandbox_notice``
repeats a delivery until the platform answers ``success``."""
from __future__ import annotations

import logging
import urllib.error
import urllib.parse
import urllib.request

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from heartland.core import inprocess
from heartland.core.crypto import decrypt
from heartland.payments import conf, signing, wire
from heartland.payments.keys import sandbox_keys

from .models import SandboxTrade
from .models import SandboxTradeStatus as T

logger = logging.getLogger("heartland.sandbox_payments")

#: The platform's notify view, as it is named in the site's URLs (where an HTTP POST would go).
NOTIFY_URL_NAME = "payments:notify"


def trade_fields(trade: SandboxTrade) -> dict[str, str]:
    """The trade as the gateway states it, in a notice and in a query answer alike (the payer's
    ID number in clear: it travels signed to the platform, which masks it before storing)."""
    fields = {
        "trade_no": trade.trade_no,
        "out_trade_no": trade.out_trade_no,
        "trade_status": trade.status,
        "total_amount": wire.format_amount(trade.total_amount, trade.currency) if trade.currency else "0",
        "currency": trade.currency,
        "buyer_id": trade.buyer_id,
        "fail_reason": trade.fail_reason,
    }
    if trade.status == T.TRADE_SUCCESS:
        fields["payer_name"] = trade.payer_name
        if trade.payer_id_number_encrypted:  # a mainland wallet's payer; others carry no ID
            fields.update(payer_cert_type="IDENTITY_CARD", payer_cert_no=decrypt(trade.payer_id_number_encrypted))
    return fields


def notice_params(trade: SandboxTrade) -> dict[str, str]:
    """The signed notice for the trade's current status (notify_time: now)."""
    params = {
        "notify_time": wire.format_time(timezone.now()),
        "notify_type": "trade_status_sync",
        "notify_id": trade.notify_id,
        "app_id": trade.app_id,
        "charset": "utf-8",
        "version": "1.0",
        "subject": trade.subject,
        "gmt_create": wire.format_time(trade.gmt_create),
        "gmt_payment": wire.format_time(trade.gmt_payment) if trade.gmt_payment else "",
        "gmt_close": wire.format_time(trade.gmt_close) if trade.gmt_close else "",
        **trade_fields(trade),
    }
    return signing.signed(params, sandbox_keys().gateway.require_private("gateway"))


def _post(url: str, params: dict[str, str]) -> tuple[int, str]:
    body = urllib.parse.urlencode(params).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded;charset=utf-8", "User-Agent": "heartland-sandbox-gateway"})
    try:
        with urllib.request.urlopen(request, timeout=conf.http_timeout()) as response:  # noqa: S310 (configured URL)
            return response.status, response.read(1000).decode("utf-8", "replace").strip()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(1000).decode("utf-8", "replace").strip()


def deliver_notice(trade_id: int) -> bool:
    """Send the trade's pending notice once; True when the platform acknowledged it (or
    nothing is left to send). Safe to run twice: an acknowledged notice is not sent again,
    and a repeated one is a duplicate the platform answers ``success`` without acting."""
    with transaction.atomic():
        trade = SandboxTrade.objects.select_for_update().filter(pk=trade_id).first()
        if trade is None or not trade.notify_id or trade.notice_acknowledged_at:
            return True
        trade.notice_attempts += 1
        trade.save(update_fields=["notice_attempts"])
        params = notice_params(trade)
    url = conf.sandbox_notify_url()
    if url:
        try:
            status, body = _post(url, params)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            logger.warning("sandbox notice %s to %s failed: %s", params["notify_id"], url, exc)
            return False
    else:  # the platform's notify view, in-process (``source`` is recorded as in_process)
        answer = inprocess.post(reverse(NOTIFY_URL_NAME, args=["sandbox"]), params)
        status, body = answer.status, answer.body.strip()
    if status == 200 and body == "success":
        SandboxTrade.objects.filter(pk=trade_id, notify_id=params["notify_id"],
                                    notice_acknowledged_at__isnull=True).update(notice_acknowledged_at=timezone.now())
        return True
    logger.warning("sandbox notice %s not acknowledged: HTTP %s %r", params["notify_id"], status, body[:100])
    return False
