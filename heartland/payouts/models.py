"""Payouts: the operator's payout settings, each farm's bank details (encrypted), the provider's
settlement files and what reconciling them found, and payout runs with their payouts.

Amounts are integers in minor units (US cents for payouts). Writes go through ``services``.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from heartland.core.crypto import decrypt


def usd_text(minor: int) -> str:
    """US cents as text: 123456 → '$1,234.56' (−$5.00 for a negative amount)."""
    sign = "−" if minor < 0 else ""
    return f"{sign}${Decimal(abs(int(minor))).scaleb(-2):,.2f}"


class PayoutSettings(models.Model):
    """The operator's settings (one row): holdback, return window, minimum payout, and the
    originator's values the bank assigned for the ACH file."""

    holdback_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("20.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text="Share of each delivered part held until its return window closes (100 = nothing paid before)")
    return_window_days = models.PositiveIntegerField(default=14, help_text="Days after delivery a shopper may return")
    minimum_payout_minor = models.PositiveBigIntegerField(default=2500, help_text="US cents; smaller balances wait")
    bank_routing_number = models.CharField(max_length=9, default="011000015",
                                           help_text="Heartland's bank (the file's immediate destination)")
    bank_name = models.CharField(max_length=23, default="Heartland Bank")
    origin = models.CharField(max_length=10, default="1000000000", help_text="Immediate origin, as the bank assigned")
    origin_name = models.CharField(max_length=23, default="Heartland Market")
    company_name = models.CharField(max_length=16, default="HEARTLAND")
    company_id = models.CharField(max_length=10, default="1000000000", help_text="Usually 1 + the EIN")
    entry_description = models.CharField(max_length=10, default="PAYOUT")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "payout settings"
        constraints = [
            models.CheckConstraint(condition=Q(holdback_percent__gte=0) & Q(holdback_percent__lte=100),
                                   name="payouts_holdback_range"),
        ]

    def __str__(self) -> str:
        return f"holdback {self.holdback_percent}% for {self.return_window_days} days, minimum {self.minimum_payout_minor}¢"


class AccountType(models.TextChoices):
    CHECKING = "checking", "Checking"
    SAVINGS = "savings", "Savings"


class BankAccount(models.Model):
    """Where a farm is paid. Routing and account numbers are encrypted; only their last four
    digits are kept in clear, to show."""

    merchant = models.OneToOneField("merchants.Merchant", on_delete=models.CASCADE, related_name="bank_account")
    holder_name = models.CharField(max_length=100)
    account_type = models.CharField(max_length=10, choices=AccountType.choices, default=AccountType.CHECKING)
    routing_number_encrypted = models.TextField(editable=False)
    account_number_encrypted = models.TextField(editable=False)
    routing_last4 = models.CharField(max_length=4, editable=False)
    account_last4 = models.CharField(max_length=4, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    def __str__(self) -> str:
        return f"{self.merchant}: {self.account_type} {self.account_masked}"

    @property
    def routing_masked(self) -> str:
        return "•••••" + self.routing_last4

    @property
    def account_masked(self) -> str:
        return "••••" + self.account_last4

    def routing_number(self) -> str:
        """In clear — for the ACH file only; never shown or logged."""
        return decrypt(self.routing_number_encrypted)

    def account_number(self) -> str:
        return decrypt(self.account_number_encrypted)


# --- settlement -------------------------------------------------------------------------------------

class SettlementImport(models.Model):
    """One settlement file from the payment provider, imported once (by its SHA-256)."""

    provider = models.CharField(max_length=20, default="sandbox")
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    settlement_dates = models.CharField(max_length=200, blank=True, help_text="The dates the file covers")
    rows = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    differences = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name}: {self.matched}/{self.rows} matched, {self.differences} differences"


class SettledTrade(models.Model):
    """A trade the provider settled and the ledger posted: matched once, ever."""

    settlement_import = models.ForeignKey(SettlementImport, on_delete=models.PROTECT, related_name="trades")
    provider = models.CharField(max_length=20)
    trade_id = models.CharField(max_length=64)
    payment = models.ForeignKey("payments.Payment", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    gross_minor = models.BigIntegerField()
    fee_minor = models.BigIntegerField()
    refund_minor = models.BigIntegerField()
    net_minor = models.BigIntegerField()
    settlement_rate = models.DecimalField(max_digits=20, decimal_places=8)
    settled_on = models.DateField()
    received_usd_minor = models.BigIntegerField()
    fee_usd_minor = models.BigIntegerField()
    locked_usd_minor = models.BigIntegerField()
    fx_gain_minor = models.BigIntegerField(help_text="Locked − received − fee, US cents (negative: a loss)")
    entry = models.ForeignKey("ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", help_text="Empty when nothing moved (refunded in full, no fee)")

    class Meta:
        ordering = ["settled_on", "trade_id"]
        constraints = [models.UniqueConstraint(fields=["provider", "trade_id"], name="payouts_trade_settled_once")]

    def __str__(self) -> str:
        return f"{self.provider} {self.trade_id} settled {self.settled_on}"


class DifferenceKind(models.TextChoices):
    MISSING = "missing", "Missing: paid here, not in the file"
    EXTRA = "extra", "Extra: in the file, no payment here"
    WRONG_AMOUNT = "wrong_amount", "Wrong amount"
    DUPLICATE = "duplicate", "Already settled by an earlier file"
    INVALID = "invalid", "Unreadable row"


class SettlementDifference(models.Model):
    """Something the file and our records disagree on, for an operator to resolve."""

    settlement_import = models.ForeignKey(SettlementImport, on_delete=models.CASCADE, related_name="difference_rows")
    kind = models.CharField(max_length=16, choices=DifferenceKind.choices)
    trade_id = models.CharField(max_length=64, blank=True)
    payment = models.ForeignKey("payments.Payment", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    row_number = models.PositiveIntegerField(null=True, blank=True)
    detail = models.TextField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["settlement_import", "kind", "trade_id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.trade_id or '-'}"


# --- payouts ----------------------------------------------------------------------------------------

class RunStatus(models.TextChoices):
    RECORDED = "recorded", "Recorded — the file is still to be written"
    WRITTEN = "written", "File written"


class PayoutRun(models.Model):
    """One payout run: its payouts are recorded (and posted to the ledger) in one transaction
    before the file is written; the file is then written from these rows, the same bytes every time."""

    created_at = models.DateTimeField()
    effective_date = models.DateField()
    file_id_modifier = models.CharField(max_length=1)
    originator = models.JSONField(help_text="The originator's values, as at the run")
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.RECORDED, db_index=True)
    payout_count = models.PositiveIntegerField(default=0)
    total_minor = models.BigIntegerField(default=0)
    file_name = models.CharField(max_length=120, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    written_at = models.DateTimeField(null=True, blank=True)
    started_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.pk} · {self.created_at:%Y-%m-%d %H:%M} · {self.payout_count} payouts · {self.status}"


class Payout(models.Model):
    """One farm paid in one run. ``key`` is the farm and the last ledger entry its balance
    included: the same balance is never paid twice (a unique key)."""

    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="payouts")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="payouts")
    key = models.CharField(max_length=60, unique=True)
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3, default="USD")
    holder_name = models.CharField(max_length=100)
    account_type = models.CharField(max_length=10, choices=AccountType.choices)
    routing_number_encrypted = models.TextField(editable=False)
    account_number_encrypted = models.TextField(editable=False)
    account_last4 = models.CharField(max_length=4)
    sequence = models.PositiveIntegerField(help_text="Position in the run's file (its trace number)")
    entry = models.ForeignKey("ledger.JournalEntry", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "run_id", "sequence"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="payouts_payout_positive"),
            models.UniqueConstraint(fields=["run", "merchant"], name="payouts_one_payout_per_farm_per_run"),
            models.UniqueConstraint(fields=["run", "sequence"], name="payouts_payout_sequence_unique"),
        ]
        indexes = [models.Index(fields=["merchant", "created_at"])]

    def __str__(self) -> str:
        return f"{self.merchant} {usd_text(self.amount_minor)}"
