from django.db import models
from django.db.models import F, Q

from heartland.merchants.models import Merchant


class WarehouseKind(models.TextChoices):
    US = "us", "US warehouse (9610 direct mail)"
    BONDED_CN = "bonded_cn", "Bonded warehouse in China (1210)"


class Warehouse(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="warehouses")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=WarehouseKind.choices, default=WarehouseKind.US)
    country = models.CharField(max_length=2, default="US")
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "code"], name="inventory_warehouse_code_unique"),
            models.UniqueConstraint(fields=["merchant"], condition=Q(is_default=True), name="inventory_one_default_warehouse"),
        ]

    def __str__(self) -> str:
        return self.name


class StockLevel(models.Model):
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="stock_levels")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stock_levels")
    on_hand = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse"], name="inventory_stock_unique"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="inventory_on_hand_nonneg"),
            models.CheckConstraint(condition=Q(reserved__gte=0) & Q(reserved__lte=F("on_hand")), name="inventory_reserved_within"),
        ]

    def __str__(self) -> str:
        return f"{self.variant} @ {self.warehouse}: {self.on_hand}"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class ReservationStatus(models.TextChoices):
    HELD = "held", "Held"
    CONVERTED = "converted", "Converted (paid)"
    RELEASED = "released", "Released"


class Reservation(models.Model):
    """Units held for a checkout until it is paid or the hold expires."""

    stock_level = models.ForeignKey(StockLevel, on_delete=models.PROTECT, related_name="reservations")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="reservations")
    quantity = models.PositiveIntegerField()
    reference = models.CharField(max_length=40, db_index=True, help_text="The order number holding the stock")
    status = models.CharField(max_length=10, choices=ReservationStatus.choices, default=ReservationStatus.HELD)
    expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="inventory_reservation_qty_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id} for {self.reference} ({self.status})"
