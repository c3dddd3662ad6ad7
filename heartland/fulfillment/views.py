"""The carriers' webhook: signed tracking events (of parcels to shoppers and of returns going back to
farms), verified, applied once, answered 200."""
from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import returns, services
from .carriers import CarrierUnavailable, InvalidSignature, MalformedMessage, get_carrier


@csrf_exempt  # a carrier's server, authenticated by the message's signature
@require_POST
def tracking(request, carrier: str):
    try:
        provider = get_carrier(carrier)
    except CarrierUnavailable:
        raise Http404("no such carrier") from None
    try:
        updates = provider.parse_webhook(request.POST.dict())
    except InvalidSignature:
        return HttpResponseForbidden("invalid signature", content_type="text/plain")
    except MalformedMessage as exc:
        return HttpResponseBadRequest(f"malformed: {exc}", content_type="text/plain")
    result = services.record_tracking(carrier=provider.code, updates=updates)
    if result.unknown:  # not an outbound parcel: perhaps one going back to a farm
        unknown = set(result.unknown)
        back = returns.record_return_tracking(carrier=provider.code,
                                              updates=[u for u in updates if u.tracking_number in unknown])
        result.unknown = back.unknown
    if updates and len(result.unknown) == len(updates):
        return HttpResponse("unknown waybill", status=404, content_type="text/plain")  # the carrier retries later
    return HttpResponse(provider.ack_body, content_type="text/plain")
