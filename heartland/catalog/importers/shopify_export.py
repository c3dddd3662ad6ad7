"""Shopify product CSV export, with Heartland's extra columns; export → import is a no-op."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from typing import IO

from django.db.models import Prefetch, Sum

from heartland.merchants.models import Merchant

from ..models import Product, ProductImage, Variant
from .shopify_format import COLUMNS

CHUNK = 500


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _grams(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value else "0"
    return text


def _bool(value: bool) -> str:
    return "TRUE" if value else "FALSE"


def export_rows(*, merchant: Merchant) -> Iterator[list[str]]:
    """Rows (header first) for every product of `merchant`, streamed in chunks of products."""
    keys = list(COLUMNS)
    yield list(COLUMNS.values())
    last_id = 0
    while True:
        chunk = list(
            Product.objects.filter(merchant=merchant, pk__gt=last_id)
            .order_by("pk")
            .prefetch_related(
                Prefetch("variants", queryset=Variant.objects.order_by("position", "pk").annotate(stock=Sum("stock_levels__on_hand"))),
                Prefetch("images", queryset=ProductImage.objects.exclude(src_url="").order_by("position", "pk")),
            )[:CHUNK]
        )
        if not chunk:
            return
        last_id = chunk[-1].pk
        for product in chunk:
            yield from _product_rows(product, keys)


def _product_rows(product: Product, keys: list[str]) -> Iterator[list[str]]:
    variants = list(product.variants.all())
    images = list(product.images.all())
    first_tax = variants[0].tax_category if variants else ""
    count = max(len(variants), len(images), 1)
    for i in range(count):
        row = dict.fromkeys(keys, "")
        row["handle"] = product.handle
        if i == 0:
            row.update(
                title=product.title_en, body=product.description_en, vendor=product.vendor,
                product_category=product.shopify_category, type=product.shopify_type, tags=product.tags,
                published=_bool(product.status == "active"), status=product.status,
                option1_name=product.option1_name, option2_name=product.option2_name,
                option3_name=product.option3_name, seo_title=product.seo_title,
                seo_description=product.seo_description, title_zh=product.title_zh_hans,
                body_zh=product.description_zh_hans, origin_state=product.origin_state, tax_category=first_tax,
            )
        if i < len(variants):
            v = variants[i]
            row.update(
                option1=v.option1, option2=v.option2, option3=v.option3, sku=v.sku, grams=_grams(v.grams),
                inventory_tracker="shopify", inventory_qty=str(v.stock or 0), inventory_policy="deny",
                fulfillment_service="manual", price=_money(v.price_usd), compare_at=_money(v.compare_at_price_usd),
                requires_shipping=_bool(v.requires_shipping), taxable=_bool(v.taxable), barcode=v.barcode,
                variant_image=v.image_src, weight_unit=v.weight_unit, hs_code=v.hs_code,
                unit_measure=_grams(v.unit_content) if v.unit_content is not None else "",
                unit_measure_unit={"piece": "item"}.get(v.unit_content_uom, v.unit_content_uom),
                country=v.country_of_origin, tax_category=v.tax_category,
            )
        if i < len(images):
            img = images[i]
            row.update(image_src=img.src_url, image_position=str(img.position), image_alt=img.alt_text)
        yield [row[k] for k in keys]


def export_shopify_csv(*, merchant: Merchant, out: IO[str]) -> int:
    """Write the CSV to a text stream; returns the number of data rows written."""
    writer = csv.writer(out, lineterminator="\n")
    n = -1
    for n, row in enumerate(export_rows(merchant=merchant)):
        writer.writerow(row)
    return n
