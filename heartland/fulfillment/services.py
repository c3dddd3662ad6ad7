"""Writes: booking a farm's part with a carrier, recording what the carrier reports, applying a
delivery. Keyword-only; one transaction each; signals on commit."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from heartland.core.errors import DomainError
from heartland.orders import services as order_services
from heartland.orders import states
from heartland.orders.models import MerchantOrder

from . import selectors, signals
from .carriers import (
    Address,
    BookingRequest,
    Carrier,
    CarrierError,
    ContentLine,
    Parcel,
    TrackingUpdate,
    get_carrier,
)
from .models import RANK, Milestone, Package, Shipment, TrackingEvent

logger = logging.getLogger("heartland.fulfillment")

MAX_PACKAGES = 10
MAX_DIMENSION_CM = Decimal("300")


@dataclass(frozen=True)
class PackageInput:
    weight_kg: Decimal
    length_cm: Decimal | None = None
    width_cm: Decimal | None = None
    height_cm: Decimal | None = None


def _decimal(value, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        raise DomainError("package_invalid", f"{what}: give a decimal number.")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise DomainError("package_invalid", f"{what}: “{value}” is not a number.") from None
    if not number.is_finite() or number <= 0:
        raise DomainError("package_invalid", f"{what} must be more than 0.")
    return number


def _plain(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _clean_packages(packages: Sequence[PackageInput], max_kg: Decimal | None) -> list[PackageInput]:
    if not packages:
        raise DomainError("packages_required", "Add at least one package with its weight.", field="packages")
    if len(packages) > MAX_PACKAGES:
        raise DomainError("packages_too_many", f"At most {MAX_PACKAGES} packages per shipment.", field="packages")
    cleaned = []
    for i, p in enumerate(packages, start=1):
        weight = _decimal(p.weight_kg, f"Package {i} weight")
        if weight is None:
            raise DomainError("package_invalid", f"Package {i}: enter its weight in kg.", field="packages")
        if weight != weight.quantize(Decimal("0.001")):
            raise DomainError("package_invalid", f"Package {i}: weigh to the gram (3 decimals in kg).")
        if max_kg is not None and weight > max_kg:
            raise DomainError("package_too_heavy", f"Package {i} weighs {weight} kg; this service takes at most "
                                                   f"{_plain(max_kg)} kg per package. Split it.")
        dims = [_decimal(d, f"Package {i} {name}") for name, d in
                (("length", p.length_cm), ("width", p.width_cm), ("height", p.height_cm))]
        if any(d is not None for d in dims) and any(d is None for d in dims):
            raise DomainError("package_invalid", f"Package {i}: give all three dimensions or none.")
        if any(d is not None and d > MAX_DIMENSION_CM for d in dims):
            raise DomainError("package_invalid", f"Package {i}: no side may exceed {MAX_DIMENSION_CM} cm.")
        dims = [d.quantize(Decimal("0.1")) if d is not None else None for d in dims]
        cleaned.append(PackageInput(weight, *dims))
    return cleaned


def booking_request(mo: MerchantOrder, *, service_level: str, packages: Sequence[PackageInput], aes_itn: str,
                    eei_exemption: str) -> BookingRequest:
    merchant, order = mo.merchant, mo.order
    shipper = Address(name=merchant.contact_name or merchant.trading_name, company=merchant.legal_name,
                      phone=merchant.contact_phone,
                      lines=tuple(x for x in (merchant.address_line1, merchant.address_line2) if x),
                      city=merchant.city, region=merchant.state, postcode=merchant.zip_code, country="US")
    consignee = Address(name=order.consignee_name, phone=order.consignee_phone, lines=(order.consignee_address,),
                        city=" ".join(x for x in (order.consignee_city, order.consignee_district) if x),
                        region=order.consignee_region, postcode=order.consignee_postcode,
                        country=order.consignee_country)
    contents = tuple(ContentLine(description=line.title_en, hs_code=line.hs_code, quantity=line.quantity,
                                 value_usd=line.unit_price_usd * line.quantity,
                                 origin=(line.variant.country_of_origin if line.variant else "US") or "US")
                     for line in mo.lines.select_related("variant").order_by("id"))
    return BookingRequest(reference=mo.number, service_level=service_level, shipper=shipper, consignee=consignee,
                          parcels=tuple(Parcel(p.weight_kg, p.length_cm, p.width_cm, p.height_cm) for p in packages),
                          contents=contents, aes_itn=aes_itn, eei_exemption=eei_exemption)


def book_shipment(*, merchant_order: MerchantOrder, by, service_level: str, packages: Sequence[PackageInput],
                  aes_itn: str = "", carrier: str | None = None) -> Shipment:
    """The farm ships its accepted part: checks the service level (never cheaper than the shopper
    paid for), the packages and the US export rules (an embargoed destination or a line without
    an HS code is refused; EEI needs the ITN), books it with the carrier, records the waybill and
    moves the part to shipped. ``shipment_booked`` is sent on commit."""
    with transaction.atomic():
        mo = MerchantOrder.objects.select_for_update().select_related("order", "merchant").get(pk=merchant_order.pk)
        if Shipment.objects.filter(merchant_order=mo).exists():
            raise DomainError("already_shipped", "This part is already booked with a carrier.")
        if mo.status != states.ACCEPTED:
            raise DomainError("not_accepted", f"Only an accepted part can be shipped; this one is "
                                              f"“{states.label(mo.status)}”.")
        levels = selectors.service_levels_for(mo.order)
        if service_level not in levels:
            raise DomainError("service_level", f"The shopper paid for {mo.order.service_level} shipping: choose "
                                               f"{' or '.join(levels)}.", field="service_level")
        cleaned = _clean_packages(packages, selectors.max_parcel_kg(mo.order, service_level))
        verdict = selectors.export_verdict(merchant_order=mo, itn=aes_itn)
        if verdict.refusals:
            raise DomainError(verdict.refusals[0].code, " ".join(p.message for p in verdict.refusals))
        if verdict.itn_problem is not None:
            raise DomainError(verdict.itn_problem.code, verdict.itn_problem.message, field="aes_itn")
        try:
            provider: Carrier = get_carrier(carrier)
            booking = provider.book(booking_request(mo, service_level=service_level, packages=cleaned,
                                                    aes_itn=verdict.itn, eei_exemption=verdict.legend))
        except CarrierError as exc:
            raise DomainError("carrier_error", f"The carrier could not book it: {exc}") from exc
        try:
            with transaction.atomic():
                shipment = Shipment.objects.create(
                    merchant_order=mo, carrier=provider.code, service_level=service_level,
                    tracking_number=booking.tracking_number, carrier_reference=booking.carrier_reference,
                    weight_kg=sum((p.weight_kg for p in cleaned), Decimal(0)),
                    declared_value_usd=sum((v for v in verdict.values_by_hs6.values()), Decimal(0)),
                    destination=mo.order.consignee_country, aes_itn=verdict.itn, eei_exemption=verdict.legend,
                    label=booking.label, booked_at=timezone.now(), booked_by=by)
                Package.objects.bulk_create(
                    Package(shipment=shipment, position=i, weight_kg=p.weight_kg, length_cm=p.length_cm,
                            width_cm=p.width_cm, height_cm=p.height_cm) for i, p in enumerate(cleaned, start=1))
                order_services.move_part(merchant_order=mo, to=states.SHIPPED, event="merchant", by=by)
        except Exception:
            _cancel_quietly(provider, booking.tracking_number)
            raise
        transaction.on_commit(lambda: signals.shipment_booked.send(sender=Shipment, shipment=shipment))
    return shipment


def _cancel_quietly(provider: Carrier, tracking_number: str) -> None:
    try:
        provider.cancel(tracking_number)
    except CarrierError:
        logger.exception("booking %s not recorded and not cancelled with %s", tracking_number, provider.code)


@dataclass
class TrackingResult:
    recorded: list = field(default_factory=list)  # the events stored by this call
    duplicates: int = 0
    unknown: list[str] = field(default_factory=list)


def store_tracking(*, carrier: str, updates: Sequence[TrackingUpdate], shipments, events,
                   on_delivered: Callable[[Any, TrackingUpdate], None]) -> TrackingResult:
    """Store a carrier's events for one kind of parcel (``shipments``/``events``: the parcel and
    event models, outbound or return), each event once (a repeat is a no-op), in any order: the
    parcel's status is the furthest milestone reached. ``on_delivered(parcel, update)`` runs in the
    same transaction for a newly stored delivery."""
    result = TrackingResult()
    for update in updates:
        with transaction.atomic():
            shipment = (shipments.objects.select_for_update()
                        .filter(carrier=carrier, tracking_number=update.tracking_number).first())
            if shipment is None:
                result.unknown.append(update.tracking_number)
                continue
            event, created = events.objects.get_or_create(
                carrier=carrier, carrier_event_id=update.event_id,
                defaults={"shipment": shipment, "code": update.code, "occurred_at": update.occurred_at,
                          "location": update.location, "description": update.description})
            if not created:
                result.duplicates += 1
                continue
            result.recorded.append(event)
            fields = [f for f in ("updated_at",) if hasattr(shipment, f)]
            if RANK[update.code] > RANK[shipment.status]:
                shipment.status = update.code
                fields.append("status")
            if hasattr(shipment, "last_event_at") and (
                    shipment.last_event_at is None or update.occurred_at > shipment.last_event_at):
                shipment.last_event_at = update.occurred_at
                fields.append("last_event_at")
            if update.code == Milestone.DELIVERED and shipment.delivered_at is None:
                shipment.delivered_at = update.occurred_at
                fields.append("delivered_at")
            if fields:
                shipment.save(update_fields=fields)
            if update.code == Milestone.DELIVERED:
                on_delivered(shipment, update)
    return result


def record_tracking(*, carrier: str, updates: Sequence[TrackingUpdate]) -> TrackingResult:
    """What the carrier reported about outbound parcels. A delivery moves the part to delivered —
    a mainland part only once customs has released it (until then it waits, see
    ``apply_pending_delivery``)."""
    return store_tracking(carrier=carrier, updates=updates, shipments=Shipment, events=TrackingEvent,
                          on_delivered=lambda shipment, _update: _apply_delivery(shipment))


def _delivery_may_apply(mo: MerchantOrder) -> bool:
    if mo.order.market == "CN":  # through CBEC customs: delivered only after release
        return mo.status == states.RELEASED
    return mo.status == states.SHIPPED


def _apply_delivery(shipment: Shipment) -> bool:
    """Inside a transaction holding the shipment: move the part to delivered if a delivery is
    waiting and the part may take it."""
    waiting = shipment.events.filter(code=Milestone.DELIVERED, applied_at__isnull=True).order_by("occurred_at").first()
    if waiting is None:
        return False
    mo = MerchantOrder.objects.select_related("order").get(pk=shipment.merchant_order_id)
    if mo.status in (states.DELIVERED, states.COMPLETED):  # an operator was first
        TrackingEvent.objects.filter(pk=waiting.pk).update(applied_at=timezone.now())
        return False
    if not _delivery_may_apply(mo):
        return False
    order_services.move_part(merchant_order=mo, to=states.DELIVERED, event="carrier")
    TrackingEvent.objects.filter(pk=waiting.pk).update(applied_at=timezone.now())
    transaction.on_commit(lambda: signals.shipment_delivered.send(sender=Shipment, shipment=shipment))
    return True


def apply_pending_delivery(*, merchant_order: MerchantOrder) -> bool:
    """Customs released a mainland part: a delivery the carrier reported earlier applies now."""
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().filter(merchant_order_id=merchant_order.pk).first()
        return False if shipment is None else _apply_delivery(shipment)


def refresh_tracking(*, shipment: Shipment) -> TrackingResult:
    """Ask the carrier for the parcel's events (when a webhook may have been missed)."""
    try:
        updates = get_carrier(shipment.carrier).track(shipment.tracking_number)
    except CarrierError as exc:
        raise DomainError("carrier_error", f"The carrier could not be asked: {exc}") from exc
    return record_tracking(carrier=shipment.carrier, updates=updates)
