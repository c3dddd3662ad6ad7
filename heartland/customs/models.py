"""Customs messages (one per farm's part and kind, re-declared as a new one) and the receipts
customs sent about them.

The signed XML carries the buyer's ID number in clear (customs needs it), so it is stored
encrypted (``core.crypto``, as every identity number is); the admin shows it masked.
"""
from django.db import models
from django.db.models import Q

from heartland.core.crypto import decrypt, mask_id_number
from heartland.orders.models import MerchantOrder

KIND_CHOICES = [("CEB311", "CEB311 order"), ("CEB411", "CEB411 payment"), ("CEB511", "CEB511 waybill"),
                ("CEB621", "CEB621 import inventory list")]


class MessageStatus(models.TextChoices):
    INVALID = "invalid", "invalid — broke a field rule, not sent"
    READY = "ready", "ready — signed, to be sent"
    SENT = "sent", "sent — the gateway took it"
    RECEIVED = "received", "received by E-port (2/3)"
    ACCEPTED = "accepted", "accepted by customs (120)"
    REJECTED = "rejected", "rejected by customs (100)"
    FAILED = "failed", "failed at E-port (4 or a negative status)"
    HELD = "held", "held for inspection (300/500–599)"
    RELEASED = "released", "released (800)"
    RETURNED = "returned", "returned abroad (700)"


OPEN = (MessageStatus.READY, MessageStatus.SENT, MessageStatus.RECEIVED)


class CustomsMessage(models.Model):
    merchant_order = models.ForeignKey("orders.MerchantOrder", on_delete=models.PROTECT,
                                       related_name="customs_messages")
    kind = models.CharField(max_length=6, choices=KIND_CHOICES)
    guid = models.CharField(max_length=36, unique=True, help_text="The message's (and its head's) guid")
    receipt_key = models.CharField(max_length=60, db_index=True, blank=True,
                                   help_text="What customs' receipts name it by: orderNo, payTransactionId, "
                                             "logisticsNo or copNo")
    status = models.CharField(max_length=10, choices=MessageStatus.choices, db_index=True)
    problems = models.JSONField(default=list, blank=True, help_text="The broken rules: [{field, message}]")
    xml_encrypted = models.TextField(blank=True, help_text="The signed XML, encrypted")
    superseded = models.BooleanField(default=False, help_text="Replaced by a newer message of this kind")
    attempts = models.PositiveIntegerField(default=0, help_text="Times it was POSTed to the gateway")
    last_error = models.CharField(max_length=500, blank=True)
    return_status = models.CharField(max_length=10, blank=True)
    return_time = models.DateTimeField(null=True, blank=True, help_text="The newest receipt's returnTime")
    return_info = models.TextField(blank=True)
    customs_tax = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    value_added_tax = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    consumption_tax = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["merchant_order", "kind"], condition=Q(superseded=False),
                                               name="customs_one_current_message_per_part_and_kind")]
        indexes = [models.Index(fields=["kind", "receipt_key"]), models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.merchant_order_id} {self.guid}"

    @property
    def xml(self) -> str:
        return decrypt(self.xml_encrypted) if self.xml_encrypted else ""

    @property
    def problems_text(self) -> str:
        return "; ".join(f"{p['field']}: {p['message']}" for p in self.problems or [])


class CustomsReceipt(models.Model):
    """One receipt as customs sent it, stored once (``fingerprint``); ``applied`` is False for one
    older than what the message already had (out of order) — kept, never applied."""

    message = models.ForeignKey(CustomsMessage, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="receipts")
    kind = models.CharField(max_length=6)
    guid = models.CharField(max_length=36, blank=True)
    fingerprint = models.CharField(max_length=64, unique=True)
    return_status = models.CharField(max_length=10)
    return_time = models.DateTimeField()
    return_info = models.TextField(blank=True)
    keys = models.JSONField(default=dict, blank=True)
    applied = models.BooleanField(default=False)
    note = models.CharField(max_length=200, blank=True, help_text="Why it was not applied")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-return_time", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.return_status} {self.return_time:%Y-%m-%d %H:%M:%S}"


def masked_xml(text: str, id_numbers: list[str]) -> str:
    for number in id_numbers:
        if number:
            text = text.replace(number, mask_id_number(number))
    return text


class RejectedPart(MerchantOrder):
    """The operators' queue: farms' parts customs rejected, or whose message failed or broke a
    rule (admin only; no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = "part needing customs action"
        verbose_name_plural = "parts needing customs action"
