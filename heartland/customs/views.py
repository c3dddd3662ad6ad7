"""Customs' receipts endpoint: POST, the signed receipt XML (CEB312/412/512/622) as the body.
The signature is checked with customs' certificate (never the one inside the message); each
receipt is applied once. Answers ``success`` (200), 403 for a bad or missing signature, 400 for
XML that is not a receipt."""
from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import conf, keys, services
from .ceb import signing
from .ceb.xml import CebXmlError, parse_receipts

log = logging.getLogger(__name__)
MAX_BODY = 1_000_000


@csrf_exempt
@require_POST
def receipts(request: HttpRequest) -> HttpResponse:
    body = request.body[:MAX_BODY + 1]
    if len(body) > MAX_BODY:
        return HttpResponse("too large", status=413, content_type="text/plain")
    if request.content_type == "application/x-www-form-urlencoded":
        body = request.POST.get("xml", "").encode("utf-8")
    certificate = keys.receipt_certificate()
    if certificate is None or not signing.verify(body, certificate, algorithms=(conf.signature_algorithm(),),
                                                 digests=(conf.digest(),)):
        return HttpResponse("signature", status=403, content_type="text/plain")
    try:
        found = parse_receipts(body)
    except CebXmlError as exc:
        return HttpResponse(f"not a receipt: {exc}"[:300], status=400, content_type="text/plain")
    for receipt in found:
        outcome = services.apply_receipt(receipt=receipt)
        log.info("customs receipt %s %s %s: %s", receipt.kind, receipt.returnStatus, receipt.keys, outcome)
    return HttpResponse("success", content_type="text/plain")
