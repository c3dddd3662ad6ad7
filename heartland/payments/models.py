"""Payments: the platform's records (Payment, its audit trail, notices, refunds). The sandbox
gateway's own records live in the ``sandbox_payments`` app.

Data and invariants only; every write goes through ``services``. Identity numbers are
encrypted at rest (``core.crypto``) and shown masked.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from heartland.core.crypto import decrypt, mask_id_number
from heartland.core.models import StateChange
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
                # A paid payment names its payer; by ID number too when it named its orderer.
                condition=~Q(status__in=_PAID) | (Q(paid_at__isnull=False) & ~Q(payer_name="")
                                                  & (Q(orderer_id_number_encrypted="")
                                                     | ~Q(payer_id_number_encrypted=""))),
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


class PaymentStatusChange(StateChange):
    """Audit: every status change — from, to, when, who or what (``event``: a notice, a query, a
    refund, a person), why."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=PaymentStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PaymentStatus.choices)

    class Meta(StateChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.payment.reference}: {self.from_status or '∅'} → {self.to_status} ({self.event})"


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
