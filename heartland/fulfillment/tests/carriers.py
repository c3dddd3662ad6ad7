"""A carrier for return tests: the sandbox carrier's client (its signed webhook, its outbound
bookings), except that it also books parcels *to* the United States — the sandbox carrier itself
serves only the five markets, so it refuses a return going back to a farm."""
from __future__ import annotations

import itertools

from heartland.fulfillment.carriers import Booking, BookingRequest
from heartland.fulfillment.sandbox_client import SandboxCarrier

_serial = itertools.count(10000001)
BOOKED: list[BookingRequest] = []
CANCELLED: list[str] = []


class ReturnsCarrier(SandboxCarrier):
    def book(self, request: BookingRequest) -> Booking:
        if request.consignee.country != "US":
            return super().book(request)
        BOOKED.append(request)
        return Booking(tracking_number=f"RR{next(_serial):08d}0US", carrier_reference=f"TEST-{request.reference}",
                       label={"routing": "US-RETURN"})

    def cancel(self, tracking_number: str) -> None:
        if tracking_number.startswith("RR"):
            CANCELLED.append(tracking_number)
            return
        super().cancel(tracking_number)


class RefusingCarrier(SandboxCarrier):
    """A carrier that books nothing (out of service, or no service to the farm's country)."""

    def book(self, request: BookingRequest) -> Booking:
        from heartland.fulfillment.carriers import CarrierError

        raise CarrierError(f"no service to {request.consignee.country!r}")
