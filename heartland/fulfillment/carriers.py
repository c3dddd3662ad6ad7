"""The carrier interface: what Heartland asks of any carrier (book, track, cancel) and what it
hears back (signed tracking events at ``fulfillment:tracking``).

A carrier is a ``Carrier`` subclass found by its code (``get_carrier``): the sandbox carrier's
client (``sandbox_client.SandboxCarrier``) is one; a real carrier plugs in through
``HEARTLAND_CARRIERS = {"code": "dotted.path.Class"}``. The rest of the app speaks only these
dataclasses, never a carrier's wire format.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils.module_loading import import_string

from . import conf

#: The milestones a carrier reports (``models.Milestone`` without ``booked``), on the wire.
EVENT_CODES = ("picked_up", "in_transit", "arrived_destination", "out_for_delivery", "delivered")

BUILT_IN = {"sandbox": "heartland.fulfillment.sandbox_client.SandboxCarrier"}


class CarrierError(Exception):
    """The carrier refused or could not be reached; the message is safe to show a merchant."""


class CarrierUnavailable(CarrierError):
    pass


class InvalidSignature(CarrierError):
    pass


class MalformedMessage(CarrierError):
    pass


@dataclass(frozen=True)
class Address:
    name: str
    phone: str
    lines: tuple[str, ...]
    city: str
    region: str
    postcode: str
    country: str
    company: str = ""


@dataclass(frozen=True)
class Parcel:
    weight_kg: Decimal
    length_cm: Decimal | None = None
    width_cm: Decimal | None = None
    height_cm: Decimal | None = None


@dataclass(frozen=True)
class ContentLine:
    description: str
    hs_code: str
    quantity: int
    value_usd: Decimal
    origin: str = "US"


@dataclass(frozen=True)
class BookingRequest:
    reference: str          # the farm's part number: a repeated booking returns the same waybill
    service_level: str
    shipper: Address
    consignee: Address
    parcels: tuple[Parcel, ...]
    contents: tuple[ContentLine, ...]
    aes_itn: str = ""
    eei_exemption: str = ""


@dataclass(frozen=True)
class Booking:
    tracking_number: str
    carrier_reference: str
    label: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TrackingUpdate:
    event_id: str
    tracking_number: str
    code: str
    occurred_at: datetime
    location: str = ""
    description: str = ""


class Carrier(ABC):
    code: str = ""
    name: str = ""
    #: The answer body the carrier expects from the webhook.
    ack_body: str = "ok"

    @abstractmethod
    def book(self, request: BookingRequest) -> Booking: ...

    @abstractmethod
    def track(self, tracking_number: str) -> list[TrackingUpdate]: ...

    @abstractmethod
    def cancel(self, tracking_number: str) -> None: ...

    @abstractmethod
    def parse_webhook(self, params: Mapping[str, str]) -> list[TrackingUpdate]:
        """Verify and read a webhook POST; raises InvalidSignature or MalformedMessage."""


def carrier_paths() -> dict[str, str]:
    return {**BUILT_IN, **conf.extra_carriers()}


def get_carrier(code: str | None = None) -> Carrier:
    code = code or conf.default_carrier()
    path = carrier_paths().get(code)
    if path is None:
        raise CarrierUnavailable(f"No carrier “{code}” is configured.")
    return import_string(path)()
