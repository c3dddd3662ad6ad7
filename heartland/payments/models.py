"""Payments: the platform's records (Payment, its audit trail, notices, refunds) and the
sandbox gateway's own records (SandboxTrade, SandboxRefund — the stand-in for Alipay's side,
kept apart: platform code never reads them).

Data and invariants only; every write goes through ``services`` (platform) or ``gateway``
(sandbox). Identity numbers are encrypted at rest (``core.crypto``) and shown masked.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from heartland.core.crypto import decrypt, mask_id_number
from heartland.landedcost.money import quantize

from . import states


class PaymentStatus(models.TextChoices):
    CREATED = states.CREATED, "created"
    PENDING = states.PENDING, "pending"
    PAID = states.PAID, "paid"
    FAILED = states.FAILED, "failed"
    CLOSED = states.CLOSED, "closed"
    PARTIALLY_REFUNDED = states.PARTIALLY_REFUNDED, "partially refunded"
    REFUNDED = states.REFUNDED, "refunded"


_PAID = sorted(states.PAID_STATES)  # sorted: a stable migration


class Payment(models.Model):
    """One attempt to collect ``amount`` for ``purpose_reference`` (an order number)."""

    reference = models.CharField(max_length=32, unique=True, editable=False,
                                 help_text="Our public reference (PAY…), sent to the provider as out_trade_no.")
    purpose_reference = models.CharField(max_length=60, db_index=True,
                                         help_text="What the payment is for: the order number (CEB311/411 orderNo).")
    subject = models.CharField(max_length=128)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    provider = models.CharField(max_length=20)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.CREATED,
                              db_index=True)
    provider_trade_no = models.CharField(max_length=64, blank=True,
                                         help_text="The provider's transaction number (CEB411 payTransactionId).")
    return_url = models.CharField(max_length=500, blank=True)
    # The orderer, as checkout verified them (optional: only CBEC markets need it). When set,
    # the payer must be the same person (GACC Announcement 194/2018).
    orderer_name = models.CharField(max_length=60, blank=True)
    orderer_id_number_encrypted = models.TextField(blank=True, editable=False)
    # The payer, from the provider's verified notice or query.
    payer_name = models.CharField(max_length=60, blank=True)
    payer_id_type = models.CharField(max_length=1, blank=True, help_text="Customs code: 1 = resident ID card.")
    payer_id_number_encrypted = models.TextField(blank=True, editable=False)
    payer_matches_orderer = models.BooleanField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    failure_reason = models.CharField(max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    pending_since = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_queried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "pending_since"], name="payments_pending_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_payment_amount_positive"),
            models.CheckConstraint(condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("amount")),
                                   name="payments_payment_refunded_within_amount"),
            # Money moved ⇒ the payer is known: signal receivers may rely on it.
            models.CheckConstraint(
                condition=~Q(status__in=_PAID) | (Q(paid_at__isnull=False) & ~Q(payer_name="")
                                                  & ~Q(payer_id_number_encrypted="")),
                name="payments_payment_paid_has_payer"),
            models.CheckConstraint(
                condition=(Q(status=states.REFUNDED, refunded_amount=F("amount"))
                           | Q(status=states.PARTIALLY_REFUNDED, refunded_amount__gt=0,
                               refunded_amount__lt=F("amount"))
                           | (~Q(status__in=[states.REFUNDED, states.PARTIALLY_REFUNDED]) & Q(refunded_amount=0))),
                name="payments_payment_refund_status_matches_amount"),
            models.UniqueConstraint(fields=["provider", "provider_trade_no"], condition=~Q(provider_trade_no=""),
                                    name="payments_payment_trade_no_unique"),
        ]

    def __str__(self) -> str:
        text = f"{self.reference} · {self.money_text} · {self.status}"
        if self.payer_name:
            text += f" · {self.payer_name} {self.payer_id_masked}"
        return text

    @property
    def money_amount(self) -> Decimal:
        return quantize(self.amount, self.currency)

    @property
    def money_text(self) -> str:
        return f"{self.money_amount} {self.currency}"

    @property
    def refundable_amount(self) -> Decimal:
        if self.status not in states.REFUNDABLE:
            return quantize(Decimal(0), self.currency)
        return quantize(self.amount - self.refunded_amount, self.currency)

    @property
    def payer_id_number(self) -> str:
        """The payer's ID number in clear — for the customs message only; never log it."""
        return decrypt(self.payer_id_number_encrypted) if self.payer_id_number_encrypted else ""

    @property
    def payer_id_masked(self) -> str:
        return mask_id_number(self.payer_id_number)

    @property
    def orderer_id_number(self) -> str:
        return decrypt(self.orderer_id_number_encrypted) if self.orderer_id_number_encrypted else ""

    @property
    def orderer_id_masked(self) -> str:
        return mask_id_number(self.orderer_id_number)

    @property
    def is_paid(self) -> bool:
        return self.status in states.PAID_STATES


class PaymentStatusChange(models.Model):
    """Audit: every status change — from, to, when, who or what, why."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=PaymentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PaymentStatus.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    actor = models.CharField(max_length=120, help_text="What caused it: a notice, a query, a refund, a person.")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.payment.reference}: {self.from_status or '∅'} → {self.to_status} ({self.actor})"


class NoticeChannel(models.TextChoices):
    NOTIFY = "notify", "asynchronous notice"
    QUERY = "query", "query answer"


class PaymentNotice(models.Model):
    """Every message a provider sent about a trade — notices (valid or not) and query answers.

    ``params`` is what arrived, with the payer's ID number masked. ``accepted`` marks the one
    notice per notify_id that was processed (a database constraint); duplicates, forgeries,
    stale and mismatched notices are recorded with accepted=False and changed nothing.
    """

    provider = models.CharField(max_length=20)
    channel = models.CharField(max_length=10, choices=NoticeChannel.choices, default=NoticeChannel.NOTIFY)
    source = models.CharField(max_length=20, blank=True, help_text="http, in_process or query")
    notify_id = models.CharField(max_length=64, blank=True)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices")
    trade_status = models.CharField(max_length=32, blank=True)
    params = models.JSONField(default=dict)
    signature_valid = models.BooleanField()
    accepted = models.BooleanField(default=False)
    outcome = models.CharField(max_length=32)
    detail = models.TextField(blank=True)
    notify_time = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "notify_id"],
                                    condition=Q(accepted=True, channel="notify"),
                                    name="payments_notice_notify_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.channel} {self.notify_id or '-'}: {self.outcome}"


class RefundStatus(models.TextChoices):
    PENDING = "pending", "pending"
    SUCCEEDED = "succeeded", "succeeded"
    FAILED = "failed", "failed"


class Refund(models.Model):
    reference = models.CharField(max_length=32, unique=True, editable=False,
                                 help_text="Our refund reference (RFD…), the provider's out_request_no.")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING,
                              db_index=True)
    provider_refund_no = models.CharField(max_length=64, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    actor = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payments_refund_amount_positive")]

    def __str__(self) -> str:
        return f"{self.reference} · {quantize(self.amount, self.currency)} {self.currency} · {self.status}"


# --- the sandbox gateway's side --------------------------------------------------------------

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
        constraints = [models.UniqueConstraint(fields=["trade", "out_request_no"], name="payments_sandbox_refund_unique")]

    def __str__(self) -> str:
        return f"{self.trade.trade_no} refund {self.out_request_no} {self.amount}"
