"""Reads for the storefront: only what a shopper may see."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
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


FEATURED_KEY = "storefront:featured-farms:v1"
FEATURED_SECONDS = 600


def featured_merchants(limit: int = 8) -> list[Merchant]:
    """Approved farms with the most products on sale. Counting every product is a scan of the
    catalogue (tens of ms at 100,000 products), so the ranking — farm ids only — is kept for
    ``FEATURED_SECONDS`` in the shared cache; the farms themselves are read on every call, so a
    farm suspended or renamed shows at once. Only the order may be up to 10 minutes old."""
    ranked = cache.get(FEATURED_KEY)
    if ranked is None:
        ranked = list(
            Merchant.objects.filter(status=MerchantStatus.APPROVED)
            .annotate(n=Count("products", filter=Q(products__status=ProductStatus.ACTIVE)))
            .filter(n__gt=0).order_by("-n", "trading_name").values_list("id", flat=True)[:limit * 2]
        )
        cache.set(FEATURED_KEY, ranked, FEATURED_SECONDS)
    found = {m.pk: m for m in Merchant.objects.filter(pk__in=ranked, status=MerchantStatus.APPROVED)}
    return [found[pk] for pk in ranked if pk in found][:limit]


@dataclass(frozen=True)
class CardProduct:
    """What a product card shows: the product (with its merchant), its first image and its variants
    (cheapest first: price, position, id — the one `price_for` prices a product at)."""

    product: Product
    image: ProductImage | None
    variants: tuple[Variant, ...]

    @property
    def cheapest(self) -> Variant | None:
        return self.variants[0] if self.variants else None


def products_for_cards(ids: list[int]) -> dict[int, CardProduct]:
    """The products of a page of cards, in three queries whatever their number (products with their
    merchant, their images, their variants), grouped here rather than by prefetch_related."""
    if not ids:
        return {}
    products = {p.pk: p for p in Product.objects.filter(pk__in=ids).select_related("merchant")}
    images: dict[int, ProductImage] = {}
    for image in ProductImage.objects.filter(product_id__in=products).order_by("product_id", "position", "pk"):
        images.setdefault(image.product_id, image)
    variants: dict[int, list[Variant]] = {}
    for variant in Variant.objects.filter(product_id__in=products).order_by("price_usd", "position", "pk"):
        variants.setdefault(variant.product_id, []).append(variant)
    return {pk: CardProduct(product=p, image=images.get(pk), variants=tuple(variants.get(pk, ()))) for pk, p in
            products.items()}
