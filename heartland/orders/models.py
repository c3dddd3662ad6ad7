from django.conf import settings
from django.db import models
from django.db.models import Q

from heartland.core.crypto import decrypt, mask_id_number
from heartland.core.models import StateChange

from . import states

STATUS_CHOICES = [(s, states.LABELS[s]) for s in states.STATES]


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
    # counts the annual CBEC quota across accounts.
    buyer_name = models.CharField(max_length=60)
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
