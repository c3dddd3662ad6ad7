"""Shipments of a farm's part: the carrier's waybill, its parcels and what the carrier reports.

One ``Shipment`` per ``MerchantOrder`` (one parcel set, one waybill). ``TrackingEvent`` rows are
what the carrier said, each once (unique by the carrier's event id), in any order; the shipment's
``status`` is the furthest milestone reached, so an event arriving late never moves it back.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Milestone(models.TextChoices):
    """Where a parcel is, in the order a parcel gets there (``RANK``)."""

    BOOKED = "booked", "Booked — waiting for pick-up"
    PICKED_UP = "picked_up", "Picked up"
    IN_TRANSIT = "in_transit", "In transit"
    ARRIVED = "arrived_destination", "Arrived in the destination country"
    OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
    DELIVERED = "delivered", "Delivered"


RANK = {m.value: i for i, m in enumerate(Milestone)}


class Shipment(models.Model):
    """The carrier's booking of one farm's part: service level, waybill, parcels, export filing."""

    merchant_order = models.OneToOneField("orders.MerchantOrder", on_delete=models.PROTECT, related_name="shipment")
    carrier = models.CharField(max_length=20, help_text="The carrier's code in carriers.py (e.g. sandbox)")
    service_level = models.CharField(max_length=20)
    tracking_number = models.CharField(max_length=40, help_text="The waybill number the carrier issued")
    carrier_reference = models.CharField(max_length=64, blank=True, help_text="The carrier's own id of the booking")
    weight_kg = models.DecimalField(max_digits=8, decimal_places=3, help_text="Gross weight of all packages")
    declared_value_usd = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    destination = models.CharField(max_length=2)
    status = models.CharField(max_length=24, choices=Milestone.choices, default=Milestone.BOOKED, db_index=True)
    aes_itn = models.CharField("AES ITN", max_length=15, blank=True,
                               help_text="Internal Transaction Number of the EEI filed in AES (X + 14 digits)")
    eei_exemption = models.CharField(max_length=40, blank=True,
                                     help_text="The exemption legend when no EEI was needed (NOEEI §30.37(a))")
    label = models.JSONField(default=dict, blank=True, help_text="What the carrier returned for the label")
    booked_at = models.DateTimeField()
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    delivered_at = models.DateTimeField(null=True, blank=True, help_text="When the carrier delivered it")
    last_event_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-booked_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "tracking_number"], name="fulfillment_waybill_unique"),
            models.CheckConstraint(condition=Q(weight_kg__gt=0), name="fulfillment_shipment_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}"


class Package(models.Model):
    """One box of a shipment: its gross weight and, if measured, its outside dimensions."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="packages")
    position = models.PositiveSmallIntegerField()
    weight_kg = models.DecimalField(max_digits=8, decimal_places=3)
    length_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    width_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    height_cm = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["shipment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "position"], name="fulfillment_package_position_unique"),
            models.CheckConstraint(condition=Q(weight_kg__gt=0), name="fulfillment_package_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.shipment} #{self.position}: {self.weight_kg} kg"


class TrackingEvent(models.Model):
    """One thing the carrier reported, stored once (its event id), whatever order it came in.

    A delivery of a mainland part is applied to the part only once customs has released it:
    until then ``applied_at`` stays empty and the delivery waits.
    """

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    carrier = models.CharField(max_length=20)
    carrier_event_id = models.CharField(max_length=64)
    code = models.CharField(max_length=24, choices=Milestone.choices)
    occurred_at = models.DateTimeField()
    location = models.CharField(max_length=120, blank=True)
    description = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True, help_text="Delivery: when the part became delivered")

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [models.UniqueConstraint(fields=["carrier", "carrier_event_id"],
                                               name="fulfillment_tracking_event_once")]

    def __str__(self) -> str:
        return f"{self.shipment}: {self.code} at {self.occurred_at:%Y-%m-%d %H:%M}"
