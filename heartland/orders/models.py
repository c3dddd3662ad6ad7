from django.conf import settings
from django.db import models
from django.db.models import Q

from heartland.core.crypto import decrypt, mask_id_number
from heartland.core.models import StateChange

from . import states

STATUS_CHOICES = [(s, states.LABELS[s]) for s in states.STATES]

# The identity number an order carries, by market (see checkout.validation).
BUYER_ID_RESIDENT = "cn_resident_id"  # PRC resident ID, GB 11643 — the orderer, who must also pay
BUYER_ID_KR_PCCC = "kr_pccc"  # Korea's Personal Customs Clearance Code — the recipient
BUYER_ID_TYPES = [(BUYER_ID_RESIDENT, "PRC resident ID"), (BUYER_ID_KR_PCCC, "Korean customs clearance code"),
                  ("", "none")]
BUYER_ID_BY_MARKET = {"CN": BUYER_ID_RESIDENT, "KR": BUYER_ID_KR_PCCC}


def _money(**kw):
    return models.DecimalField(max_digits=14, decimal_places=2, default=0, **kw)


class Amounts(models.Model):
    """What the shopper pays, in the market's currency: goods + freight + taxes = total."""

    goods = _money()
    freight = _money()
    duty = _money()
    vat = _money()
    consumption_tax = _money()
    total_tax = _money()
    total = _money()

    class Meta:
        abstract = True


class Order(Amounts):
    """One checkout: what the shopper pays once, for goods from one or more merchants.

    Prices, taxes, the exchange rate and shipping are locked here at submit.
    """

    number = models.CharField(max_length=20, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    idempotency_key = models.CharField(max_length=64, unique=True)
    market = models.CharField(max_length=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=states.PENDING_PAYMENT, db_index=True)
    mode = models.CharField(max_length=4, default="9610")
    service_level = models.CharField(max_length=20, default="standard")
    # The buyer (订购人) as customs needs them; the ID number is encrypted, its keyed hash
    # counts the annual CBEC quota across accounts. Which number it is depends on the market:
    # a mainland resident ID (CN), the recipient's Korean customs clearance code (KR), none.
    buyer_name = models.CharField(max_length=60)
    buyer_id_type = models.CharField(max_length=16, blank=True, choices=BUYER_ID_TYPES, default="")
    buyer_id_encrypted = models.TextField(blank=True)
    buyer_id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    buyer_phone = models.CharField(max_length=20, blank=True)
    consignee_name = models.CharField(max_length=60)
    consignee_phone = models.CharField(max_length=20)
    consignee_country = models.CharField(max_length=2)
    consignee_region = models.CharField("province / state", max_length=60, blank=True)
    consignee_city = models.CharField(max_length=60, blank=True)
    consignee_district = models.CharField(max_length=60, blank=True)
    consignee_address = models.CharField(max_length=255)
    consignee_postcode = models.CharField(max_length=12, blank=True)
    fx_rate_id = models.BigIntegerField(null=True, blank=True)
    fx_raw = models.DecimalField(max_digits=20, decimal_places=8, null=True, blank=True)
    fx_effective = models.DecimalField(max_digits=20, decimal_places=8, null=True, blank=True)
    fx_source = models.CharField(max_length=200, blank=True)
    quote = models.JSONField(default=dict, help_text="The landed-cost result locked at submit")
    payment_reference = models.CharField(max_length=40, blank=True, db_index=True)
    reason = models.TextField(blank=True, help_text="Why it was cancelled or refunded")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["buyer_id_hash", "status", "paid_at"])]

    def __str__(self) -> str:
        return self.number

    @property
    def buyer_id_masked(self) -> str:
        return mask_id_number(decrypt(self.buyer_id_encrypted)) if self.buyer_id_encrypted else ""

    @property
    def consignee_one_line(self) -> str:
        """The address as the destination writes it: a mainland one from the province down,
        run together; elsewhere from the street up, comma-separated."""
        if self.consignee_country == "CN":
            return (f"{self.consignee_region}{self.consignee_city}{self.consignee_district}{self.consignee_address} "
                    f"{self.consignee_postcode}").strip()
        parts = (self.consignee_address, self.consignee_district, self.consignee_city, self.consignee_region,
                 self.consignee_postcode)
        return ", ".join(p for p in parts if p)


class MerchantOrder(Amounts):
    """The part of an order one merchant fulfils (one parcel, one customs order)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="merchant_orders")
    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT, related_name="merchant_orders")
    number = models.CharField(max_length=24, unique=True)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=states.PENDING_PAYMENT, db_index=True)
    payout_usd = models.DecimalField(max_digits=14, decimal_places=2, default=0,
                                     help_text="What the goods are worth to the merchant, in USD, before commission")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["order", "merchant"], name="orders_one_part_per_merchant")]
        indexes = [models.Index(fields=["merchant", "status"])]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    merchant_order = models.ForeignKey(MerchantOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", null=True, on_delete=models.SET_NULL, related_name="+")
    product_handle = models.CharField(max_length=255)
    title_en = models.CharField(max_length=255)
    title_zh = models.CharField(max_length=255, blank=True)
    options = models.CharField(max_length=255, blank=True)
    sku = models.CharField(max_length=255, blank=True)
    hs_code = models.CharField(max_length=10, blank=True)
    tax_category = models.CharField(max_length=16)
    quantity = models.PositiveIntegerField()
    unit_price = _money()
    unit_price_usd = models.DecimalField(max_digits=12, decimal_places=2)
    goods = _money()
    duty = _money()
    vat = _money()
    consumption_tax = _money()
    total_tax = _money()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="orders_line_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title_en}"


class OrderEvent(StateChange):
    """Every state change of an order or a merchant's part: who, when, from, to, why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    merchant_order = models.ForeignKey(MerchantOrder, null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="events")

    class Meta(StateChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.merchant_order or self.order}: {self.from_status} → {self.to_status} ({self.event})"


class RefundStatus(models.TextChoices):
    PENDING = "pending", "pending — sent or to be sent to the payment provider"
    SUCCEEDED = "succeeded", "succeeded — the money is back"
    FAILED = "failed", "failed — the provider refused the last attempt; retried"
    RESOLVED = "resolved", "resolved by an operator"


class OrderRefund(models.Model):
    """Money an order owes back to its shopper: one per farm's part (or, for a payment that came
    after the order was cancelled, one for the whole payment).

    Written in the same transaction as the state change that owes it, so it is never lost; sent to
    the payment provider on commit, and retried by ``orders.tasks.retry_refunds`` until it
    succeeds or an operator resolves it. ``key`` makes a part owe its refund once.
    """

    key = models.CharField(max_length=40, unique=True, editable=False)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    merchant_order = models.ForeignKey(MerchantOrder, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="refunds")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    limit_value = models.DecimalField(
        max_digits=14, decimal_places=2, default=0,
        help_text="A partial refund (a return): what it gives back of the buyer's annual CBEC allowance")
    reason = models.TextField(help_text="The English msgid shoppers see translated")
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING,
                              db_index=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Times it was sent to the provider")
    provider_attempt = models.PositiveIntegerField(
        default=0, help_text="Refund requests the provider refused; the next request uses a new key")
    provider_reference = models.CharField(max_length=32, blank=True, help_text="The latest payments refund (RFD…)")
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    resolution = models.TextField(blank=True, help_text="What the operator did (e.g. paid back by bank transfer)")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="orders_refund_amount_positive")]

    def __str__(self) -> str:
        return f"{self.key} · {self.amount} {self.currency} · {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in (RefundStatus.PENDING, RefundStatus.FAILED)
