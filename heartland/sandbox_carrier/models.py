"""The sandbox carrier's own records (what a carrier's servers would hold): parcels it booked and
the tracking events it emitted, with their delivery to the platform's webhook."""
from __future__ import annotations

from django.db import models


class SandboxParcel(models.Model):
    tracking_number = models.CharField(max_length=13, unique=True)
    reference = models.CharField(max_length=64, db_index=True, help_text="The platform's reference (its part number)")
    service_level = models.CharField(max_length=20)
    destination = models.CharField(max_length=2)
    shipper_city = models.CharField(max_length=120, blank=True)
    consignee_city = models.CharField(max_length=120, blank=True)
    request = models.JSONField(default=dict, help_text="The booking request as received")
    stage = models.PositiveSmallIntegerField(default=0, help_text="How many tracking milestones were emitted")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.tracking_number


class SandboxEvent(models.Model):
    parcel = models.ForeignKey(SandboxParcel, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=64, unique=True)
    code = models.CharField(max_length=24)
    occurred_at = models.DateTimeField()
    location = models.CharField(max_length=120, blank=True)
    description = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.parcel}: {self.code}"
