"""The only place that changes stock."""
from __future__ import annotations

from django.db import transaction

from heartland.core.errors import DomainError
from heartland.merchants.models import Merchant

from .models import StockLevel, Warehouse, WarehouseKind

MAX_STOCK = 10_000_000


def ensure_default_warehouse(*, merchant: Merchant) -> Warehouse:
    warehouse = Warehouse.objects.filter(merchant=merchant, is_default=True).first()
    if warehouse is None:
        warehouse, _ = Warehouse.objects.get_or_create(
            merchant=merchant, code="main",
            defaults={"name": f"{merchant.trading_name} — {merchant.state}", "kind": WarehouseKind.US, "is_default": True},
        )
    return warehouse


def _check_quantity(on_hand: int) -> int:
    if isinstance(on_hand, bool) or not isinstance(on_hand, int):
        raise DomainError("stock_invalid", "Stock must be a whole number.")
    if on_hand < 0 or on_hand > MAX_STOCK:
        raise DomainError("stock_range", f"Stock must be between 0 and {MAX_STOCK:,}.")
    return on_hand


@transaction.atomic
def set_stock(*, variant, warehouse: Warehouse, on_hand: int) -> StockLevel:
    """Set the counted quantity on hand. Never below what is already reserved for buyers."""
    on_hand = _check_quantity(on_hand)
    if warehouse.merchant_id != variant.merchant_id:
        raise DomainError("wrong_warehouse", "That warehouse belongs to another merchant.")
    level, _ = StockLevel.objects.select_for_update().get_or_create(variant=variant, warehouse=warehouse)
    if on_hand < level.reserved:
        raise DomainError(
            "below_reserved",
            f"{level.reserved} units are reserved for buyers' checkouts; stock cannot go below that.",
        )
    if level.on_hand != on_hand:
        level.on_hand = on_hand
        level.save(update_fields=["on_hand", "updated_at"])
    return level


def set_stock_many(*, warehouse: Warehouse, quantities: dict[int, int]) -> int:
    """Bulk form of set_stock for the importer: {variant_id: on_hand}. Returns rows changed.

    Quantities below what is reserved are raised to the reserved amount's floor by
    refusing the row: callers validate first; here the database constraint is the guard.
    """
    if not quantities:
        return 0
    existing = {
        lvl.variant_id: lvl
        for lvl in StockLevel.objects.filter(warehouse=warehouse, variant_id__in=list(quantities))
    }
    to_create, to_update = [], []
    for variant_id, qty in quantities.items():
        qty = _check_quantity(qty)
        level = existing.get(variant_id)
        if level is None:
            to_create.append(StockLevel(variant_id=variant_id, warehouse=warehouse, on_hand=qty))
        elif level.on_hand != qty:
            if qty < level.reserved:
                raise DomainError("below_reserved", f"{level.reserved} units are reserved; stock cannot go below that.")
            level.on_hand = qty
            to_update.append(level)
    StockLevel.objects.bulk_create(to_create, batch_size=500)
    StockLevel.objects.bulk_update(to_update, ["on_hand"], batch_size=500)
    return len(to_create) + len(to_update)
