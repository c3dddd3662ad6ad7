"""Shipments of a farm's part: the carrier's waybill, its parcels and what the carrier reports.

One ``Shipment`` per ``MerchantOrder`` (one parcel set, one waybill). ``TrackingEvent`` rows are
what the carrier said, each once (unique by the carrier's event id), in any order; the shipment's
``status`` is the furthest milestone reached, so an event arriving late never moves it back.

Returns: ``Return`` (one request of a shopper for one farm's part: its ``ReturnLine``s, private
``ReturnPhoto``s, every step a ``ReturnEvent``), sent back under a ``ReturnShipment`` whose carrier
events are ``ReturnTrackingEvent``s.
"""
from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q

from heartland.core.models import StateChange


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


# --- returns ----------------------------------------------------------------------------------------
class PrivateStorage(FileSystemStorage):
    """Files only the people entitled to them may fetch (a view checks who asks): kept outside the
    public media folder, under ``HEARTLAND_PRIVATE_MEDIA_ROOT`` (default: ``VAR_DIR/private``),
    with no public URL."""

    @property
    def base_location(self):
        return str(getattr(settings, "HEARTLAND_PRIVATE_MEDIA_ROOT", None) or Path(settings.VAR_DIR) / "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("private files have no public URL")

    def deconstruct(self):
        return ("heartland.fulfillment.models.PrivateStorage", (), {})


private_storage = PrivateStorage()


def _photo_path(instance: ReturnPhoto, filename: str) -> str:
    return f"return-photos/{instance.return_request_id}/{filename}"


class Return(models.Model):
    """A shopper's request to send back goods of one delivered farm's part (``states.py``)."""

    merchant_order = models.ForeignKey("orders.MerchantOrder", on_delete=models.PROTECT, related_name="returns")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, db_index=True, default="requested")
    reason = models.TextField(help_text="Why the shopper sends it back (their words)")
    unused_confirmed = models.BooleanField(default=False, help_text="The shopper confirmed the goods are unused")
    window_days = models.PositiveSmallIntegerField()
    window_starts = models.CharField(max_length=20, help_text="released (customs release) or delivered")
    window_kind = models.CharField(max_length=10, help_text="law or policy")
    window_source = models.TextField()
    window_closes_at = models.DateTimeField(help_text="The window in force when it was asked for, closing then")
    refusal_reason = models.TextField(blank=True, help_text="The farm's (or an operator's) reason, shown to the shopper")
    refund_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    refund_tax = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    limit_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    booking_error = models.CharField(max_length=300, blank=True, help_text="Why the carrier did not book it (last try)")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["merchant_order", "status"])]

    def __str__(self) -> str:
        return f"Return {self.pk} of {self.merchant_order_id}"


class ReturnLine(models.Model):
    return_request = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(help_text="Units the shopper sends back")
    received = models.PositiveIntegerField(null=True, blank=True, help_text="Units that came back (the farm's count)")
    resellable = models.PositiveIntegerField(null=True, blank=True, help_text="Of those, units back in stock")

    class Meta:
        ordering = ["return_request", "id"]
        constraints = [
            models.UniqueConstraint(fields=["return_request", "order_line"], name="fulfillment_return_line_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="fulfillment_return_line_positive"),
            models.CheckConstraint(condition=Q(received__isnull=True) | Q(received__lte=F("quantity")),
                                   name="fulfillment_return_received_within"),
            models.CheckConstraint(condition=Q(resellable__isnull=True) | Q(resellable__lte=F("received")),
                                   name="fulfillment_return_resellable_within"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × line {self.order_line_id}"


class ReturnPhoto(models.Model):
    """A photo the shopper attached: checked and re-encoded like a product image, kept private."""

    return_request = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=_photo_path, storage=private_storage)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["return_request", "id"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of return {self.return_request_id}"


class ReturnEvent(StateChange):
    """Every step of a return: who, when, from, to, why."""

    return_request = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="events")

    class Meta(StateChange.Meta):
        pass


class ReturnShipment(models.Model):
    """The carrier's booking of the parcel going back: from the consignee to the farm."""

    return_request = models.OneToOneField(Return, on_delete=models.PROTECT, related_name="shipment")
    carrier = models.CharField(max_length=20)
    tracking_number = models.CharField(max_length=40)
    carrier_reference = models.CharField(max_length=64, blank=True)
    label = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=24, choices=Milestone.choices, default=Milestone.BOOKED)
    booked_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["carrier", "tracking_number"],
                                               name="fulfillment_return_waybill_unique")]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number} (return)"


class ReturnTrackingEvent(models.Model):
    """What the carrier reported of a return parcel, stored once per event id."""

    shipment = models.ForeignKey(ReturnShipment, on_delete=models.CASCADE, related_name="events")
    carrier = models.CharField(max_length=20)
    carrier_event_id = models.CharField(max_length=64)
    code = models.CharField(max_length=24, choices=Milestone.choices)
    occurred_at = models.DateTimeField()
    location = models.CharField(max_length=120, blank=True)
    description = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [models.UniqueConstraint(fields=["carrier", "carrier_event_id"],
                                               name="fulfillment_return_event_once")]
