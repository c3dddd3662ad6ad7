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
