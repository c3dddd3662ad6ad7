"""The sandbox gateway's own records: the stand-in for what Alipay's servers hold. Written only
by ``gateway``; the platform never reads them (it asks the gateway, as it would ask Alipay)."""
from __future__ import annotations

from decimal import Decimal

from django.db import models

from heartland.core.crypto import decrypt, mask_id_number


class SandboxTradeStatus(models.TextChoices):
    WAIT_BUYER_PAY = "WAIT_BUYER_PAY", "waiting for the buyer"
    TRADE_SUCCESS = "TRADE_SUCCESS", "paid"
    TRADE_FAILED = "TRADE_FAILED", "declined"
    TRADE_CLOSED = "TRADE_CLOSED", "closed"


class SandboxTrade(models.Model):
    """A trade as the sandbox gateway keeps it (what Alipay's servers would hold)."""

    app_id = models.CharField(max_length=64)
    out_trade_no = models.CharField(max_length=64)
    trade_no = models.CharField(max_length=64, unique=True)
    cashier_token = models.CharField(max_length=64, unique=True)
    subject = models.CharField(max_length=256, blank=True)
    total_amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3, blank=True)
    status = models.CharField(max_length=20, choices=SandboxTradeStatus.choices,
                              default=SandboxTradeStatus.WAIT_BUYER_PAY)
    notify_url = models.CharField(max_length=500, blank=True)
    return_url = models.CharField(max_length=500, blank=True)
    time_expire = models.DateTimeField(null=True, blank=True)
    orderer_name = models.CharField(max_length=60, blank=True)
    orderer_id_number_encrypted = models.TextField(blank=True)
    payer_name = models.CharField(max_length=60, blank=True)
    payer_id_number_encrypted = models.TextField(blank=True)
    buyer_id = models.CharField(max_length=32, blank=True)
    fail_reason = models.CharField(max_length=64, blank=True)
    refunded_amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    gmt_create = models.DateTimeField(auto_now_add=True)
    gmt_payment = models.DateTimeField(null=True, blank=True)
    gmt_close = models.DateTimeField(null=True, blank=True)
    # The notice for the current status: one notify_id per status change; re-sent until acknowledged.
    notify_id = models.CharField(max_length=64, blank=True)
    notice_acknowledged_at = models.DateTimeField(null=True, blank=True)
    notice_attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "sandbox gateway trade"
        db_table = "payments_sandboxtrade"  # kept from when the gateway lived in the payments app
        constraints = [models.UniqueConstraint(fields=["app_id", "out_trade_no"], name="payments_sandbox_trade_unique")]

    def __str__(self) -> str:
        return f"{self.trade_no} ({self.out_trade_no}) {self.status}"

    @property
    def payer_id_masked(self) -> str:
        return mask_id_number(decrypt(self.payer_id_number_encrypted)) if self.payer_id_number_encrypted else ""

    @property
    def orderer_id_masked(self) -> str:
        return mask_id_number(decrypt(self.orderer_id_number_encrypted)) if self.orderer_id_number_encrypted else ""


class SandboxRefund(models.Model):
    trade = models.ForeignKey(SandboxTrade, on_delete=models.CASCADE, related_name="refunds")
    out_request_no = models.CharField(max_length=64)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    reason = models.CharField(max_length=256, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sandbox gateway refund"
        db_table = "payments_sandboxrefund"
        constraints = [models.UniqueConstraint(fields=["trade", "out_request_no"], name="payments_sandbox_refund_unique")]

    def __str__(self) -> str:
        return f"{self.trade.trade_no} refund {self.out_request_no} {self.amount}"
