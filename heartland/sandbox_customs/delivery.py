"""Sending one receipt to the platform: the CEB312/412/512/622 message built from the stored
receipt, signed with the sandbox customs' key, POSTed as ``application/xml`` — over HTTP when
``HEARTLAND_SANDBOX_CUSTOMS_RECEIPT_URL`` is set, otherwise to the platform's ``customs:receipts``
view in-process (reached by its URL, without a socket, as ``core.inprocess`` does for forms).
The platform acknowledges with HTTP 200 and the body ``success``; anything else is retried
(``outbox``)."""
from __future__ import annotations

import io
import logging
import sys
import urllib.error
import urllib.request
from decimal import Decimal

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.urls import NoReverseMatch, get_script_prefix, resolve, reverse
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
    """``core.inprocess.post`` for a raw body (it sends forms only): the request a server would
    build, resolved and answered in-process; the view's exception becomes its HTTP answer."""
    prefix = get_script_prefix()
    path_info = path[len(prefix) - 1:] if path.startswith(prefix) else path
    request = WSGIRequest({
        "REQUEST_METHOD": "POST", "SCRIPT_NAME": prefix.rstrip("/"), "PATH_INFO": path_info, "QUERY_STRING": "",
        "SERVER_NAME": inprocess.SERVER_NAME, "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http",
    })
    request.in_process = True

    def view(request):
        match = resolve(request.path_info)
        request.resolver_match = match
        return match.func(request, *match.args, **match.kwargs)

    response = convert_exception_to_response(view)(request)
    if hasattr(response, "render") and callable(response.render):
        response.render()
    return inprocess.Answer(status=response.status_code,
                            body=response.content.decode(response.charset or "utf-8", "replace"))


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
