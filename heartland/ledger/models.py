"""The journal: accounts, entries and their postings (never edited, never deleted — a correction is
a reversing entry), and commission rates with the rate each accepted order line was charged.

Amounts are integers in the currency's minor units (``ledger.math``); a posting's amount is
positive for a debit and negative for a credit, and each entry's postings sum to zero per currency
(checked by ``ledger.math.check_balanced`` in ``services.post_entry``, the only writer).
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from heartland.catalog.field_rules import TAX_CATEGORIES


class Immutable(Exception):
    """Journal rows are written once."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable("journal rows are never edited: post a reversing entry")

    def delete(self):
        raise Immutable("journal rows are never deleted: post a reversing entry")

    def bulk_update(self, *args, **kwargs):
        raise Immutable("journal rows are never edited: post a reversing entry")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(f"{type(self).__name__} rows are never edited: post a reversing entry")
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(f"{type(self).__name__} rows are never deleted: post a reversing entry")


class Account(models.Model):
    """A ledger account by name (``ledger.math.accounts``); balances are per currency."""

    name = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=12)
    merchant = models.ForeignKey("merchants.Merchant", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="ledger_accounts")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JournalEntry(AppendOnly):
    """One event's postings. ``key`` names the event (``accepted:<part>``, ``refund-paid:<RFD…>``):
    an event posted twice is posted once."""

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, db_index=True)
    memo = models.CharField(max_length=300)
    occurred_at = models.DateTimeField(db_index=True)
    posted_at = models.DateTimeField(auto_now_add=True)
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="journal_entries")
    merchant_order = models.ForeignKey("orders.MerchantOrder", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="journal_entries")
    merchant = models.ForeignKey("merchants.Merchant", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="journal_entries")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")
    data = models.JSONField(default=dict, blank=True, help_text="The event's figures (rates, shares)")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "journal entries"
        indexes = [models.Index(fields=["merchant", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.memo}"


class Posting(AppendOnly):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    currency = models.CharField(max_length=3)
    amount_minor = models.BigIntegerField(help_text="Minor units; debit > 0, credit < 0")

    class Meta:
        ordering = ["entry_id", "id"]
        constraints = [models.CheckConstraint(condition=~Q(amount_minor=0), name="ledger_posting_nonzero")]
        indexes = [models.Index(fields=["account", "currency"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount_minor:+d} {self.currency}"


CATEGORY_CHOICES = [("default", "default (any other category)")] + [(c, c) for c in TAX_CATEGORIES]


class CommissionRate(models.Model):
    """Heartland's commission on a category's goods (the order line's tax category), in force from
    ``effective_from``. The rate in force when a farm accepts its part is recorded on each line
    (``LineCommission``): a later rate never changes an accepted order."""

    category = models.CharField(max_length=16, choices=CATEGORY_CHOICES)
    rate_percent = models.DecimalField(max_digits=5, decimal_places=2,
                                       validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))])
    effective_from = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["category", "effective_from"], name="ledger_one_rate_per_category_day"),
            models.CheckConstraint(condition=Q(rate_percent__gte=0) & Q(rate_percent__lte=100),
                                   name="ledger_rate_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.rate_percent}% from {self.effective_from}"


class LineCommission(AppendOnly):
    """What one order line earned the farm: gross (USD price × quantity) → commission → net, at the
    rate in force when the farm accepted (written with the acceptance entry)."""

    line = models.OneToOneField("orders.OrderLine", on_delete=models.PROTECT, related_name="commission")
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="line_commissions")
    category = models.CharField(max_length=16)
    rate = models.ForeignKey(CommissionRate, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rate_percent = models.DecimalField(max_digits=5, decimal_places=2)
    gross_minor = models.BigIntegerField()
    commission_minor = models.BigIntegerField()
    net_minor = models.BigIntegerField()

    def __str__(self) -> str:
        return f"line {self.line_id}: {self.gross_minor} − {self.commission_minor} = {self.net_minor} (USD cents)"


class PendingEvent(models.Model):
    """An event the ledger has heard of and not yet posted (``ledger.inbox``): written when the
    change commits, posted in batches, deleted once posted. One that fails stays, with its error,
    and is tried again later (``next_attempt_at``); the later events of its part wait for it."""

    kind = models.CharField(max_length=30)
    merchant_order = models.ForeignKey("orders.MerchantOrder", null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="+")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True,
                                           help_text="Empty: not tried yet. Set after a failure.")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
