"""The only place that changes stock."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from heartland.core.bulk import insert_rows
from heartland.core.errors import DomainError
from heartland.merchants.models import Merchant

from .models import Reservation, ReservationStatus, StockLevel, Warehouse, WarehouseKind
from .selectors import stock_by_variant
from .signals import stock_held

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


def _wrong_warehouse() -> DomainError:
    return DomainError("wrong_warehouse", "That warehouse belongs to another merchant.")


def _below_reserved(reserved: int) -> DomainError:
    return DomainError("below_reserved",
                       f"{reserved} units are reserved for buyers' checkouts; stock cannot go below that.")


@transaction.atomic
def set_stock(*, variant, warehouse: Warehouse, on_hand: int) -> StockLevel:
    """Set the counted quantity on hand. Never below what is already reserved for buyers."""
    on_hand = _check_quantity(on_hand)
    if warehouse.merchant_id != variant.merchant_id:
        raise _wrong_warehouse()
    level, _ = StockLevel.objects.select_for_update().get_or_create(variant=variant, warehouse=warehouse)
    if on_hand < level.reserved:
        raise _below_reserved(level.reserved)
    if level.on_hand != on_hand:
        level.on_hand = on_hand
        level.save(update_fields=["on_hand", "updated_at"])
    return level


def restock_returned(*, merchant: Merchant, items: Iterable[tuple[object, int]]) -> list[StockLevel]:
    """Units a buyer sent back that the merchant can sell again go back on the shelf of its default
    warehouse: (variant, units) pairs, each a whole number from 1, the merchant's own variants,
    never past the stock ceiling. All or none; call inside the caller's transaction (the return's
    own, which makes it happen once)."""
    items = [(variant, units) for variant, units in items if units]
    if not items:
        return []
    with transaction.atomic():
        warehouse = ensure_default_warehouse(merchant=merchant)
        levels = []
        for variant, units in items:
            _check_quantity(units)
            if variant.merchant_id != merchant.pk:
                raise _wrong_warehouse()
            level, _ = StockLevel.objects.select_for_update().get_or_create(variant=variant, warehouse=warehouse)
            if level.on_hand + units > MAX_STOCK:
                raise DomainError("stock_range", f"Stock must be between 0 and {MAX_STOCK:,}.")
            level.on_hand += units
            level.save(update_fields=["on_hand", "updated_at"])
            levels.append(level)
    return levels


class Counted(Protocol):
    """A variant as stock sees it: the catalog's ``Variant``, or any row with its id and merchant
    (the importer's variants inserted moments ago)."""

    pk: int
    merchant_id: int


class StockRefused(DomainError):
    """``set_stock_many`` wrote nothing: ``refused`` maps the id of every variant whose count
    broke a rule to that rule's error (the same code and message ``set_stock`` raises)."""

    def __init__(self, refused: dict[int, DomainError]) -> None:
        first = next(iter(refused.values()))
        super().__init__(first.code, first.message)
        self.refused = refused


@transaction.atomic
def set_stock_many(*, warehouse: Warehouse, counts: Iterable[tuple[Counted, int]]) -> list[int]:
    """``set_stock`` for many variants of one warehouse: (variant, on_hand) pairs (the importer).

    The same rules — a whole number from 0 to MAX_STOCK, a variant of the warehouse's own
    merchant, never below the units reserved for buyers — all or nothing: if any count breaks
    one, StockRefused names every such variant and nothing is written. One read (this
    warehouse's rows of these variants, locked as ``set_stock`` locks them), one multi-row
    INSERT per chunk for new rows, one bulk UPDATE for changed ones. A variant given twice
    gets its last count. Returns the ids of the variants whose count was written.
    """
    wanted: dict[int, int] = {}
    refused: dict[int, DomainError] = {}
    for variant, on_hand in counts:
        try:
            wanted[variant.pk] = _check_quantity(on_hand)
            if variant.merchant_id != warehouse.merchant_id:
                raise _wrong_warehouse()
        except DomainError as exc:
            refused[variant.pk] = exc
    if refused:
        raise StockRefused(refused)
    if not wanted:
        return []
    existing = {level.variant_id: level for level in
                StockLevel.objects.select_for_update().filter(warehouse=warehouse, variant_id__in=list(wanted))}
    now = timezone.now()
    to_create: list[dict[str, int]] = []
    to_update: list[StockLevel] = []
    for variant_id, on_hand in wanted.items():
        level = existing.get(variant_id)
        if level is None:
            to_create.append({"variant_id": variant_id, "warehouse_id": warehouse.pk, "on_hand": on_hand})
        elif level.on_hand != on_hand:
            if on_hand < level.reserved:
                refused[variant_id] = _below_reserved(level.reserved)
            level.on_hand, level.updated_at = on_hand, now
            to_update.append(level)
    if refused:
        raise StockRefused(refused)
    insert_rows(StockLevel, to_create, returning=False)
    StockLevel.objects.bulk_update(to_update, ["on_hand", "updated_at"], batch_size=500)
    return [row["variant_id"] for row in to_create] + [level.variant_id for level in to_update]


def stock_new_variants(*, levels: list[tuple[int, int, int]]) -> int:
    """The bulk-seed form (``seed_bulk``): the first stock of variants created in the caller's
    transaction, as (variant_id, warehouse_id, on_hand), one multi-row INSERT per chunk and no
    read — a new variant has no stock row and nothing reserved yet. Quantities obey
    ``set_stock``'s rules (DomainError, nothing written); the caller created each variant and
    its merchant's warehouse, so they belong together."""
    for _, _, on_hand in levels:
        _check_quantity(on_hand)
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
    deltas: dict[int, int] = {}
    for r in held:
        deltas[r.variant_id] = deltas.get(r.variant_id, 0) - r.quantity
    stock_held.send(sender=Reservation, deltas=deltas)
    return held


def _close(reference: str, *, to: str) -> int:
    """Close the reference's held reservations (locked): each one's units leave its stock row
    (converted: one UPDATE then closes them all — available stock does not change) or go back
    to it (released: each saved, so its post_save tells the page cache a variant came back)."""
    held = list(Reservation.objects.select_for_update().filter(reference=reference, status=ReservationStatus.HELD)
                .order_by("pk"))
    now = timezone.now()
    for r in held:
        if to == ReservationStatus.CONVERTED:
            StockLevel.objects.filter(pk=r.stock_level_id).update(on_hand=F("on_hand") - r.quantity,
                                                                  reserved=F("reserved") - r.quantity)
        else:
            StockLevel.objects.filter(pk=r.stock_level_id).update(reserved=F("reserved") - r.quantity)
            r.status, r.closed_at = to, now
            r.save(update_fields=["status", "closed_at"])
    if held and to == ReservationStatus.CONVERTED:
        Reservation.objects.filter(pk__in=[r.pk for r in held]).update(status=to, closed_at=now)
    return len(held)


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
