"""Reads for the storefront: only what a shopper may see."""
from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from heartland.catalog.models import Category, Product, ProductImage, ProductStatus, Variant
from heartland.catalog.selectors import VISIBLE
from heartland.merchants.models import Merchant, MerchantStatus


def product_for_page(*, merchant_slug: str, handle: str) -> Product:
    """A published product of an approved merchant, or 404 (drafts and archived never show)."""
    qs = Product.objects.filter(VISIBLE, merchant__slug=merchant_slug).select_related("merchant", "category",
                                                                                     "category__parent")
    qs = qs.prefetch_related(
        Prefetch("variants", queryset=Variant.objects.order_by("position", "pk").prefetch_related("stock_levels")),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")),
    )
    return get_object_or_404(qs, handle=handle)


def merchant_for_page(*, slug: str) -> Merchant:
    return get_object_or_404(Merchant.objects.filter(status=MerchantStatus.APPROVED), slug=slug)


def top_categories() -> list[Category]:
    return list(Category.objects.filter(parent__isnull=True).order_by("position"))


def featured_merchants(limit: int = 8) -> list[Merchant]:
    return list(
        Merchant.objects.filter(status=MerchantStatus.APPROVED)
        .annotate(n=Count("products", filter=Q(products__status=ProductStatus.ACTIVE)))
        .filter(n__gt=0).order_by("-n", "trading_name")[:limit]
    )


def products_by_ids(ids: list[int]) -> dict[int, Product]:
    qs = Product.objects.filter(pk__in=ids).select_related("merchant").prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk")),
        Prefetch("variants", queryset=Variant.objects.order_by("price_usd", "pk")),
    )
    return {p.pk: p for p in qs}
