"""The sandbox carrier's behaviour: books parcels (a waybill number in the UPU S10 shape), answers
tracking and cancel requests, and advances each parcel one milestone at a time — picked up, in
transit, arrived in the destination country, out for delivery, delivered — POSTing each event,
HMAC-signed with the shared secret, to the platform's webhook (over HTTP when
``HEARTLAND_SANDBOX_CARRIER_WEBHOOK_URL`` is set, otherwise ``fulfillment:tracking`` in-process)."""
from __future__ import annotations

import json
import logging
import secrets
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from heartland.core import inprocess
from heartland.fulfillment import conf, signing
from heartland.fulfillment.sandbox_client import dumps

from .models import SandboxEvent, SandboxParcel

logger = logging.getLogger("heartland.sandbox_carrier")

CODE = "sandbox"
MARKETS = ("CN", "HK", "JP", "KR", "SG")
# Where parcels go: the markets, and the United States for a shopper's return to the farm.
DESTINATIONS = (*MARKETS, "US")
STAGES = ("picked_up", "in_transit", "arrived_destination", "out_for_delivery", "delivered")
HUBS = {"CN": "Shanghai, CN", "HK": "Hong Kong, HK", "JP": "Tokyo, JP", "KR": "Incheon, KR", "SG": "Singapore, SG",
        "US": "Chicago, IL, US"}
DESCRIPTIONS = {
    "picked_up": "Picked up from the shipper",
    "in_transit": "Departed the country of origin (international service centre)",
    "arrived_destination": "Arrived in the destination country",
    "out_for_delivery": "Out for delivery",
    "delivered": "Delivered",
}
HUBS_OUT = {code: HUBS[code] for code in MARKETS}  # a return leaves through its market's hub
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


class Refused(Exception):
    pass


def s10_check_digit(serial: str) -> str:
    check = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return "0" if check == 10 else "5" if check == 11 else str(check)


def new_tracking_number() -> str:
    serial = f"{secrets.randbelow(10 ** 8):08d}"
    return f"LH{serial}{s10_check_digit(serial)}US"


# --- the API ------------------------------------------------------------------------------------
def book(data: dict[str, Any]) -> dict[str, Any]:
    reference = str(data.get("reference") or "")[:64]
    consignee, shipper = data.get("consignee") or {}, data.get("shipper") or {}
    parcels = data.get("parcels") or []
    if not reference:
        raise Refused("reference missing")
    if consignee.get("country") not in DESTINATIONS:
        raise Refused(f"no service to {consignee.get('country')!r}")
    if not parcels or any(float(p.get("weight_kg") or 0) <= 0 for p in parcels):
        raise Refused("every parcel needs a weight")
    existing = SandboxParcel.objects.filter(reference=reference, cancelled_at__isnull=True).first()
    if existing is None:
        for _ in range(5):
            try:
                with transaction.atomic():
                    existing = SandboxParcel.objects.create(
                        tracking_number=new_tracking_number(), reference=reference,
                        service_level=str(data.get("service_level") or ""), destination=consignee["country"],
                        shipper_city=", ".join(x for x in (shipper.get("city"), shipper.get("region"),
                                                           shipper.get("country") or "US") if x),
                        consignee_city=str(consignee.get("city") or consignee.get("region") or ""), request=data)
                break
            except IntegrityError:  # the waybill number is taken: draw another
                continue
        else:
            raise Refused("no free waybill number")
    return {"ok": True, "tracking_number": existing.tracking_number, "carrier_reference": f"SBX-{existing.pk}",
            "label": {"routing": f"{existing.destination}-{existing.service_level[:3].upper()}",
                      "sort_code": HUBS[existing.destination].split(",")[0].upper(),
                      "carrier_name": "Heartland Sandbox Post"}}


def _event_fields(event: SandboxEvent) -> dict[str, str]:
    return {"event_id": event.event_id, "tracking_number": event.parcel.tracking_number, "code": event.code,
            "occurred_at": event.occurred_at.isoformat(), "location": event.location,
            "description": event.description}


def track(data: dict[str, Any]) -> dict[str, Any]:
    parcel = SandboxParcel.objects.filter(tracking_number=str(data.get("tracking_number") or "")).first()
    if parcel is None:
        raise Refused("no such waybill")
    return {"ok": True, "events": [_event_fields(e) for e in parcel.events.select_related("parcel")]}


def cancel(data: dict[str, Any]) -> dict[str, Any]:
    parcel = SandboxParcel.objects.filter(tracking_number=str(data.get("tracking_number") or "")).first()
    if parcel is None:
        raise Refused("no such waybill")
    if parcel.stage > 0:
        raise Refused("already picked up; it cannot be cancelled")
    if parcel.cancelled_at is None:
        parcel.cancelled_at = timezone.now()
        parcel.save(update_fields=["cancelled_at"])
    return {"ok": True}


