"""The sandbox customs' own records: the stand-in for what the Single Window holds. Written only
by ``services``; the platform never reads them (it hears receipts, as it would from customs)."""
from __future__ import annotations

from django.db import models


class SandboxMessage(models.Model):
    """One CEB message as received (signed XML), once per message guid."""

    guid = models.CharField(max_length=36, unique=True)
    kind = models.CharField(max_length=6)  # CEB311, CEB411, CEB511, CEB621
    cop_code = models.CharField("sender's customs code", max_length=18)
    cop_name = models.CharField("sender", max_length=100)
    dxp_id = models.CharField("sender's DXP id", max_length=30)
    xml = models.TextField("message as received")
    in_process = models.BooleanField(default=False, help_text="reached in-process, not over HTTP")
    repeats = models.PositiveIntegerField(default=0, help_text="times the same message came again (acknowledged, "
                                                               "not processed)")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "received message"
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.guid}"


class Status(models.TextChoices):
    DRAFT = "1", "1 stored as draft"
    RECEIVED = "2", "2 received"
    REJECTED = "100", "100 rejected"
    ACCEPTED = "120", "120 accepted"
    INSPECTION = "500", "500 held for inspection"
    RELEASED = "800", "800 released"


class SandboxDocument(models.Model):
    """One document of a message (an order, payment, waybill or inventory list) and where customs
    stands on it. ``current``: the document of its kind that counts for its order (a change or a
    new declaration after a rejection replaces it)."""

    message = models.ForeignKey(SandboxMessage, on_delete=models.CASCADE, related_name="documents")
    index = models.PositiveSmallIntegerField(help_text="its place among the message's documents")
    kind = models.CharField(max_length=6)
    guid = models.CharField(max_length=36)
    app_type = models.CharField(max_length=1)
    order_no = models.CharField(max_length=60, db_index=True)
    key = models.CharField(max_length=60, help_text="payTransactionId, logisticsNo or copNo (orderNo for an order)")
    consignee = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=3, choices=Status.choices, default=Status.RECEIVED)
    reason = models.TextField(blank=True)
    current = models.BooleanField(default=True)
    pre_no = models.CharField("preNo (E-port)", max_length=18, blank=True)
    invt_no = models.CharField("invtNo (customs)", max_length=18, blank=True)
    tax_assessed = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    inspection_ends_at = models.DateTimeField(null=True, blank=True,
                                              help_text="empty while held: only a tester ends the inspection")
    received_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "declared document"
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["order_no", "kind", "current"], name="sbcustoms_doc_order_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.order_no} ({self.get_status_display()})"


class SandboxReceipt(models.Model):
    """A receipt about one document, sent to the platform until it answers ``success``."""

    document = models.ForeignKey(SandboxDocument, on_delete=models.CASCADE, related_name="receipts")
    kind = models.CharField(max_length=6)  # CEB312, CEB412, CEB512, CEB622
    guid = models.CharField(max_length=36, help_text="the receipt message's guid")
    return_status = models.CharField(max_length=10)
    return_time = models.DateTimeField()
    return_info = models.CharField(max_length=1000, blank=True)
    keys = models.JSONField(default=dict)
    customs_tax = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    value_added_tax = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    consumption_tax = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    last_answer = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "sent receipt"
        ordering = ["return_time", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.return_status} for {self.document.order_no}"
