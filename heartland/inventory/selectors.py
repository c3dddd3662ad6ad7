from __future__ import annotations

from django.db.models import Sum

from .models import StockLevel


def stock_by_variant(*, variant_ids) -> dict[int, int]:
    """{variant_id: units available (on hand − reserved) across warehouses}."""
    rows = (
        StockLevel.objects.filter(variant_id__in=list(variant_ids))
        .values("variant_id")
        .annotate(on_hand=Sum("on_hand"), reserved=Sum("reserved"))
    )
    return {r["variant_id"]: (r["on_hand"] or 0) - (r["reserved"] or 0) for r in rows}


def reserved_by_variant(*, warehouse_id: int, variant_ids) -> dict[int, int]:
    """{variant_id: units held for buyers' checkouts} in one warehouse (variants with none left out)."""
    return dict(StockLevel.objects.filter(warehouse_id=warehouse_id, variant_id__in=list(variant_ids), reserved__gt=0)
                .values_list("variant_id", "reserved"))
