"""Sending one receipt to the platform: the CEB312/412/512/622 message built from the stored
receipt, signed with the sandbox customs' key, POSTed as ``application/xml`` — over HTTP when
``HEARTLAND_SANDBOX_CUSTOMS_RECEIPT_URL`` is set, otherwise to the platform's ``customs:receipts``
view in-process (reached by its URL, without a socket, as ``core.inprocess`` does for forms).
The platform acknowledges with HTTP 200 and the body ``success``; anything else is retried
(``outbox``)."""
from __future__ import annotations

import logging
import urllib.error
import urllib.request
from decimal import Decimal

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from heartland.core import inprocess
from heartland.customs.ceb import signing
from heartland.customs.ceb.documents import Envelope, Receipt
from heartland.customs.ceb.xml import BEIJING, build_receipt

from . import conf, keys, wire
from .models import SandboxReceipt

logger = logging.getLogger("heartland.sandbox_customs")

#: The platform's receipt view, as the site's URLs name it (where an HTTP POST would go).
RECEIPTS_URL_NAME = "customs:receipts"
CONTENT_TYPE = "application/xml; charset=utf-8"
CUSTOMS = Envelope(guid="", copCode="GACC", copName="海关总署 (sandbox)", dxpId=wire.CUSTOMS_DXP_ID)


def receipt_of(row: SandboxReceipt) -> Receipt:
    def amount(value: Decimal | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    return Receipt(kind=row.kind, guid=row.document.guid, returnStatus=row.return_status,
                   returnTime=row.return_time.astimezone(BEIJING), returnInfo=row.return_info, keys=dict(row.keys),
                   customsTax=amount(row.customs_tax), valueAddedTax=amount(row.value_added_tax),
                   consumptionTax=amount(row.consumption_tax))


def signed_xml(row: SandboxReceipt) -> bytes:
    """The receipt as customs sends it: its message, signed with the sandbox customs' key."""
    envelope = Envelope(guid=row.guid, copCode=CUSTOMS.copCode, copName=CUSTOMS.copName, dxpId=CUSTOMS.dxpId)
    own = keys.own()
    return signing.sign(build_receipt(receipt_of(row), envelope), own.key, own.certificate)


def post_in_process(path: str, body: bytes, content_type: str = CONTENT_TYPE) -> inprocess.Answer:
    """The receipt delivered where an HTTP POST would go, answered in-process."""
    return inprocess.post_body(path, body, content_type)


def _post_http(url: str, body: bytes) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": CONTENT_TYPE, "User-Agent": "heartland-sandbox-customs"})
    try:
        with urllib.request.urlopen(request, timeout=conf.http_timeout()) as response:  # noqa: S310 (configured URL)
            return response.status, response.read(1000).decode("utf-8", "replace").strip()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(1000).decode("utf-8", "replace").strip()


def send(body: bytes) -> tuple[int, str]:
    """POST one signed receipt to the platform: (HTTP status, body); status 0 when unreachable."""
    url = conf.receipt_url()
    if url:
        try:
            return _post_http(url, body)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return 0, f"unreachable: {exc}"
    try:
        path = reverse(RECEIPTS_URL_NAME)
    except NoReverseMatch:
        return 0, f"the platform has no {RECEIPTS_URL_NAME} URL"
    answer = post_in_process(path, body)
    return answer.status, answer.body.strip()


def deliver(receipt_id: int, *, repeat: bool = False) -> bool:
    """Send the receipt once; True when the platform acknowledged it (or it was acknowledged
    before: then nothing is sent, unless ``repeat`` — a deliberate duplicate, whose answer
    changes nothing here)."""
    with transaction.atomic():
        row = SandboxReceipt.objects.select_for_update().select_related("document").filter(pk=receipt_id).first()
        if row is None or (row.acknowledged_at and not repeat):
            return True
        row.attempts += 1
        row.save(update_fields=["attempts"])
        body = signed_xml(row)
    status, answer = send(body)
    acknowledged = status == 200 and answer == "success"
    SandboxReceipt.objects.filter(pk=receipt_id).update(last_answer=f"HTTP {status} {answer}"[:200])
    if acknowledged:
        SandboxReceipt.objects.filter(pk=receipt_id, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now())
        return True
    if not repeat:
        logger.warning("sandbox customs receipt %s not acknowledged: HTTP %s %r", receipt_id, status, answer[:100])
    return repeat
