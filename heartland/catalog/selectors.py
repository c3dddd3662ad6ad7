"""Reads for the catalog (portal lists, dashboards)."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from heartland.merchants.models import Merchant, MerchantStatus

from .models import ImportJob, Product, ProductStatus, Variant

# What a shopper may see: a published product of an approved merchant.
VISIBLE = Q(status=ProductStatus.ACTIVE, merchant__status=MerchantStatus.APPROVED)


def visible_variant_ids(variant_ids) -> set[int]:
    """Those of ``variant_ids`` a shopper may still buy (published, merchant approved)."""
    return set(Variant.objects.filter(pk__in=list(variant_ids), product__in=Product.objects.filter(VISIBLE))
               .values_list("pk", flat=True))


def products_for_merchant(*, merchant: Merchant, query: str = "", status: str = "") -> QuerySet[Product]:
    qs = Product.objects.filter(merchant=merchant).select_related("category")
    if status:
        qs = qs.filter(status=status)
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(title_en__icontains=query) | Q(title_zh_hans__icontains=query) | Q(handle__icontains=query)
            | Q(tags__icontains=query) | Q(variants__sku__iexact=query)
        ).distinct()
    return qs.annotate(variant_count=Count("variants", distinct=True),
                       stock=Sum("variants__stock_levels__on_hand")).order_by("-updated_at", "-id")


def catalog_counts(*, merchant: Merchant) -> dict[str, int]:
    rows = Product.objects.filter(merchant=merchant).values("status").annotate(n=Count("id"))
    counts = {"active": 0, "draft": 0, "archived": 0}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def product_for_merchant(*, merchant: Merchant, pk: int) -> Product:
    return get_object_or_404(Product.objects.filter(merchant=merchant), pk=pk)


def import_jobs_for_merchant(*, merchant: Merchant) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(merchant=merchant).order_by("-created_at", "-id")
