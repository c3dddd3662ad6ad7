"""The sandbox carrier, platform side: calls its API by URL — over HTTP when
``HEARTLAND_SANDBOX_CARRIER_URL`` is set, otherwise the ``sandbox_carrier:api`` view in-process
(``core.inprocess``) — every request and answer HMAC-signed with the shared secret. Never
imports the sandbox app."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.dateparse import parse_datetime

from heartland.core import inprocess

from . import conf, signing
from .carriers import (
    EVENT_CODES,
    Booking,
    BookingRequest,
    Carrier,
    CarrierError,
    CarrierUnavailable,
    InvalidSignature,
    MalformedMessage,
    TrackingUpdate,
)


def _json_default(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default)


def request_message(method: str, payload: str) -> str:
    return f"{method}\n{payload}"


def updates_from(raw_events: Any) -> list[TrackingUpdate]:
    if not isinstance(raw_events, list):
        raise MalformedMessage("events: expected a list")
    updates = []
    for raw in raw_events:
        if not isinstance(raw, dict):
            raise MalformedMessage("event: expected an object")
        try:
            event_id, number, code = str(raw["event_id"]), str(raw["tracking_number"]), str(raw["code"])
            occurred = parse_datetime(str(raw["occurred_at"]))
        except (KeyError, ValueError) as exc:
            raise MalformedMessage(f"event: {exc}") from None
        if not event_id or len(event_id) > 64 or not number or len(number) > 40:
            raise MalformedMessage("event: event_id or tracking_number missing or too long")
        if code not in EVENT_CODES:
            raise MalformedMessage(f"event: unknown code {code!r}")
        if occurred is None or occurred.tzinfo is None:
            raise MalformedMessage("event: occurred_at must be an ISO time with its offset")
        updates.append(TrackingUpdate(event_id=event_id, tracking_number=number, code=code, occurred_at=occurred,
                                      location=str(raw.get("location", ""))[:120],
                                      description=str(raw.get("description", ""))[:255]))
    return updates


class SandboxCarrier(Carrier):
    code = "sandbox"
    name = "Heartland Sandbox Post"
    ack_body = "ok"

    def __init__(self) -> None:
        if not conf.sandbox_enabled():
            raise CarrierUnavailable("The sandbox carrier is switched off (HEARTLAND_SANDBOX_ENABLED).")

    def _call(self, method: str, data: dict[str, Any]) -> dict[str, Any]:
        secret = conf.sandbox_carrier_secret()
        payload = dumps(data)
        params = {"method": method, "payload": payload, "signature": signing.sign(secret, request_message(method,
                                                                                                          payload))}
        url = conf.sandbox_carrier_url()
        if url:
            body = urllib.parse.urlencode(params).encode("utf-8")
            req = urllib.request.Request(url, data=body, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded;charset=utf-8", "Accept": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=conf.http_timeout()) as response:  # noqa: S310 (configured URL)
                    status, text = response.status, response.read(1_000_000).decode("utf-8")
            except urllib.error.HTTPError as exc:
                status, text = exc.code, exc.read(1_000_000).decode("utf-8", "replace")
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                raise CarrierError(f"The carrier could not be reached ({exc}); try again in a few minutes.") from exc
        else:
            answer = inprocess.post(reverse("sandbox_carrier:api"), params)
            status, text = answer.status, answer.body
        try:
            envelope = json.loads(text)
            answer_payload, answer_signature = envelope["response"], envelope["signature"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CarrierError(f"The carrier answered HTTP {status} without a readable answer.") from exc
        if not signing.verify(secret, answer_payload, answer_signature):
            raise InvalidSignature("The carrier's answer is not signed with the shared secret.")
        result = json.loads(answer_payload)
        if not result.get("ok"):
            raise CarrierError(str(result.get("error") or f"The carrier refused the {method} request."))
        return result

    def book(self, request: BookingRequest) -> Booking:
        result = self._call("book", {
            "reference": request.reference, "service_level": request.service_level,
            "shipper": request.shipper.__dict__, "consignee": request.consignee.__dict__,
            "parcels": [p.__dict__ for p in request.parcels], "contents": [c.__dict__ for c in request.contents],
            "aes_itn": request.aes_itn, "eei_exemption": request.eei_exemption})
        try:
            return Booking(tracking_number=str(result["tracking_number"]),
                           carrier_reference=str(result["carrier_reference"]), label=dict(result.get("label") or {}))
        except KeyError as exc:
            raise CarrierError(f"The carrier's booking lacks {exc}.") from None

    def track(self, tracking_number: str) -> list[TrackingUpdate]:
        return updates_from(self._call("track", {"tracking_number": tracking_number}).get("events"))

    def cancel(self, tracking_number: str) -> None:
        self._call("cancel", {"tracking_number": tracking_number})

    def parse_webhook(self, params: Mapping[str, str]) -> list[TrackingUpdate]:
        payload, signature = params.get("payload", ""), params.get("signature", "")
        if not signing.verify(conf.sandbox_carrier_secret(), payload, signature):
            raise InvalidSignature("tracking events not signed with the shared secret")
        try:
            data = json.loads(payload)
        except ValueError:
            raise MalformedMessage("payload is not JSON") from None
        if not isinstance(data, dict):
            raise MalformedMessage("payload: expected an object")
        return updates_from(data.get("events"))


def iso(moment: datetime) -> str:
    return moment.isoformat()
