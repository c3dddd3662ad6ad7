"""Reads for pages and other apps: a part's shipment and tracking, the service levels a farm may
ship a part with, the export verdict before booking."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from heartland.markets.rules_in_force import active_rules
from heartland.orders.models import MerchantOrder, Order

from .models import RANK, Milestone, Shipment, TrackingEvent
from .rules.export import ExportLine, ExportVerdict, check_export, rules_from

CARRIER_NAMES = {"sandbox": "Heartland Sandbox Post"}


@dataclass(frozen=True)
class TrackingStep:
    code: str
    label: str
    occurred_at: datetime
    location: str
    description: str


@dataclass(frozen=True)
class Tracking:
    """What a shopper (or the farm) sees of a parcel: the carrier, the waybill, where it is."""

    carrier: str
    carrier_name: str
    tracking_number: str
    service_level: str
    status: str
    status_label: str
    booked_at: datetime
    delivered_at: datetime | None
    delivery_waiting_for_customs: bool
    events: tuple[TrackingStep, ...]  # newest first


def shipment_for(merchant_order: MerchantOrder) -> Shipment | None:
    return (Shipment.objects.filter(merchant_order=merchant_order)
            .prefetch_related("packages", Prefetch("events", queryset=TrackingEvent.objects.order_by("occurred_at", "id")))
            .first())


def tracking_for(merchant_order: MerchantOrder) -> Tracking | None:
    """The parcel's tracking for one farm's part, or None before it is shipped."""
    shipment = shipment_for(merchant_order)
    if shipment is None:
        return None
    labels = dict(Milestone.choices)
    events = list(shipment.events.all())
    steps = tuple(TrackingStep(e.code, labels.get(e.code, e.code), e.occurred_at, e.location, e.description)
                  for e in reversed(events))
    waiting = any(e.code == Milestone.DELIVERED and e.applied_at is None for e in events)
    return Tracking(carrier=shipment.carrier, carrier_name=CARRIER_NAMES.get(shipment.carrier, shipment.carrier),
                    tracking_number=shipment.tracking_number, service_level=shipment.service_level,
                    status=shipment.status, status_label=labels.get(shipment.status, shipment.status),
                    booked_at=shipment.booked_at, delivered_at=shipment.delivered_at,
                    delivery_waiting_for_customs=waiting, events=steps)


def milestone_rank(code: str) -> int:
    return RANK.get(code, -1)


def service_levels_for(order: Order) -> list[str]:
    """The levels the part may ship with: the one the shopper paid for and any dearer one offered
    to the market, cheapest first (the shopper never gets a slower service than paid for)."""
    table = active_rules().shipping.rates.get(order.market, {})
    paid = table.get(order.service_level)
    if paid is None:
        return [order.service_level]
    dearer = sorted((rate for rate in table.values() if rate.first >= paid.first and rate.days_max <= paid.days_max),
                    key=lambda r: (r.first, r.service_level))
    return [r.service_level for r in dearer]


def max_parcel_kg(order: Order, service_level: str) -> Decimal | None:
    rate = active_rules().shipping.rates.get(order.market, {}).get(service_level)
    return rate.max_weight_g / 1000 if rate else None


def export_lines(merchant_order: MerchantOrder) -> list[ExportLine]:
    return [ExportLine(description=line.title_en, hs_code=line.hs_code, quantity=line.quantity,
                       value_usd=line.unit_price_usd * line.quantity)
            for line in merchant_order.lines.order_by("id")]


def export_verdict(*, merchant_order: MerchantOrder, itn: str = "") -> ExportVerdict:
    """The US export checks for this part as it would be booked today (rules in force)."""
    rules = rules_from(active_rules().at(timezone.now().date()))
    return check_export(destination=merchant_order.order.consignee_country, lines=export_lines(merchant_order),
                        rules=rules, itn=itn)