METHODS = {"book": book, "track": track, "cancel": cancel}


def handle_api(params: dict[str, str]) -> tuple[int, dict[str, str]]:
    """Verify a signed request, run it, and sign the answer."""
    secret = conf.sandbox_carrier_secret()
    method, payload = params.get("method", ""), params.get("payload", "")
    if not signing.verify(secret, f"{method}\n{payload}", params.get("signature", "")):
        return 403, {"error": "invalid signature"}
    handler = METHODS.get(method)
    try:
        if handler is None:
            raise Refused(f"unknown method {method!r}")
        data = json.loads(payload)
        if not isinstance(data, dict):
            raise Refused("payload: expected an object")
        result = handler(data)
    except (Refused, ValueError, KeyError, TypeError) as exc:
        result = {"ok": False, "error": str(exc)}
    answer = dumps(result)
    return 200, {"response": answer, "signature": signing.sign(secret, answer)}


# --- tracking events ----------------------------------------------------------------------------
def _location(parcel: SandboxParcel, code: str) -> str:
    if code == "picked_up":
        return parcel.shipper_city
    if code == "in_transit":  # the international service centre of the country it leaves
        return "Chicago, IL, US" if parcel.destination != "US" else HUBS_OUT.get(parcel.shipper_city[-2:], "")
    if code == "arrived_destination":
        return HUBS.get(parcel.destination, parcel.destination)
    return ", ".join(x for x in (parcel.consignee_city, parcel.destination) if x)


def advance(parcel: SandboxParcel) -> SandboxEvent | None:
    """Emit the parcel's next milestone (None when it is delivered or cancelled)."""
    with transaction.atomic():
        parcel = SandboxParcel.objects.select_for_update().get(pk=parcel.pk)
        if parcel.cancelled_at or parcel.stage >= len(STAGES):
            return None
        code = STAGES[parcel.stage]
        event = SandboxEvent.objects.create(parcel=parcel, event_id=uuid.uuid4().hex, code=code,
                                            occurred_at=timezone.now(), location=_location(parcel, code),
                                            description=DESCRIPTIONS[code])
        parcel.stage += 1
        parcel.save(update_fields=["stage"])
    return event


def emit(event: SandboxEvent) -> dict[str, str]:
    """The signed webhook form for one event."""
    payload = dumps({"events": [_event_fields(event)]})
    return {"payload": payload, "signature": signing.sign(conf.sandbox_carrier_secret(), payload)}


def _post(url: str, params: dict[str, str]) -> tuple[int, str]:
    body = urllib.parse.urlencode(params).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded;charset=utf-8", "User-Agent": "heartland-sandbox-carrier"})
    try:
        with urllib.request.urlopen(request, timeout=conf.http_timeout()) as response:  # noqa: S310 (configured URL)
            return response.status, response.read(1000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(1000).decode("utf-8", "replace")


def deliver(event: SandboxEvent) -> bool:
    """POST one event to the platform; True once acknowledged (200). Safe to repeat: the platform
    stores an event once by its id."""
    if event.acknowledged_at:
        return True
    SandboxEvent.objects.filter(pk=event.pk).update(attempts=event.attempts + 1)
    params = emit(event)
    url = conf.sandbox_webhook_url()
    if url:
        try:
            status, body = _post(url, params)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            logger.warning("sandbox tracking event %s to %s failed: %s", event.event_id, url, exc)
            return False
    else:
        answer = inprocess.post(reverse("fulfillment:tracking", args=[CODE]), params)
        status, body = answer.status, answer.body
    if status == 200:
        SandboxEvent.objects.filter(pk=event.pk).update(acknowledged_at=timezone.now())
        return True
    logger.warning("sandbox tracking event %s not acknowledged: HTTP %s %r", event.event_id, status, body[:100])
    return False


def advance_all(*, tracking_numbers: list[str] | None = None, steps: int = 1) -> list[SandboxEvent]:
    """Advance every live parcel (or the ones named) by ``steps`` milestones, delivering each new
    event and any earlier one the platform has not acknowledged."""
    parcels = SandboxParcel.objects.filter(cancelled_at__isnull=True, stage__lt=len(STAGES))
    if tracking_numbers:
        parcels = parcels.filter(tracking_number__in=tracking_numbers)
    for event in SandboxEvent.objects.filter(acknowledged_at__isnull=True).select_related("parcel"):
        deliver(event)
    emitted = []
    for parcel in list(parcels):
        for _ in range(steps):
            event = advance(parcel)
            if event is None:
                break
            emitted.append(event)
            deliver(SandboxEvent.objects.select_related("parcel").get(pk=event.pk))
    return emitted
