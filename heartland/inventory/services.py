"""The only place that changes stock."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from heartland.core.bulk import insert_rows
from heartland.core.errors import DomainError
from heartland.merchants.models import Merchant

from .models import Reservation, ReservationStatus, StockLevel, Warehouse, WarehouseKind
from .selectors import stock_by_variant

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


def _below_reserved(reserved: int) -> DomainError:
    return DomainError("below_reserved",
                       f"{reserved} units are reserved for buyers' checkouts; stock cannot go below that.")


@transaction.atomic
def set_stock(*, variant, warehouse: Warehouse, on_hand: int) -> StockLevel:
    """Set the counted quantity on hand. Never below what is already reserved for buyers."""
    on_hand = _check_quantity(on_hand)
    if warehouse.merchant_id != variant.merchant_id:
        raise DomainError("wrong_warehouse", "That warehouse belongs to another merchant.")
    level, _ = StockLevel.objects.select_for_update().get_or_create(variant=variant, warehouse=warehouse)
    if on_hand < level.reserved:
        raise _below_reserved(level.reserved)
    if level.on_hand != on_hand:
        level.on_hand = on_hand
        level.save(update_fields=["on_hand", "updated_at"])
    return level


@transaction.atomic
def set_stock_many(*, warehouse: Warehouse, quantities: dict[int, int]) -> int:
    """``set_stock`` for many variants of one warehouse (the importer): {variant_id: on_hand}.

    The same rules — a whole number from 0 to MAX_STOCK, a variant of the warehouse's own
    merchant, never below the units reserved for buyers — all or nothing: the first variant
    that breaks one raises DomainError and nothing is written. Two reads, one multi-row INSERT
    per chunk for new rows, one bulk UPDATE for changed ones. Returns the rows written.
    """
    if not quantities:
        return 0
    for qty in quantities.values():
        _check_quantity(qty)
    ids = list(quantities)
    variants = StockLevel._meta.get_field("variant").related_model.objects  # catalog's, by its foreign key
    foreign = variants.filter(pk__in=ids).exclude(merchant_id=warehouse.merchant_id).values_list("pk", flat=True)
    if foreign[:1]:
        raise DomainError("wrong_warehouse", "That warehouse belongs to another merchant.")
    existing = {lvl.variant_id: lvl for lvl in
                StockLevel.objects.select_for_update().filter(warehouse=warehouse, variant_id__in=ids)}
    now = timezone.now()
    to_create, to_update = [], []
    for variant_id, qty in quantities.items():
        level = existing.get(variant_id)
        if level is None:
            to_create.append({"variant_id": variant_id, "warehouse_id": warehouse.pk, "on_hand": qty})
        elif level.on_hand != qty:
            if qty < level.reserved:
                raise _below_reserved(level.reserved)
            level.on_hand, level.updated_at = qty, now
            to_update.append(level)
    insert_rows(StockLevel, to_create, returning=False)
    StockLevel.objects.bulk_update(to_update, ["on_hand", "updated_at"], batch_size=500)
    return len(to_create) + len(to_update)


def stock_new_variants(*, levels: list[tuple[int, int, int]]) -> int:
    """The first stock of variants created in the caller's transaction (the importer's new rows,
    ``seed_bulk``): (variant_id, warehouse_id, on_hand) each, one multi-row INSERT per chunk and
    no read — a new variant has no stock row and nothing reserved yet. Quantities obey
    ``set_stock``'s rules; the caller created both the variant and its merchant's warehouse."""
    for _, _, qty in levels:
        _check_quantity(qty)
    insert_rows(StockLevel, [{"variant_id": v, "warehouse_id": w, "on_hand": q} for v, w, q in levels],
                returning=False)
    return len(levels)


# --- reservations ------------------------------------------------------------------------
class SoldOut(DomainError):
    def __init__(self, variant, available: int) -> None:
        super().__init__("sold_out", f"Only {max(available, 0)} left of {variant}." if available > 0
                         else f"{variant} is sold out.")
        self.variant = variant
        self.available = max(available, 0)


def reserve(*, reference: str, lines: list[tuple["Variant", int]], minutes: int | None = None) -> list[Reservation]:  # noqa: F821
    """Hold stock for every line, all or nothing (call inside the checkout's transaction).

    Never oversells: each hold is one conditional UPDATE (`on_hand - reserved >= qty`), which
    row-locks on PostgreSQL and runs under SQLite's write lock; if any line cannot be held,
    SoldOut is raised and the caller's transaction rolls every hold back.
    """
    expires = timezone.now() + timedelta(minutes=minutes or settings.HEARTLAND_RESERVATION_MINUTES)
    held = []
    if any(qty <= 0 for _, qty in lines):
        raise DomainError("quantity", "Quantities must be at least 1.")
    levels: dict[int, list[int]] = {}  # each variant's stock rows, default warehouse first
    for variant_id, level_id in (StockLevel.objects.filter(variant__in=[v.pk for v, _ in lines])
                                 .order_by("-warehouse__is_default", "warehouse_id")
                                 .values_list("variant_id", "pk")):
        levels.setdefault(variant_id, []).append(level_id)
    for variant, qty in lines:
        taken = None
        for level_id in levels.get(variant.pk, ()):
            updated = StockLevel.objects.filter(pk=level_id, on_hand__gte=F("reserved") + qty).update(
                reserved=F("reserved") + qty)
            if updated:
                taken = level_id
                break
        if taken is None:
            raise SoldOut(variant, stock_by_variant(variant_ids=[variant.pk]).get(variant.pk, 0))
        held.append(Reservation(stock_level_id=taken, variant=variant, quantity=qty, reference=reference,
                                expires_at=expires))
    Reservation.objects.bulk_create(held)
    return held


def _close(reference: str, *, to: str) -> int:
    qs = Reservation.objects.select_for_update().filter(reference=reference, status=ReservationStatus.HELD)
    n = 0
    for r in qs:
        if to == ReservationStatus.CONVERTED:
            StockLevel.objects.filter(pk=r.stock_level_id).update(on_hand=F("on_hand") - r.quantity,
                                                                  reserved=F("reserved") - r.quantity)
        else:
            StockLevel.objects.filter(pk=r.stock_level_id).update(reserved=F("reserved") - r.quantity)
        r.status, r.closed_at = to, timezone.now()
        r.save(update_fields=["status", "closed_at"])
        n += 1
    return n


@transaction.atomic
def convert_reservations(*, reference: str) -> int:
    """Payment arrived: the held units leave stock for good."""
    return _close(reference, to=ReservationStatus.CONVERTED)


@transaction.atomic
def release_reservations(*, reference: str) -> int:

    return _close(reference, to=ReservationStatus.RELEASED)


def return_converted(*, reference: str, merchant_id: int | None = None) -> None:
    """Paid (converted) units go back on the shelf when an order, or one merchant's part of
    it, is cancelled before it ships. Call inside the caller's transaction."""


    converted = Reservation.objects.filter(reference=reference, status=ReservationStatus.CONVERTED)
    if merchant_id is not None:
        converted = converted.filter(variant__merchant_id=merchant_id)
    for r in converted.select_for_update():
        StockLevel.objects.filter(pk=r.stock_level_id).update(on_hand=F("on_hand") + r.quantity)
        r.status = ReservationStatus.RELEASED
        r.save(update_fields=["status"])


def expired_references(limit: int = 500) -> list[str]:
    return list(Reservation.objects.filter(status=ReservationStatus.HELD, expires_at__lte=timezone.now())
                .values_list("reference", flat=True).distinct()[:limit])
